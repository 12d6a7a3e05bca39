package io.obd4j.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Registry-to-registry streaming through a misbehaving source (the fault proxy in front of a real docker-registry):
 * a truncated, over-long, reset or failing blob GET never completes an upload; the copy is retried from a fresh GET
 * and the destination ends with exactly the source's bytes. Monolithic and chunked uploads.
 */
class BlobStreamerTest extends RegistryPeerTest {
    static final int SIZE = 700 * 1024 + 13;

    static byte[] blob;
    static Digest digest;

    FaultProxy proxy;
    RegistryClient source;
    RegistryClient destination;

    @BeforeAll
    static void pushBlob() throws Exception {
        TestBlob b = pushRandomBlob("obd4j/source", SIZE, 7);
        blob = b.bytes();
        digest = b.digest();
    }

    @BeforeEach
    void start() throws Exception {
        proxy = new FaultProxy(peer.url());
        proxy.stallMillis = 4000;
        RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(3));
        source = RegistryClient.builder().retry(policy).build();
        destination = RegistryClient.builder().retry(policy).build();
    }

    @AfterEach
    void stop() throws Exception {
        source.close();
        destination.close();
        proxy.close();
    }

    @ParameterizedTest(name = "{0}, chunk {1}")
    @CsvSource({"TRUNCATE,0", "TRUNCATE,65536", "LONG_BODY,0", "LONG_BODY,65536", "RESET,0", "STATUS_500,65536",
        "STALL,0"})
    void faultySourceIsRetriedAndTheCopyIsExact(FaultProxy.Fault fault, long chunk) throws Exception {
        Repository from = Repository.of(proxy.url(), "obd4j/source");
        Repository to = peer.repository("obd4j/copy-" + fault.name().toLowerCase() + "-" + chunk);
        proxy.faults.add(fault);
        AtomicLong streamed = new AtomicLong();
        new BlobStreamer(source, destination, chunk, 1 << 20).copy(from, to, digest, SIZE, streamed::addAndGet);
        // the faulty GET and at least one good one (a loaded machine may time out an upload step once more)
        assertThat(proxy.faults).isEmpty();
        assertThat(proxy.blobRequests.get()).isGreaterThanOrEqualTo(2);
        assertThat(streamed.get()).isGreaterThanOrEqualTo(SIZE);
        assertThat(read(to)).isEqualTo(blob);
    }

    @Test
    void aSizeThatDisagreesWithTheSourceFailsWithoutCreatingTheBlob() throws Exception {
        Repository from = peer.repository("obd4j/source");
        Repository to = peer.repository("obd4j/copy-wrong-size");
        BlobStreamer streamer = new BlobStreamer(source, destination, 0, 1 << 20);
        assertThatThrownBy(() -> streamer.copy(from, to, digest, SIZE - 1, n -> { }))
                .isInstanceOf(RegistryException.class).hasMessageContaining("copy blob " + digest)
                .hasMessageContaining("4 attempts");
        assertThatThrownBy(() -> streamer.copy(from, to, digest, SIZE + 1, n -> { }))
                .isInstanceOf(RegistryException.class);
        assertThat(new BlobPusher(destination).exists(to, digest)).isFalse();
    }

    private byte[] read(Repository repo) throws Exception {
        byte[] got = new byte[SIZE];
        try (BlobRangeReader r = BlobRangeReader.open(destination, new BlobUrl(repo, digest), SIZE)) {
            r.readFully(0, got, 0, SIZE);
        }
        return got;
    }
}
