package io.obd4j.registry.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import io.obd4j.core.format.BlobUnwrapper;
import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.format.lsmt.LsmtReader;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.testing.TarBuilder;
import io.obd4j.registry.Digest;
import io.obd4j.registry.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageConverter} from one OCI layout to another with the real ext4 writer: blob wrapping and uuids as the
 * convertor makes them, every layer compression, reproducible output, and the errors that name a layer.
 */
class ImageConverterTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long VSIZE = 256L << 20;

    @TempDir
    Path dir;

    static List<byte[]> tars() {
        return List.of(new TarBuilder().dir("etc", 0755, 0, 0).file("etc/a", 0644, 0, 0, bytes("one")).build(),
                new TarBuilder().whiteout("etc/a").file("etc/b", 0600, 5, 6, bytes("two"),
                        Map.of("user.k", "v")).build());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    ConvertResult convert(OciImageFixture image, String name, boolean oci) throws Exception {
        image.writeLayout(dir.resolve("src-" + name), "t");
        ConvertOptions options = ConvertOptions.defaults().withVsize(VSIZE).withOci(oci)
                .withWorkDir(dir.resolve("work-" + name));
        return new ImageConverter(options, ConvertListener.NONE).convert(
                new OciLayoutSource(new OciLayout(dir.resolve("src-" + name)), "t"),
                new OciLayoutTarget(new OciLayout(dir.resolve("out-" + name))), "t");
    }

    @Test
    void layersAreTarWrappedZFilesWithChainIdUuids() throws Exception {
        OciImageFixture image = new OciImageFixture(tars());
        ConvertResult r = convert(image, "a", false);
        List<Digest> chain = ChainIds.of(List.of(Digest.sha256(tars().get(0)), Digest.sha256(tars().get(1))));
        assertThat(r.layers()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Path blob = new OciLayout(dir.resolve("out-a")).blob(r.layers().get(i).digest());
            assertThat(blob).hasSize(r.layers().get(i).size());
            assertThat(Digest.sha256(Files.readAllBytes(blob))).isEqualTo(r.layers().get(i).digest());
            BlobUnwrapper.Unwrapped u = BlobUnwrapper.inspect(LocalFileSource.open(blob));
            assertThat(u.tar()).isTrue();
            assertThat(u.zfile()).isTrue();
            try (LsmtLayer layer = LsmtReader.open(u.source(), blob.toString())) {
                assertThat(layer.uuid()).isEqualToIgnoringCase(ChainIds.uuid(chain.get(i)));
                assertThat(layer.parentUuid()).isEqualToIgnoringCase(i == 0 ? "00000000-0000-0000-0000-000000000000"
                        : ChainIds.uuid(chain.get(0)));
                assertThat(layer.virtualSize()).isEqualTo(VSIZE);
            }
        }
        JsonNode config = JSON.readTree(new OciLayout(dir.resolve("out-a")).blob(r.configDigest()).toFile());
        assertThat(config.at("/rootfs/diff_ids/1").asText()).isEqualTo(r.layers().get(1).digest().toString());
        assertThat(config.at("/config/Cmd/0").asText()).isEqualTo("/bin/sh");
        assertThat(JSON.readTree(r.manifest()).get("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    }

    @Test
    void sameImageTwiceGivesTheSameBytes() throws Exception {
        ConvertResult a = convert(new OciImageFixture(tars()), "a", true);
        ConvertResult b = convert(new OciImageFixture(tars()), "b", true);
        assertThat(b.manifestDigest()).isEqualTo(a.manifestDigest());
        assertThat(b.layers()).isEqualTo(a.layers());
        assertThat(JSON.readTree(a.manifest()).at("/layers/0/mediaType").asText()).isEqualTo(MediaTypes.OCI_LAYER);
        try (Stream<Path> s = Files.list(dir.resolve("out-a/blobs/sha256"))) {
            for (Path p : s.toList()) {
                assertThat(dir.resolve("out-b/blobs/sha256").resolve(p.getFileName())).hasSameBinaryContentAs(p);
            }
        }
        assertThat(dir.resolve("work-a")).isEmptyDirectory();
    }

    @Test
    void zstdAndUncompressedLayersAreReadAsWell() throws Exception {
        List<Digest> diffIds = tars().stream().map(Digest::sha256).toList();
        ConvertResult zstd = convert(new OciImageFixture(tars().stream().map(Zstd::compress).toList(), diffIds,
                MediaTypes.OCI_LAYER + "+zstd"), "zstd", false);
        ConvertResult plain = convert(new OciImageFixture(tars(), diffIds, MediaTypes.OCI_LAYER), "plain", false);
        assertThat(zstd.layers()).hasSize(2);
        assertThat(plain.layers()).hasSize(2);
        // The filesystem's uuid comes from the source manifest digest, so only the sizes can be compared.
        assertThat(plain.layers().get(1).size()).isEqualTo(zstd.layers().get(1).size());
    }

    @Test
    void wrongDiffIdNamesTheLayer() throws Exception {
        List<byte[]> gz = tars().stream().map(OciImageFixture::gzip).toList();
        OciImageFixture bad = new OciImageFixture(gz, List.of(Digest.sha256(tars().get(0)),
                Digest.sha256(bytes("not it"))), MediaTypes.OCI_LAYER + "+gzip");
        assertThatThrownBy(() -> convert(bad, "bad", false)).isInstanceOf(LayerConversionException.class)
                .hasMessageContaining("layer 2/2 " + bad.layers().get(1))
                .hasMessageContaining("the config's diff_id is " + Digest.sha256(bytes("not it")));
        assertThat(dir.resolve("work-bad")).isEmptyDirectory();
    }

    @Test
    void truncatedBlobNamesTheLayer() throws Exception {
        OciImageFixture image = new OciImageFixture(tars());
        image.writeLayout(dir.resolve("src-cut"), "t");
        Path blob = new OciLayout(dir.resolve("src-cut")).blob(image.layers().get(0));
        byte[] b = Files.readAllBytes(blob);
        Files.write(blob, java.util.Arrays.copyOf(b, b.length - 9));
        ConvertOptions options = ConvertOptions.defaults().withVsize(VSIZE).withWorkDir(dir.resolve("work-cut"));
        assertThatThrownBy(() -> new ImageConverter(options, ConvertListener.NONE).convert(
                new OciLayoutSource(new OciLayout(dir.resolve("src-cut")), "t"),
                new OciLayoutTarget(new OciLayout(dir.resolve("out-cut"))), "t"))
                .isInstanceOf(LayerConversionException.class)
                .hasMessageContaining("layer 1/2 " + image.layers().get(0));
    }
}
