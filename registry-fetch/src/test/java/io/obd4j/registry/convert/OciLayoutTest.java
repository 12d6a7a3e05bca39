package io.obd4j.registry.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.registry.Digest;
import io.obd4j.registry.MediaTypes;
import io.obd4j.registry.RegistryException;
import io.obd4j.registry.sync.ManifestDoc;
import io.obd4j.registry.sync.PlatformFilter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {
    @TempDir
    Path dir;

    static OciImageFixture image(String content) {
        return new OciImageFixture(List.of(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refsParseDirectoryAndOptionalTag() {
        OciLayout.Ref tagged = OciLayout.Ref.parse("oci:/tmp/x:v1");
        assertThat(tagged.layout().dir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(tagged.tag()).isEqualTo("v1");
        assertThat(OciLayout.Ref.parse("oci:/tmp/x").tag()).isNull();
        assertThat(OciLayout.Ref.parse("oci:rel/dir").layout().dir()).isEqualTo(Path.of("rel/dir"));
    }

    @Test
    void taggedImageIsReadBackWithItsBlobs() throws Exception {
        OciImageFixture a = image("layer a");
        a.writeLayout(dir, "a");
        image("layer b").writeLayout(dir, "b");
        OciLayoutSource src = new OciLayoutSource(new OciLayout(dir), "a");
        ManifestDoc m = src.top();
        assertThat(m.digest()).isEqualTo(a.manifestDigest());
        assertThat(m.layers()).hasSize(1);
        try (InputStream in = src.openBlob(m.layers().get(0))) {
            assertThat(in.readAllBytes()).isEqualTo(a.blob(a.layers().get(0)));
        }
        SelectedImage sel = SelectedImage.resolve(src, PlatformFilter.ALL);
        assertThat(sel.diffIds()).containsExactly(Digest.sha256("layer a".getBytes(StandardCharsets.UTF_8)));
        assertThat(sel.createdEpochSeconds()).isEqualTo(1714557600L);
    }

    @Test
    void untaggedSourceNeedsExactlyOneImage() throws Exception {
        image("a").writeLayout(dir, "a");
        assertThat(new OciLayoutSource(new OciLayout(dir), null).top().layers()).hasSize(1);
        image("b").writeLayout(dir, "b");
        assertThatThrownBy(() -> new OciLayoutSource(new OciLayout(dir), null).top())
                .isInstanceOf(RegistryException.class).hasMessageContaining("2 entries")
                .hasMessageContaining("oci:DIR:TAG");
        assertThatThrownBy(() -> new OciLayoutSource(new OciLayout(dir), "c").top())
                .hasMessageContaining("0 entries tagged 'c'");
    }

    @Test
    void retaggingReplacesTheIndexEntry() throws Exception {
        image("a").writeLayout(dir, "t");
        OciImageFixture b = image("b");
        b.writeLayout(dir, "t");
        assertThat(new OciLayout(dir).index().get("manifests")).hasSize(1);
        assertThat(new OciLayoutSource(new OciLayout(dir), "t").top().digest()).isEqualTo(b.manifestDigest());
    }

    @Test
    void indexPicksThePlatformAndRefusesAmbiguity() throws Exception {
        OciImageFixture amd = image("amd64 layer");
        amd.writeLayout(dir, "amd");
        OciImageFixture arm = image("arm64 layer");
        arm.writeLayout(dir, "arm");
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + child(dir, amd, "amd64") + "," + child(dir, arm, "arm64") + "]}";
        new OciLayout(dir).putManifest(MediaTypes.OCI_INDEX, index.getBytes(StandardCharsets.UTF_8), "multi");
        OciLayoutSource src = new OciLayoutSource(new OciLayout(dir), "multi");
        assertThat(SelectedImage.resolve(src, new PlatformFilter(List.of("linux"), List.of("arm64"))).manifest()
                .digest()).isEqualTo(arm.manifestDigest());
        assertThatThrownBy(() -> SelectedImage.resolve(src, PlatformFilter.ALL))
                .hasMessageContaining("2 of the 2 images of the index match");
    }

    private static String child(Path dir, OciImageFixture img, String arch) throws Exception {
        long size = Files.size(new OciLayout(dir).blob(img.manifestDigest()));
        return "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + img.manifestDigest()
                + "\",\"size\":" + size + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"" + arch + "\"}}";
    }

    @Test
    void corruptBlobsAreRefused() throws Exception {
        OciImageFixture a = image("a");
        a.writeLayout(dir, "a");
        Path cfg = new OciLayout(dir).blob(new OciLayoutSource(new OciLayout(dir), "a").top().config().digest());
        Files.writeString(cfg, "{\"tampered\":1}");
        assertThatThrownBy(() -> SelectedImage.resolve(new OciLayoutSource(new OciLayout(dir), "a"),
                PlatformFilter.ALL)).hasMessageContaining("config blob does not match its descriptor");
    }
}
