package io.obd4j.daemon.image;

import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.ImageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerResolverTest {
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    @TempDir
    Path dir;

    private static ImageConfig parse(String json) throws Exception {
        return ConfigLoader.parseImage(json, "c").config();
    }

    private ResolvedImage resolve(String json) throws Exception {
        return LayerResolver.resolve(dir.resolve("c.json"), "1", parse(json));
    }

    @Test
    void localCandidatesAreTriedInOverlaybdsOrderBeforeTheRegistry() throws Exception {
        String json = "{\"repoBlobUrl\":\"https://r/v2/a/blobs\",\"lowers\":[{\"dir\":\"" + dir + "\",\"digest\":\""
                + DIGEST + "\",\"size\":9}]}";
        assertThat(resolve(json).lowers().get(0)).isEqualTo(new LayerSource.Remote(0, DIGEST,
                "https://r/v2/a/blobs/" + DIGEST, "/https://r/v2/a/blobs/" + DIGEST, 9, dir.toString()));
        Files.write(dir.resolve("overlaybd.sealed"), new byte[1]);
        assertThat(resolve(json).lowers().get(0)).isEqualTo(new LayerSource.Local(0, dir.resolve("overlaybd.sealed")));
        Files.write(dir.resolve(".commit"), new byte[1]);
        assertThat(resolve(json).lowers().get(0)).isEqualTo(new LayerSource.Local(0, dir.resolve(".commit")));
        Files.write(dir.resolve("overlaybd.commit"), new byte[1]);
        assertThat(resolve(json).lowers().get(0)).isEqualTo(new LayerSource.Local(0, dir.resolve("overlaybd.commit")));
        Path file = Files.write(dir.resolve("f"), new byte[1]);
        String withFile = "{\"lowers\":[{\"file\":\"" + file + "\",\"dir\":\"" + dir + "\"}]}";
        assertThat(resolve(withFile).lowers().get(0)).isEqualTo(new LayerSource.Local(0, file));
    }

    @Test
    void missingLocalFileWithoutDigestFallsBackToRemoteLikeOverlaybd() throws Exception {
        assertThatThrownBy(() -> resolve("{\"lowers\":[{\"file\":\"/nonexistent\"}]}")).hasMessage("empty repoBlobUrl");
        ResolvedImage r = resolve("{\"repoBlobUrl\":\"https://r/b/\",\"lowers\":[{\"file\":\"/nonexistent\"}]}");
        assertThat(((LayerSource.Remote) r.lowers().get(0)).url()).isEqualTo("https://r/b/");
    }

    @Test
    void accelerationLayerIsPoppedAndCannotBeCombinedWithTraceRecording() throws Exception {
        Path a = Files.write(dir.resolve("a"), new byte[1]);
        Path b = Files.write(dir.resolve("b"), new byte[1]);
        ResolvedImage r = resolve("{\"accelerationLayer\":true,\"lowers\":[{\"file\":\"" + a + "\"},{\"file\":\"" + b
                + "\",\"dir\":\"/acc\"}]}");
        assertThat(r.lowers()).containsExactly(new LayerSource.Local(0, a));
        assertThat(r.accelerationLayer().get().dir()).isEqualTo("/acc");
        assertThatThrownBy(() -> resolve("{\"accelerationLayer\":true,\"recordTracePath\":\"/t\",\"lowers\":[]}"))
                .hasMessage("failed to create overlaybd device");
    }

    @Test
    void moreThan255LowersIsRefused() throws Exception {
        Path a = Files.write(dir.resolve("a"), new byte[1]);
        StringBuilder sb = new StringBuilder("{\"lowers\":[");
        for (int i = 0; i < 256; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"file\":\"").append(a).append("\"}");
        }
        assertThatThrownBy(() -> resolve(sb.append("]}").toString())).hasMessage("failed to create overlaybd device");
    }
}
