package io.obd4j.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.testing.Fixtures;
import io.obd4j.registry.auth.CredentialsFile;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Push with our client to the real docker-registry, read back lazily, compare with the fixture files. */
class RegistryRoundTripTest {
    @TempDir
    Path tmp;

    static RegistryClient client(RegistryPeer peer, Path tmp) throws Exception {
        RegistryClient.Builder b = RegistryClient.builder()
                .retry(new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(20)));
        if (peer.ca() != null) {
            b.sslContext(TlsContexts.trusting(peer.ca()));
        }
        if (peer.user() != null) {
            Path cred = tmp.resolve("cred.json");
            // a non-matching key first, then the exact host:port key (overlaybd's prefix rule)
            Files.writeString(cred, "{\"auths\":{\"127.0.0.1:1\":{\"username\":\"x\",\"password\":\"y\"},"
                    + "\"127.0.0.1:" + peer.port() + "/obd4j\":{\"auth\":\"" + java.util.Base64.getEncoder()
                    .encodeToString((peer.user() + ":" + peer.password()).getBytes(StandardCharsets.UTF_8))
                    + "\"}}}");
            b.credentials(new CredentialsFile(cred));
        }
        return b.build();
    }

    @ParameterizedTest(name = "registry.sh start {0}")
    @ValueSource(strings = {"", "--auth", "--tls", "--redirect", "--auth --tls --redirect"})
    void pushThenReadLazily(String modes) throws Exception {
        String[] flags = modes.isEmpty() ? new String[0] : modes.split(" ");
        try (RegistryPeer peer = RegistryPeer.start(tmp.resolve("peers"), flags);
                RegistryClient client = client(peer, tmp)) {
            Repository repo = peer.repository("obd4j/stack");
            assertThat(client.ping(repo)).isEqualTo(200);
            Map<String, Digest> layers = TestImages.push(client, repo, "v1");

            assertThat(client.listTags(repo)).containsExactly("v1");
            Manifest m = client.getManifest(repo, "v1");
            assertThat(m.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
            String body = new String(m.bytes(), StandardCharsets.UTF_8);
            layers.values().forEach(d -> assertThat(body).contains(d.toString()));
            assertThat(client.getManifest(repo, m.digest().toString()).digest()).isEqualTo(m.digest());

            Repository other = peer.repository("obd4j/other");
            BlobPusher pusher = new BlobPusher(client);
            Digest l1 = layers.get("stack-l1.zfile");
            assertThat(pusher.mount(other, l1, repo.name())).isTrue();
            assertThat(pusher.exists(other, l1)).isTrue();

            for (Map.Entry<String, Digest> e : layers.entrySet()) {
                byte[] local = Files.readAllBytes(Fixtures.layer(e.getKey()));
                BlobUrl url = new BlobUrl(repo, e.getValue());
                assertThat(client.blobSize(url)).isEqualTo(local.length);
                try (BlobRangeReader r = BlobRangeReader.open(client, url, 0)) {
                    assertSameBytes(r, local, new SplittableRandom(e.getKey().hashCode()));
                    int from = local.length / 3;
                    ByteBuffer rest = ByteBuffer.allocate(local.length - from);
                    try (ReadableByteChannel ch = r.openStream(from)) {
                        while (rest.hasRemaining() && ch.read(rest) >= 0) {
                            continue;
                        }
                    }
                    assertThat(rest.array()).isEqualTo(Arrays.copyOfRange(local, from, local.length));
                }
            }
            // ALPN picks HTTP/2 on the TLS registry; plain http:// stays HTTP/1.1 (no h2c upgrade)
            if (peer.ca() != null) {
                assertThat(client.stats().http2Responses()).isPositive();
            } else {
                assertThat(client.stats().http2Responses()).isZero();
            }
            if (peer.user() != null) {
                assertThat(RegistryClient.builder().sslContext(peer.ca() == null ? null
                        : TlsContexts.trusting(peer.ca())).build().ping(repo)).isEqualTo(401);
            }
        }
    }

    /** The whole blob in one read, then 80 random ranges (some crossing the end). */
    static void assertSameBytes(io.obd4j.core.io.BlockSource src, byte[] local, SplittableRandom rnd)
            throws Exception {
        assertThat(src.size()).isEqualTo(local.length);
        ByteBuffer all = ByteBuffer.allocate(local.length);
        src.readFully(all, 0);
        assertThat(all.array()).isEqualTo(local);
        for (int i = 0; i < 80; i++) {
            int off = rnd.nextInt(local.length);
            int len = 1 + rnd.nextInt(Math.min(70_000, local.length));
            ByteBuffer b = i % 3 == 0 ? ByteBuffer.allocateDirect(len) : ByteBuffer.allocate(len);
            int n = src.read(b, off);
            int want = Math.min(len, local.length - off);
            assertThat(n).isEqualTo(want);
            byte[] got = new byte[n];
            b.flip().get(got);
            assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(local, off, off + n));
        }
        assertThat(src.read(ByteBuffer.allocate(10), local.length)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--auth"})
    void wrongPasswordFailsWithoutLeakingIt(String mode) throws Exception {
        try (RegistryPeer peer = RegistryPeer.start(tmp.resolve("peers"), mode)) {
            Path cred = tmp.resolve("bad.json");
            String secret = "S3cret-" + peer.password();
            Files.writeString(cred, "{\"auths\":{\"127.0.0.1:" + peer.port() + "\":{\"username\":\"" + peer.user()
                    + "\",\"password\":\"" + secret + "\"}}}");
            try (RegistryClient client = RegistryClient.builder().credentials(new CredentialsFile(cred))
                    .retry(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(10)))
                    .build()) {
                Repository repo = peer.repository("obd4j/x");
                BlobUrl url = new BlobUrl(repo, Digest.sha256(new byte[1]));
                assertThatThrownBy(() -> client.blobSize(url)).isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.isAuthFailure()).isTrue();
                    assertThat(e.getMessage()).contains(url.toString()).contains("HTTP 401")
                            .doesNotContain(secret).doesNotContain(peer.password());
                });
                // after fixing the file (reread on failure) the same client gets in
                Files.writeString(cred, "{\"auths\":{\"127.0.0.1:" + peer.port() + "\":{\"username\":\""
                        + peer.user() + "\",\"password\":\"" + peer.password() + "\"}}}");
                assertThatThrownBy(() -> client.blobSize(url)).isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.isNotFound()).isTrue());
            }
        }
    }
}
