package io.obd4j.core.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OverlaybdConfigTest {

    static String resource(String name) throws IOException {
        try (InputStream in = OverlaybdConfigTest.class.getResourceAsStream("/config/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void overlaybdsExampleConfigLoadsUnchangedWithoutWarnings() throws Exception {
        ConfigLoader.Loaded<OverlaybdConfig> loaded =
                ConfigLoader.parseGlobal(resource("overlaybd.json"), "overlaybd.json");
        OverlaybdConfig c = loaded.config();
        assertThat(loaded.warnings()).isEmpty();
        assertThat(c.logConfig()).isEqualTo(new LogConfig(1, "/var/log/overlaybd.log", 10, 3));
        assertThat(c.cacheConfig()).isEqualTo(new CacheConfig("file", "/opt/overlaybd/registry_cache", 4, 262144,
                65536));
        assertThat(c.gzipCacheConfig()).isEqualTo(new GzipCacheConfig(true, "/opt/overlaybd/gzip_cache", 4,
                1048576));
        assertThat(c.credentialConfig().mode()).isEqualTo("file");
        assertThat(c.credentialConfig().path()).isEqualTo("/opt/overlaybd/cred.json");
        assertThat(c.download()).isEqualTo(new DownloadConfig(true, 600, 30, 100, 5, 262144));
        assertThat(c.p2pConfig()).isEqualTo(new P2pConfig(false, "localhost:19145/dadip2p"));
        assertThat(c.exporterConfig()).isEqualTo(new ExporterConfig(false, "/metrics", 9863, 60000000L,
                "0.0.0.0"));
        assertThat(c.auditEnabled()).isTrue();
        assertThat(c.auditPath()).isEqualTo("/var/log/overlaybd-audit.log");
        assertThat(c.registryFsV2()).isTrue();
        assertThat(c.serviceConfig()).isEqualTo(new ServiceConfig(false, "http://127.0.0.1:9862", "127.0.0.1",
                9862, null));
    }

    @Test
    void olderRegistryV2ExampleLoadsToo() throws Exception {
        ConfigLoader.Loaded<OverlaybdConfig> loaded =
                ConfigLoader.parseGlobal(resource("overlaybd-registryv2.json"), "overlaybd-registryv2.json");
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.config().gzipCacheConfig().enable()).isFalse();
    }

    @Test
    void emptyObjectGivesTheCodeDefaultsNotTheExampleValues() throws Exception {
        OverlaybdConfig c = ConfigLoader.parseGlobal("{}", "x.json").config();
        assertThat(c).isEqualTo(ConfigLoader.globalDefaults());
        assertThat(c.logConfig()).isEqualTo(new LogConfig(1, "", 10, 3));
        assertThat(c.logLevel()).isEqualTo(1);
        assertThat(c.logPath()).isEqualTo("/var/log/overlaybd.log");
        assertThat(c.ioEngine()).isZero();
        assertThat(c.cacheConfig()).isEqualTo(new CacheConfig("", "/opt/overlaybd/registry_cache", 4, 262144,
                65536));
        assertThat(c.cacheType()).isEqualTo("file");
        assertThat(c.registryCacheDir()).isEqualTo("/opt/overlaybd/registry_cache");
        assertThat(c.registryCacheSizeGB()).isEqualTo(4);
        assertThat(c.gzipCacheConfig()).isEqualTo(new GzipCacheConfig(false, "/opt/overlaybd/gzip_cache", 4,
                1048576));
        assertThat(c.credentialConfig()).isEqualTo(new CredentialConfig("", "", 1, "", "", ""));
        assertThat(c.credentialFilePath()).isEqualTo("/opt/overlaybd/cred.json");
        assertThat(c.download()).isEqualTo(new DownloadConfig(false, 300, 30, 100, 5, 262144));
        assertThat(c.enableAudit()).isTrue();
        assertThat(c.auditPath()).isEqualTo("/var/log/overlaybd-audit.log");
        assertThat(c.enableThread()).isFalse();
        assertThat(c.p2pConfig()).isEqualTo(new P2pConfig(false, "http://localhost:9731/accelerator"));
        assertThat(c.exporterConfig()).isEqualTo(new ExporterConfig(false, "/metrics", 9863, 60000000L,
                "0.0.0.0"));
        assertThat(c.registryFsVersion()).isEqualTo("v2");
        assertThat(c.prefetchConfig().concurrency()).isEqualTo(16);
        assertThat(c.certConfig()).isEqualTo(new CertConfig("", ""));
        assertThat(c.userAgent()).isEqualTo(OverlaybdConfig.DEFAULT_USER_AGENT);
        assertThat(c.serviceConfig().enable()).isFalse();
        assertThat(c.serviceConfig().address()).isEqualTo("http://127.0.0.1:9862");
        assertThat(c.obd4j().tcmu().enable()).isTrue();
        assertThat(c.obd4j().iscsi()).isEqualTo(new Obd4jConfig.IscsiConfig(false, "127.0.0.1", 3260,
                new Obd4jConfig.ChapConfig("", "", "", ""), 512));
        assertThat(c.obd4j().dataDir()).isEqualTo("/var/lib/obd4j");
        assertThat(ConfigLoader.parseGlobal("{\"obd4j\":{\"dataDir\":\"/srv/obd4j\"}}", "d.json").config().obd4j()
                .dataDir()).isEqualTo("/srv/obd4j");
        assertThat(c.obd4j().backingImages()).isEqualTo(new Obd4jConfig.BackingImagesConfig(
                "/var/lib/obd4j/backing-images", 60, 3600));
    }

    @Test
    void backingImagesSectionIsReadAndChecked() throws Exception {
        OverlaybdConfig c = ConfigLoader.parseGlobal("{\"obd4j\":{\"backingImages\":{\"dir\":\"/d\","
                + "\"idleTimeoutSeconds\":5,\"checkIntervalSeconds\":0}}}", "b.json").config();
        assertThat(c.obd4j().backingImages()).isEqualTo(new Obd4jConfig.BackingImagesConfig("/d", 5, 0));
        assertThatThrownBy(() -> ConfigLoader.parseGlobal("{\"obd4j\":{\"backingImages\":{"
                + "\"idleTimeoutSeconds\":0}}}", "b.json")).hasMessageContaining("idleTimeoutSeconds");
    }

    @Test
    void legacyKeysApplyWhenTheNewSectionsAreEmpty() throws Exception {
        OverlaybdConfig c = ConfigLoader.parseGlobal("{\"logLevel\":2,\"logPath\":\"/l\",\"cacheType\":\"ocf\","
                + "\"registryCacheDir\":\"/c\",\"registryCacheSizeGB\":9,\"credentialFilePath\":\"/cred\","
                + "\"cacheConfig\":{\"refillSize\":1048576}}", "x.json").config();
        assertThat(c.effectiveLog()).isEqualTo(new LogConfig(2, "/l", 10, 3));
        assertThat(c.effectiveCache()).isEqualTo(new CacheConfig("ocf", "/c", 9, 1048576, 65536));
        assertThat(c.effectiveCredentials().mode()).isEqualTo("file");
        assertThat(c.effectiveCredentials().path()).isEqualTo("/cred");
    }

    @Test
    void newSectionsWinOverLegacyKeys() throws Exception {
        OverlaybdConfig c = ConfigLoader.parseGlobal("{\"logPath\":\"/legacy\",\"logConfig\":{\"logPath\":\"/new\","
                + "\"logLevel\":0},\"cacheConfig\":{\"cacheType\":\"download\"}}", "x.json").config();
        assertThat(c.effectiveLog().logPath()).isEqualTo("/new");
        assertThat(c.effectiveLog().logLevel()).isZero();
        assertThat(c.effectiveCache().cacheType()).isEqualTo("download");
    }

    @Test
    void unknownKeysAreWarningsNamingTheirJsonPath() throws Exception {
        ConfigLoader.Loaded<OverlaybdConfig> loaded = ConfigLoader.parseGlobal("{\"cacheConfig\":{\"cacheTyp\":"
                + "\"file\"},\"bogus\":1,\"obd4j\":{\"iscsi\":{\"chap\":{\"usr\":\"a\"}}}}", "o.json");
        assertThat(loaded.warnings()).containsExactlyInAnyOrder(
                "o.json: unknown key cacheConfig.cacheTyp ignored",
                "o.json: unknown key bogus ignored",
                "o.json: unknown key obd4j.iscsi.chap.usr ignored");
    }

    @Test
    void serviceAddressForms() throws Exception {
        ServiceConfig unix = ConfigLoader.parseGlobal("{\"serviceConfig\":{\"address\":\"unix:///run/obd4j.sock\"}}",
                "x").config().serviceConfig();
        assertThat(unix.isUnixSocket()).isTrue();
        assertThat(unix.unixPath()).isEqualTo("/run/obd4j.sock");
        ServiceConfig local = ConfigLoader.parseGlobal("{\"serviceConfig\":{\"address\":\"http://localhost:0\"}}",
                "x").config().serviceConfig();
        assertThat(local.host()).isEqualTo("127.0.0.1");
        assertThat(local.port()).isZero();
    }
}
