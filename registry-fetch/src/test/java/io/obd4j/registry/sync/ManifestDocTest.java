package io.obd4j.registry.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.obd4j.registry.Digest;
import io.obd4j.registry.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing OCI/Docker manifests and the --os/--arch selection of index children. */
class ManifestDocTest {
    private static String d(int n) {
        return "sha256:" + String.format("%064x", n);
    }

    private static String child(int n, String os, String arch, String variant) {
        return "{\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"digest\":\"" + d(n) + "\",\"size\":" + n
                + ",\"platform\":{\"os\":\"" + os + "\",\"architecture\":\"" + arch + "\""
                + (variant == null ? "" : ",\"variant\":\"" + variant + "\"") + "}}";
    }

    private static final String LIST = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST_LIST
            + "\",\"manifests\":[" + child(1, "linux", "amd64", null) + "," + child(2, "linux", "arm64", "v8") + ","
            + child(3, "linux", "arm", "v7") + "," + child(4, "windows", "amd64", null) + "],\"x-extra\":{\"k\":1}}";

    private static ManifestDoc parse(String contentType, String json) throws Exception {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return ManifestDoc.parse(contentType, b, Digest.sha256(b), "test");
    }

    private static List<String> arches(ManifestDoc doc) {
        return doc.children().stream().map(c -> c.os() + "/" + c.architecture()
                + (c.variant() == null ? "" : "/" + c.variant())).toList();
    }

    @Test
    void filtersByOsArchAndVariant() throws Exception {
        ManifestDoc list = parse(MediaTypes.DOCKER_MANIFEST_LIST, LIST);
        assertThat(list.isIndex()).isTrue();
        assertThat(arches(list.select(new PlatformFilter(List.of("linux"), List.of()))))
                .containsExactly("linux/amd64", "linux/arm64/v8", "linux/arm/v7");
        assertThat(arches(list.select(new PlatformFilter(List.of(), List.of("amd64")))))
                .containsExactly("linux/amd64", "windows/amd64");
        assertThat(arches(list.select(new PlatformFilter(List.of("linux"), List.of("arm64/v8", "arm/v6")))))
                .containsExactly("linux/arm64/v8");
        assertThat(arches(list.select(new PlatformFilter(List.of(), List.of("ARM")))))
                .as("a bare arch matches every variant, case-insensitively").containsExactly("linux/arm/v7");
        assertThat(list.select(new PlatformFilter(List.of("darwin"), List.of()))).isNull();
    }

    @Test
    void allKeptIsTheSameBytesElseANewIndexWithOnlyTheSelectedChildren() throws Exception {
        ManifestDoc list = parse(MediaTypes.DOCKER_MANIFEST_LIST, LIST);
        assertThat(list.select(PlatformFilter.ALL)).isSameAs(list);
        assertThat(list.select(new PlatformFilter(List.of("linux", "windows"), List.of()))).isSameAs(list);
        ManifestDoc arm = list.select(new PlatformFilter(List.of("linux"), List.of("arm64", "arm")));
        assertThat(arm.digest()).isEqualTo(Digest.sha256(arm.bytes())).isNotEqualTo(list.digest());
        assertThat(arm.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        var tree = new ObjectMapper().readTree(arm.bytes());
        assertThat(tree.get("manifests")).hasSize(2);
        assertThat(tree.get("manifests").get(0).get("digest").asText()).isEqualTo(d(2));
        assertThat(tree.get("x-extra").get("k").asInt()).as("other fields kept").isEqualTo(1);
        assertThat(ManifestDoc.parse(MediaTypes.DOCKER_MANIFEST_LIST, arm.bytes(), arm.digest(), "re-read")
                .children()).hasSize(2);
    }

    @Test
    void imageManifestListsConfigAndLayersButNotForeignOnes() throws Exception {
        String m = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\""
                + d(9) + "\",\"size\":9},\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER + "\",\"digest\":\""
                + d(10) + "\",\"size\":10},{\"mediaType\":\"application/vnd.docker.image.rootfs.foreign.diff.tar"
                + ".gzip\",\"digest\":\"" + d(11) + "\",\"size\":11,\"urls\":[\"https://x\"]}]}";
        ManifestDoc doc = parse("application/octet-stream", m);
        assertThat(doc.isIndex()).isFalse();
        assertThat(doc.mediaType()).as("OCI allows no mediaType: told by shape").isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(doc.blobs()).extracting(b -> b.digest().toString()).containsExactly(d(9), d(10));
        assertThat(doc.select(new PlatformFilter(List.of("linux"), List.of()))).isSameAs(doc);
    }

    @Test
    void badManifestsAreRefusedWithTheField() {
        assertThatThrownBy(() -> parse("", "{\"schemaVersion\":1,\"mediaType\":\"application/vnd.docker."
                + "distribution.manifest.v1+prettyjws\"}")).hasMessageContaining("unsupported manifest media type");
        assertThatThrownBy(() -> parse(MediaTypes.OCI_MANIFEST, "{\"config\":{\"digest\":\"" + d(1)
                + "\",\"size\":-1},\"layers\":[]}")).hasMessageContaining("config.size must be a non-negative");
        assertThatThrownBy(() -> parse(MediaTypes.OCI_INDEX, "{\"manifests\":[{\"digest\":\"md5:00\",\"size\":1}]}"))
                .hasMessageContaining("manifests[0].digest");
        assertThatThrownBy(() -> parse(MediaTypes.OCI_INDEX, "[1]")).hasMessageContaining("not a JSON object");
    }
}
