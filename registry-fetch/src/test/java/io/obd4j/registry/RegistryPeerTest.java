package io.obd4j.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class that talks to one real docker-registry ({@link RegistryPeer}) for all its tests: started before the
 * subclass's own {@code @BeforeAll} methods, stopped after its last test. Test classes run one after another, so the
 * static fields serve one class at a time.
 */
abstract class RegistryPeerTest {
    @TempDir
    static Path state;
    static RegistryPeer peer;

    @BeforeAll
    static void startPeer() throws Exception {
        peer = RegistryPeer.start(state.resolve("peers"));
    }

    @AfterAll
    static void stopPeer() throws Exception {
        if (peer != null) {
            peer.close();
            peer = null;
        }
    }

    /** {@code size} seeded random bytes pushed monolithically to {@code repository} of the peer. */
    static TestBlob pushRandomBlob(String repository, int size, long seed) throws Exception {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        Digest digest = Digest.sha256(bytes);
        Path f = state.resolve("blob-" + seed);
        Files.write(f, bytes);
        try (RegistryClient c = RegistryClient.builder().build()) {
            new BlobPusher(c).pushMonolithic(peer.repository(repository), digest, f);
        }
        return new TestBlob(bytes, digest);
    }

    /** A blob's bytes and digest. */
    record TestBlob(byte[] bytes, Digest digest) {
    }
}
