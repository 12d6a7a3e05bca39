package io.obd4j.registry.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.obd4j.registry.BlobPusher;
import io.obd4j.registry.Digest;
import io.obd4j.registry.MediaTypes;
import io.obd4j.registry.RegistryClient;
import io.obd4j.registry.RegistryPeer;
import io.obd4j.registry.Repository;
import io.obd4j.registry.RetryPolicy;
import io.obd4j.registry.TlsContexts;
import io.obd4j.registry.auth.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auth section against a real registry with TLS (self-signed) and htpasswd: credentials come from the longest
 * matching entry (the password from the environment), and the certificate is accepted with {@code caFile} or
 * {@code insecure: true}, refused otherwise.
 */
class TlsSyncTest {
    private static final RetryPolicy FAST = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofSeconds(20));

    @TempDir
    Path tmp;

    @Test
    void caFileOrInsecureReachAnAuthenticatedTlsRegistryAndNothingElseDoes() throws Exception {
        assumeTrue(Files.isExecutable(LocalRegistry.BINARY), "docker-registry is not installed");
        try (RegistryPeer peer = RegistryPeer.start(tmp.resolve("peers"), "--tls", "--auth");
                LocalRegistry dst = LocalRegistry.start(tmp.resolve("dst"))) {
            Map<String, String> env = Map.of("SRC_PASSWORD", peer.password());
            byte[] manifest;
            try (RegistryClient client = RegistryClient.builder().sslContext(TlsContexts.trusting(peer.ca()))
                    .credentials(url -> new Credentials(peer.user(), peer.password())).build()) {
                manifest = new SourceImages(client, tmp).image(peer.repository("team/app"), MediaTypes.OCI_MANIFEST,
                        "amd64", null, List.of(SourceImages.layer(9, 100_000)));
                new BlobPusher(client).pushManifest(peer.repository("team/app"), "v1", MediaTypes.OCI_MANIFEST,
                        manifest);
            }
            String src = "127.0.0.1:" + peer.port();
            String images = "images:\n  " + src + "/team/app:v1: " + dst.hostPort() + "/mirror/app\n";
            String dstAuth = "  " + dst.hostPort() + ": {http: true}\n";
            // the registry-wide entry has a wrong password: the namespace entry must win
            String creds = "  " + src + ": {username: " + peer.user() + ", password: wrong}\n  " + src
                    + "/team: {username: " + peer.user() + ", password: \"${SRC_PASSWORD}\", ";

            SyncStats withCa = run(env, "auth:\n" + dstAuth + creds + "caFile: " + peer.ca() + "}\n" + images);
            assertThat(withCa.failures()).isEmpty();
            assertThat(withCa.imagesSynced()).isEqualTo(1);

            SyncStats insecure = run(env, "auth:\n" + dstAuth + creds + "insecure: true}\n" + images);
            assertThat(insecure.failures()).isEmpty();
            assertThat(insecure.imagesUnchanged()).isEqualTo(1);

            SyncStats untrusted = run(env, "auth:\n" + dstAuth + creds + "http: false}\n" + images);
            assertThat(untrusted.failures()).singleElement().satisfies(f -> assertThat(f.error())
                    .contains("https://" + src + "/v2/team/app/manifests/v1"));

            try (RegistryClient plain = RegistryClient.builder().build()) {
                assertThat(plain.getManifest(Repository.of(dst.url(), "mirror/app"), "v1").digest())
                        .isEqualTo(Digest.sha256(manifest));
            }
        }
    }

    private SyncStats run(Map<String, String> env, String yaml) throws Exception {
        Path rules = tmp.resolve("rules.yaml");
        Files.writeString(rules, yaml);
        SyncOptions options = SyncOptions.defaults().withRetry(FAST).withRetries(0);
        return new Syncer(options).run(new RulesParser(env::get).parse(rules));
    }
}
