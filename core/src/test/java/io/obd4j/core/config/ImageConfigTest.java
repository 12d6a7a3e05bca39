package io.obd4j.core.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageConfigTest {

    @Test
    void redisExampleFromOverlaybdLoads() throws Exception {
        ConfigLoader.Loaded<ImageConfig> loaded = ConfigLoader.parseImage(
                OverlaybdConfigTest.resource("redis.obd.config.json"), "redis.obd.config.json");
        ImageConfig c = loaded.config();
        assertThat(loaded.warnings()).isEmpty();
        assertThat(c.repoBlobUrl()).isEqualTo("https://registry-1.docker.io/v2/overlaybd/redis/blobs");
        assertThat(c.lowers()).hasSize(7);
        assertThat(c.lowers().get(0)).isEqualTo(new LayerConfig("", "/var/lib/overlaybd/test/1",
                "sha256:a8b5fca80efae55088290f3da8110d7742de55c2a378d5ab53226a483f390e21", 4739584, "", "", ""));
        assertThat(c.isReadOnly()).isTrue();
        assertThat(c.download()).isEmpty();
        assertThat(c.remotePath(c.lowers().get(0).digest())).isEqualTo("/https://registry-1.docker.io/v2/overlaybd/"
                + "redis/blobs/sha256:a8b5fca80efae55088290f3da8110d7742de55c2a378d5ab53226a483f390e21");
    }

    @Test
    void snapshotterWrittenConfigWithVsizeAndWritableUpper() throws Exception {
        String json = "{\"repoBlobUrl\":\"https://r/v2/a/blobs/\",\"lowers\":[{\"file\":\"/l/0\"}],"
                + "\"upper\":{\"index\":\"/w/idx\",\"data\":\"/w/data\",\"vsize\":64},"
                + "\"resultFile\":\"/b/init-debug.log\",\"recordTracePath\":\"/t\",\"extra\":{\"x\":1}}";
        ConfigLoader.Loaded<ImageConfig> loaded = ConfigLoader.parseImage(json, "config.v1.json");
        ImageConfig c = loaded.config();
        assertThat(loaded.warnings()).containsExactly("config.v1.json: unknown key extra ignored");
        assertThat(c.isReadOnly()).isFalse();
        assertThat(c.upper()).isEqualTo(new UpperConfig("/w/idx", "/w/data", "", ""));
        assertThat(c.resultFile()).isEqualTo("/b/init-debug.log");
        assertThat(c.recordTracePath()).isEqualTo("/t");
        assertThat(c.blobUrl("sha256:0")).isEqualTo("https://r/v2/a/blobs/sha256:0");
    }

    @Test
    void upperWithOnlyOneFileIsReadOnly() throws Exception {
        assertThat(ConfigLoader.parseImage("{\"upper\":{\"index\":\"/i\"}}", "c").config().isReadOnly()).isTrue();
    }

    @Test
    void missingDownloadIsTakenFromTheGlobalConfigAndOwnOneIsKept() throws Exception {
        DownloadConfig global = new DownloadConfig(true, 600, 30, 100, 5, 262144);
        ImageConfig none = ConfigLoader.parseImage("{}", "c").config();
        assertThat(none.withDownloadDefault(global).download()).contains(global);
        ImageConfig own = ConfigLoader.parseImage("{\"download\":{\"maxMBps\":0}}", "c").config();
        assertThat(own.withDownloadDefault(global).download())
                .contains(new DownloadConfig(false, 300, 30, 0, 5, 262144));
    }
}
