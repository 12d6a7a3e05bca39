package io.obd4j.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.testing.Fixtures;
import io.obd4j.registry.FaultProxy.Fault;
import io.obd4j.registry.auth.CredentialsFile;
import io.obd4j.core.audit.AuditLog;
import io.obd4j.registry.cache.CachePool;
import io.obd4j.registry.cache.CachedBlobSource;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every read through a misbehaving proxy returns the right bytes or a clear error after the retry budget. */
class FaultInjectionTest extends RegistryPeerTest {
    static final String LAYER = "commit1.lz4-4k-crc.zfile";
    static final String PASSWORD = "pw-Very-Secret-42";

    static Map<String, Digest> digests;
    static byte[] local;

    FaultProxy proxy;
    RegistryStats stats;
    RegistryClient client;

    @BeforeAll
    static void pushImage() throws Exception {
        try (RegistryClient c = RegistryClient.builder().build()) {
            digests = TestImages.push(c, peer.repository("obd4j/stack"), "v1");
        }
        local = Files.readAllBytes(Fixtures.layer(LAYER));
    }

    @BeforeEach
    void startProxy() throws Exception {
        proxy = new FaultProxy(peer.url());
        proxy.stallMillis = 1500;
        stats = new RegistryStats();
        client = newClient(3, null);
    }

    RegistryClient newClient(int attempts, String p2p) throws Exception {
        Path cred = state.resolve("cred-" + proxy.url().getPort() + ".json");
        Files.writeString(cred, "{\"auths\":{\"127.0.0.1:" + proxy.url().getPort() + "/obd4j/stack\":"
                + "{\"username\":\"obd\",\"password\":\"" + PASSWORD + "\"}}}");
        return RegistryClient.builder().stats(stats).credentials(new CredentialsFile(cred)).p2pPrefix(p2p)
                .retry(new RetryPolicy(attempts, Duration.ofMillis(20), Duration.ofSeconds(2),
                        Duration.ofMillis(700))).build();
    }

    @AfterEach
    void stopProxy() throws Exception {
        client.close();
        proxy.close();
    }

    BlobRangeReader reader(String layer) throws Exception {
        Repository repo = Repository.of(proxy.url(), "obd4j/stack");
        return BlobRangeReader.open(client, new BlobUrl(repo, digests.get(layer)),
                Files.size(Fixtures.layer(layer)));
    }

    static byte[] range(BlobRangeReader r, int off, int len) throws Exception {
        byte[] b = new byte[len];
        r.readFully(off, b, 0, len);
        return b;
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void eachFaultIsRetriedAndTheBytesAreRight(Fault fault) throws Exception {
        try (BlobRangeReader r = reader(LAYER)) {
            proxy.faults.add(fault);
            assertThat(range(r, 5000, 10000)).isEqualTo(Arrays.copyOfRange(local, 5000, 15000));
            assertThat(proxy.blobRequests.get()).isEqualTo(2);
            // the JDK client itself resends an idempotent GET once when the connection closes without an answer
            assertThat(stats.retries()).isEqualTo(fault == Fault.RESET ? stats.retries() : 1);
            assertThat(stats.retries()).isLessThanOrEqualTo(1);
            assertThat(range(r, 0, local.length)).isEqualTo(local);
        }
    }

    @Test
    void exhaustedBudgetNamesUrlStatusAndAttempts() throws Exception {
        try (BlobRangeReader r = reader(LAYER)) {
            for (int i = 0; i < 3; i++) {
                proxy.faults.add(Fault.STATUS_503);
            }
            assertThatThrownBy(() -> range(r, 0, 4096)).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.attempts()).isEqualTo(3);
                assertThat(e.getMessage()).contains(r.blob().toString()).contains("HTTP 503").contains("3 attempts");
            });
            assertThat(range(r, 0, 4096)).isEqualTo(Arrays.copyOf(local, 4096));
            Repository repo = Repository.of(proxy.url(), "obd4j/stack");
            BlobUrl missing = new BlobUrl(repo, Digest.sha256(new byte[] {9}));
            assertThatThrownBy(() -> client.blobSize(missing)).isInstanceOfSatisfying(RegistryException.class,
                    e -> assertThat(e.attempts()).isEqualTo(1));
        }
    }

    @Test
    void aRefusedConnectionIsRetriedAndNamedWithoutAStatus() throws Exception {
        Repository nobody = Repository.of(java.net.URI.create("http://127.0.0.1:" + RegistryPeer.freePort()), "x/y");
        BlobUrl url = new BlobUrl(nobody, digests.get(LAYER));
        try (BlobRangeReader r = BlobRangeReader.open(client, url, 100)) {
            assertThatThrownBy(() -> range(r, 0, 10)).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.status()).isZero();
                assertThat(e.attempts()).isEqualTo(3);
                assertThat(e.getMessage()).contains(url.toString()).contains("no HTTP status").contains("Connect");
            });
        }
        assertThat(stats.retries()).isEqualTo(2);
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        proxy.retryAfter = "1";
        proxy.faults.add(Fault.STATUS_429);
        try (BlobRangeReader r = reader(LAYER)) {
            long t0 = System.nanoTime();
            assertThat(range(r, 100, 100)).isEqualTo(Arrays.copyOfRange(local, 100, 200));
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(950);
        }
    }

    @Test
    void bearerTokenIsReusedRefreshedAndNeverLeaks() throws Exception {
        proxy.bearer = true;
        proxy.tokenUser = "obd";
        proxy.tokenPassword = PASSWORD;
        try (LogCapture logs = new LogCapture(); BlobRangeReader r = reader(LAYER)) {
            for (int i = 0; i < 10; i++) {
                assertThat(range(r, i * 1000, 4096)).isEqualTo(Arrays.copyOfRange(local, i * 1000, i * 1000 + 4096));
            }
            assertThat(proxy.tokenRequests.get()).isEqualTo(1);
            int before = proxy.requests.get();
            try (BlobRangeReader cold = reader("stack-l3.zfile")) {
                range(cold, 0, 4096);
            }
            int coldTrips = proxy.requests.get() - before;
            assertThat(coldTrips).isLessThanOrEqualTo(2);
            proxy.expireTokens();
            assertThat(range(r, 0, 4096)).isEqualTo(Arrays.copyOf(local, 4096));
            assertThat(proxy.tokenRequests.get()).isEqualTo(2);

            proxy.tokenPassword = "another-password";
            proxy.expireTokens();
            assertThatThrownBy(() -> range(r, 0, 4096)).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.isAuthFailure()).isTrue();
                assertNoSecrets(e.getMessage() + String.valueOf(e.getCause()));
            });
            proxy.validTokens.forEach(t -> assertThat(String.join("\n", logs.lines())).doesNotContain(t));
            logs.lines().forEach(FaultInjectionTest::assertNoSecrets);
            System.out.println("cold 4 KiB read with a held token: " + coldTrips + " requests");
        }
    }

    static void assertNoSecrets(String text) {
        assertThat(text).doesNotContain(PASSWORD).doesNotContain("tok-").doesNotContain("s3cr3t-signature")
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(("obd:" + PASSWORD).getBytes()));
    }

    @Test
    void redirectsGoToTheStorageHostWithoutCredentials() throws Exception {
        proxy.bearer = true;
        proxy.redirect = true;
        try (LogCapture logs = new LogCapture(); BlobRangeReader r = reader(LAYER)) {
            int before = proxy.requests.get();
            assertThat(range(r, 0, 4096)).isEqualTo(Arrays.copyOf(local, 4096));
            int first = proxy.requests.get() - before;
            before = proxy.requests.get();
            assertThat(range(r, 70000, 4096)).isEqualTo(Arrays.copyOfRange(local, 70000, 74096));
            assertThat(proxy.requests.get() - before).isEqualTo(1);
            assertThat(proxy.authHeadersAtRedirectTarget.get()).isZero();
            assertThat(proxy.redirectedRequests.get()).isEqualTo(2);
            for (int i = 0; i < 3; i++) {
                proxy.faults.add(Fault.STATUS_500);
            }
            assertThatThrownBy(() -> range(r, 0, 10)).isInstanceOfSatisfying(RegistryException.class,
                    e -> assertNoSecrets(e.getMessage()));
            assertThat(range(r, 0, local.length)).isEqualTo(local);
            logs.lines().forEach(FaultInjectionTest::assertNoSecrets);
            System.out.println("cold 4 KiB read through a redirect: " + first + " requests (incl. token)");
        }
    }

    @Test
    void p2pPrefixCarriesTheDataRequests() throws Exception {
        client.close();
        client = newClient(3, proxy.url() + "/accelerator");
        Repository repo = peer.repository("obd4j/stack");
        try (BlobRangeReader r = BlobRangeReader.open(client, new BlobUrl(repo, digests.get(LAYER)), local.length)) {
            assertThat(range(r, 0, local.length)).isEqualTo(local);
            assertThat(proxy.p2pRequests.get()).isEqualTo(1);
        }
    }

    /** The proxy counts blob body bytes on the wire: exactly the refill pieces that the reads touched. */
    @Test
    void bytesFetchedAreTheBytesReadRoundedUpToRefillPieces() throws Exception {
        int piece = 8192;
        Path dir = state.resolve("pieces-" + proxy.url().getPort());
        try (BlobRangeReader r = reader(LAYER); CachePool pool = CachePool.open(dir, 1L << 30, piece, stats,
                AuditLog.disabled())) {
            CachedBlobSource cached = new CachedBlobSource(r, digests.get(LAYER).toString(), pool);
            SplittableRandom rnd = new SplittableRandom(7);
            BitSet touched = new BitSet();
            long read = 0;
            for (int i = 0; i < 12; i++) {
                int off = rnd.nextInt(local.length);
                int len = 1 + rnd.nextInt(Math.min(3000, local.length - off));
                ByteBuffer b = ByteBuffer.allocate(len);
                cached.readFully(b, off);
                assertThat(b.array()).isEqualTo(Arrays.copyOfRange(local, off, off + len));
                read += len;
                touched.set(off / piece, (off + len - 1) / piece + 1);
                cached.readFully(ByteBuffer.allocate(len), off);
            }
            long rounded = touched.stream().mapToLong(p -> Math.min(piece, local.length - (long) p * piece)).sum();
            assertThat(touched.cardinality()).isLessThan((local.length + piece - 1) / piece);
            assertThat(proxy.blobBodyBytes.get()).isEqualTo(rounded).isEqualTo(stats.bytesFetched());
            System.out.println("bytes read " + read + " (each twice), fetched " + proxy.blobBodyBytes.get()
                    + " = the " + touched.cardinality() + " touched " + piece + "-byte pieces");
        }
    }

    @Test
    void noThreadOrFdLeaksAcrossFaults() throws Exception {
        try (BlobRangeReader r = reader(LAYER)) {
            faultRound(r);
            Thread.sleep(300);
            long fds = fdCount();
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            for (int i = 0; i < 3; i++) {
                faultRound(r);
            }
            Thread.sleep(300);
            assertThat(fdCount()).isLessThanOrEqualTo(fds + 4);
            assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(threads + 4);
        }
    }

    private void faultRound(BlobRangeReader r) throws Exception {
        for (Fault f : Fault.values()) {
            if (f != Fault.STALL) {
                proxy.faults.add(f);
                assertThat(range(r, 300, 3000)).isEqualTo(Arrays.copyOfRange(local, 300, 3300));
            }
        }
        proxy.faults.add(Fault.STALL);
        assertThat(range(r, 0, 100)).isEqualTo(Arrays.copyOf(local, 100));
    }

    private static long fdCount() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
