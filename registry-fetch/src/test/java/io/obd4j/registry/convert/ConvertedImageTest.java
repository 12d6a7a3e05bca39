package io.obd4j.registry.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.obd4j.registry.Digest;
import io.obd4j.registry.MediaTypes;
import io.obd4j.registry.RegistryException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvertedImageTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<ConvertedImage.Layer> LAYERS = List.of(new ConvertedImage.Layer(ChainIdsTest.A, 4608),
            new ConvertedImage.Layer(ChainIdsTest.B, 9216));

    @Test
    void configKeepsEveryFieldAndTakesTheNewLayersAsDiffIds() throws Exception {
        String src = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"A=1\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + "1".repeat(64) + "\"]},"
                + "\"history\":[{\"created_by\":\"x\"}]}";
        byte[] out = new ConvertedImage(false).config(src.getBytes(StandardCharsets.UTF_8), LAYERS);
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(src.replace("[\"sha256:" + "1".repeat(64)
                + "\"]", "[\"" + ChainIdsTest.A + "\",\"" + ChainIdsTest.B + "\"]"));
    }

    @Test
    void dockerManifestCarriesTheSnapshotterAnnotationsOnUncompressedTarLayers() throws Exception {
        Digest config = Digest.sha256("{}".getBytes());
        byte[] m = new ConvertedImage(false).manifest(config, 2, LAYERS, null);
        JsonNode j = JSON.readTree(m);
        assertThat(j.get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(j.get("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(j.at("/config/mediaType").asText()).isEqualTo(MediaTypes.DOCKER_CONFIG);
        assertThat(j.at("/config/digest").asText()).isEqualTo(config.toString());
        JsonNode l1 = j.get("layers").get(1);
        assertThat(l1.get("mediaType").asText()).isEqualTo("application/vnd.docker.image.rootfs.diff.tar");
        assertThat(l1.get("size").asLong()).isEqualTo(9216);
        assertThat(l1.at("/annotations").toString()).isEqualTo("{\"containerd.io/snapshot/overlaybd/blob-digest\":\""
                + ChainIdsTest.B + "\",\"containerd.io/snapshot/overlaybd/blob-size\":\"9216\","
                + "\"containerd.io/snapshot/overlaybd/version\":\"0.1.0\"}");
        assertThat(j.has("annotations")).isFalse();
    }

    @Test
    void ociManifestUsesOciTypesAndKeepsTheSourceAnnotations() throws Exception {
        JsonNode ann = JSON.readTree("{\"org.opencontainers.image.source\":\"x\"}");
        byte[] m = new ConvertedImage(true).manifest(Digest.sha256("{}".getBytes()), 2, LAYERS, ann);
        JsonNode j = JSON.readTree(m);
        assertThat(j.get("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(j.at("/config/mediaType").asText()).isEqualTo(MediaTypes.OCI_CONFIG);
        assertThat(j.at("/layers/0/mediaType").asText()).isEqualTo(MediaTypes.OCI_LAYER);
        assertThat(j.get("annotations")).isEqualTo(ann);
        assertThat(new ConvertedImage(true).manifest(Digest.sha256("{}".getBytes()), 2, LAYERS, ann)).isEqualTo(m);
    }

    @Test
    void configThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> new ConvertedImage(false).config("[1]".getBytes(), LAYERS))
                .isInstanceOf(RegistryException.class).hasMessageContaining("not a JSON object");
    }
}
