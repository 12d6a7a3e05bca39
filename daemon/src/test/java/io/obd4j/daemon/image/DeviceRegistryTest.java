package io.obd4j.daemon.image;

import io.obd4j.core.config.DownloadConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceRegistryTest {
    private static final DownloadConfig GLOBAL_DOWNLOAD = new DownloadConfig(true, 600, 30, 7, 5, 262144);

    @TempDir
    Path dir;
    private final RawFileDevice.Opener opener = new RawFileDevice.Opener();
    private DeviceRegistry registry;
    private Path layer;
    private Path result;

    @BeforeEach
    void setUp() throws Exception {
        registry = new DeviceRegistry(opener, () -> GLOBAL_DOWNLOAD, Clock.systemUTC());
        layer = Files.write(dir.resolve("layer.raw"), new byte[1 << 20]);
        result = dir.resolve("init-debug.log");
    }

    private Path config(String name, String json) throws Exception {
        return Files.writeString(dir.resolve(name), json);
    }

    private String localConfig() {
        return "{\"lowers\":[{\"file\":\"" + layer + "\"}],\"upper\":{},\"resultFile\":\"" + result + "\"}";
    }

    @Test
    void openWritesSuccessAndRegistersTheDeviceWithTheGlobalDownloadDefault() throws Exception {
        DeviceInfo d = registry.open(config("c.json", localConfig()), "42");
        assertThat(Files.readString(result)).isEqualTo("success");
        assertThat(d.id()).isEqualTo("42");
        assertThat(d.readOnly()).isTrue();
        assertThat(d.sizeBytes()).isEqualTo(1 << 20);
        assertThat(registry.devices()).containsExactly(d);
        assertThat(registry.blockDevice("42")).isPresent();
        assertThat(opener.lastOpened.config().download()).contains(GLOBAL_DOWNLOAD);
        assertThat(opener.lastOpened.lowers()).containsExactly(new LayerSource.Local(0, layer));
    }

    @Test
    void duplicateDevIdFailsWithOverlaybdsTextAndKeepsTheFirstDevice() throws Exception {
        registry.open(config("c.json", localConfig()), "7");
        assertThatThrownBy(() -> registry.open(config("d.json", localConfig()), "7"))
                .isInstanceOfSatisfying(ImageServiceException.class,
                        e -> assertThat(e.kind()).isEqualTo(ImageServiceException.Kind.DUPLICATE));
        assertThat(Files.readString(result)).isEqualTo("failed:duplicated dev id: 7");
        assertThat(registry.device("7")).isPresent();
    }

    @Test
    void emptyIdsGetGeneratedUniqueIds() throws Exception {
        Path c = config("c.json", localConfig());
        assertThat(registry.open(c, "").id()).isNotEqualTo(registry.open(c, "").id());
        assertThat(registry.devices()).hasSize(2);
    }

    @Test
    void remoteLayerWithoutRepoBlobUrlFails() throws Exception {
        Path c = config("c.json", "{\"lowers\":[{\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":1}],"
                + "\"resultFile\":\"" + result + "\"}");
        assertThatThrownBy(() -> registry.open(c, "1")).hasMessage("empty repoBlobUrl");
        assertThat(Files.readString(result)).isEqualTo("failed:empty repoBlobUrl");
        assertThat(registry.devices()).isEmpty();
        assertThat(registry.device("1")).isEmpty();
    }

    @Test
    void missingUpperFileGivesBareFailedColon() throws Exception {
        Path c = config("c.json", "{\"lowers\":[{\"file\":\"" + layer + "\"}],\"upper\":{\"index\":\"" + dir
                + "/idx\",\"data\":\"" + dir + "/data\"},\"resultFile\":\"" + result + "\"}");
        assertThatThrownBy(() -> registry.open(c, "1")).isInstanceOf(ImageServiceException.class);
        assertThat(Files.readAllBytes(result)).isEqualTo("failed:".getBytes());
    }

    @Test
    void buildWithoutFormatsFailsWithTheFallbackText() throws Exception {
        DeviceRegistry bare = new DeviceRegistry(ImageOpener.withoutFormats(), () -> GLOBAL_DOWNLOAD,
                Clock.systemUTC());
        assertThatThrownBy(() -> bare.open(config("c.json", localConfig()), "1"))
                .isInstanceOf(ImageServiceException.class);
        assertThat(Files.readString(result)).isEqualTo("failed:failed to create overlaybd device");
    }

    @Test
    void unparsableConfigFailsWithoutResultFile() throws Exception {
        Path c = config("c.json", "{\"lowers\":[{\"size\":\"big\"}],\"resultFile\":\"" + result + "\"}");
        assertThatThrownBy(() -> registry.open(c, "1")).hasMessageContaining("lowers[0].size");
        assertThat(result).doesNotExist();
    }

    @Test
    void closeFlushesWritableDevicesAndForgetsThem() throws Exception {
        Files.write(dir.resolve("idx"), new byte[0]);
        Files.write(dir.resolve("data"), new byte[0]);
        Path c = config("c.json", "{\"lowers\":[{\"file\":\"" + layer + "\"}],\"upper\":{\"index\":\"" + dir
                + "/idx\",\"data\":\"" + dir + "/data\"}}");
        registry.open(c, "w");
        RawFileDevice dev = opener.lastDevice;
        registry.close("w");
        assertThat(dev.flushes).isEqualTo(1);
        assertThat(dev.closed).isTrue();
        assertThat(registry.device("w")).isEmpty();
        assertThatThrownBy(() -> registry.close("w")).isInstanceOfSatisfying(ImageServiceException.class,
                e -> assertThat(e.kind()).isEqualTo(ImageServiceException.Kind.NOT_FOUND));
    }

    @Test
    void liveSnapshotChecksThenRenamesTheNewConfigOverTheOriginal() throws Exception {
        for (String f : new String[] {"idx1", "data1", "idx2", "data2"}) {
            Files.write(dir.resolve(f), new byte[0]);
        }
        Path original = config("config.v1.json", "{\"lowers\":[{\"file\":\"" + layer + "\"}],\"upper\":{\"index\":\""
                + dir + "/idx1\",\"data\":\"" + dir + "/data1\"}}");
        registry.open(original, "s");
        assertThatThrownBy(() -> registry.snapshot("nope", original)).isInstanceOfSatisfying(
                ImageServiceException.class, e -> assertThat(e.kind()).isEqualTo(ImageServiceException.Kind.NOT_FOUND));
        Path sameData = config("same.json", "{\"lowers\":[{\"file\":\"" + layer + "\"}],\"upper\":{\"index\":\""
                + dir + "/idx2\",\"data\":\"" + dir + "/data1\"}}");
        assertThatThrownBy(() -> registry.snapshot("s", sameData)).hasMessageContaining("must differ");
        String next = "{\"lowers\":[{\"file\":\"" + layer + "\"},{\"file\":\"" + dir + "/data1\"}],"
                + "\"upper\":{\"index\":\"" + dir + "/idx2\",\"data\":\"" + dir + "/data2\"}}";
        Path nextConfig = config("next.json", next);
        registry.snapshot("s", nextConfig);
        assertThat(opener.lastSnapshot.lowers()).hasSize(2);
        assertThat(nextConfig).doesNotExist();
        assertThat(Files.readString(original)).isEqualTo(next);
        assertThat(registry.device("s").get().lowers()).isEqualTo(2);
    }
}
