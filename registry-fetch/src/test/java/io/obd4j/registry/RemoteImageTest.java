package io.obd4j.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.format.BlobUnwrapper;
import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.format.lsmt.LsmtReader;
import io.obd4j.core.image.ImageOracle;
import io.obd4j.core.image.LayerStack;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.testing.Fixtures;
import io.obd4j.registry.cache.CachePieceFormat;
import io.obd4j.registry.cache.CachePool;
import io.obd4j.registry.cache.CachedBlobSource;
import io.obd4j.registry.download.BackgroundDownloader;
import io.obd4j.registry.download.DownloadOptions;
import io.obd4j.registry.download.DownloadProgress;
import io.obd4j.registry.download.LayerDownload;
import io.obd4j.registry.download.SwitchableBlockSource;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole images read lazily from the real registry (through its redirect to a blob server) via the blob cache and
 * the LSMT/ZFile readers, compared with the same stack opened from the local fixture files and the C++ hashes.
 */
class RemoteImageTest {
    static final int PIECE = 64 * 1024;

    @TempDir
    static Path state;
    static RegistryPeer peer;
    static Map<String, Digest> digests;
    static RegistryClient client;

    @BeforeAll
    static void start() throws Exception {
        peer = RegistryPeer.start(state.resolve("peers"), "--redirect");
        client = RegistryClient.builder().build();
        digests = TestImages.push(client, peer.repository("obd4j/stack"), "v1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    static LayerStack open(List<String> names, Map<String, BlockSource> sources) throws Exception {
        List<LsmtLayer> layers = new ArrayList<>();
        for (String n : names) {
            layers.add(LsmtReader.open(BlobUnwrapper.unwrap(sources.get(n)), n));
        }
        return LayerStack.of(layers);
    }

    static List<String> layerNames(String fixture) {
        List<String> names = new ArrayList<>();
        for (JsonNode l : Fixtures.fixture(fixture).get("layers")) {
            names.add(Path.of(l.asText()).getFileName().toString());
        }
        return names;
    }

    Map<String, BlockSource> remote(List<String> names, CachePool pool) throws Exception {
        Map<String, BlockSource> m = new java.util.HashMap<>();
        for (String n : names) {
            BlobUrl url = new BlobUrl(peer.repository("obd4j/stack"), digests.get(n));
            BlockSource r = BlobRangeReader.open(client, url, Files.size(Fixtures.layer(n)));
            m.put(n, new CachedBlobSource(r, url.digest().toString(), pool));
        }
        return m;
    }

    static Map<String, BlockSource> local(List<String> names) throws Exception {
        Map<String, BlockSource> m = new java.util.HashMap<>();
        for (String n : names) {
            m.put(n, LocalFileSource.open(Fixtures.layer(n)));
        }
        return m;
    }

    @Test
    void stack3ReadRemotelyEqualsTheLocalStackAndTheCppHash() throws Exception {
        List<String> names = layerNames("stack3");
        RegistryStats stats = new RegistryStats();
        CachePool pool = CachePool.open(state.resolve("cache-a"), 1L << 30, PIECE, stats, AuditLog.disabled());
        long fetchedBefore = client.stats().bytesFetched();
        try (LayerStack remote = open(names, remote(names, pool)); LayerStack local = open(names, local(names))) {
            assertThat(remote.size()).isEqualTo(local.size());
            SplittableRandom rnd = new SplittableRandom(11);
            for (int i = 0; i < 300; i++) {
                long off = rnd.nextLong(remote.size() / 512) * 512;
                int len = (int) Math.min(remote.size() - off, 512 * (1 + rnd.nextInt(256)));
                ByteBuffer a = ByteBuffer.allocate(len);
                ByteBuffer b = ByteBuffer.allocate(len);
                remote.read(a, off);
                local.read(b, off);
                assertThat(a.array()).as("range %d+%d", off, len).isEqualTo(b.array());
            }
            ImageOracle.assertImageMatches(remote, Fixtures.fixture("stack3").get("expected"));
        }
        long rounded = 0;
        for (String n : names) {
            rounded += (Files.size(Fixtures.layer(n)) + PIECE - 1) / PIECE * PIECE;
        }
        long fetched = client.stats().bytesFetched() - fetchedBefore;
        assertThat(pool.stats()).isSameAs(stats);
        assertThat(stats.cacheMisses()).isPositive();
        // every byte fetched once, in whole pieces: never more than the blobs rounded up to pieces
        assertThat(fetched).isLessThanOrEqualTo(rounded).isLessThanOrEqualTo(stats.cacheMisses() * PIECE);
        System.out.println("stack3 remote read: cache misses " + stats.cacheMisses() + ", hits " + stats.cacheHits()
                + ", bytes fetched " + fetched + " of " + rounded + " (blobs rounded up to pieces)");
    }

    /** A piece that the cache cannot tell is wrong (its page CRCs were recomputed) is healed by the ZFile CRC. */
    @Test
    void zfileChecksumFailureEvictsAndRefetchesThroughTheCache() throws Exception {
        String name = "commit1.lz4-4k-crc.zfile";
        List<String> names = List.of(name);
        Path dir = state.resolve("cache-b");
        RegistryStats warm = new RegistryStats();
        try (LayerStack s = open(names, remote(names, CachePool.open(dir, 1L << 30, PIECE, warm,
                AuditLog.disabled())))) {
            ImageOracle.assertImageMatches(s, Fixtures.fixture("commit1.lz4-4k-crc").get("expected"));
        }
        Path piece = dir.resolve(digests.get(name).toString()).resolve("1.piece");
        byte[] file = Files.readAllBytes(piece);
        int dataOff = CachePieceFormat.dataOffset(PIECE);
        byte[] data = java.util.Arrays.copyOfRange(file, dataOff, file.length);
        for (int i = 0; i < data.length; i += 997) {
            data[i] ^= 0x5A;
        }
        ByteBuffer header = CachePieceFormat.header(data, data.length);
        Files.write(piece, concat(header.array(), data));

        RegistryStats stats = new RegistryStats();
        CachePool pool = CachePool.open(dir, 1L << 30, PIECE, stats, AuditLog.disabled());
        try (LayerStack s = open(names, remote(names, pool))) {
            ImageOracle.assertImageMatches(s, Fixtures.fixture("commit1.lz4-4k-crc").get("expected"));
        }
        assertThat(stats.evictRequests()).isPositive();
        assertThat(stats.corruptRefetches()).isZero();
        assertThat(stats.cacheMisses()).isPositive();
    }

    /** Background download from the registry (rate-limited) while the stack is read; audit lines as overlaybd. */
    @Test
    void backgroundDownloadSwitchesALiveRemoteLayerToLocal() throws Exception {
        String name = "stack-l2.lsmt";
        long size = Files.size(Fixtures.layer(name));
        BlobUrl url = new BlobUrl(peer.repository("obd4j/stack"), digests.get(name));
        Path auditFile = state.resolve("audit.log");
        try (AuditLog audit = AuditLog.open(auditFile, 1024, AuditLog.ROTATE_BYTES)) {
            CachePool pool = CachePool.open(state.resolve("cache-c"), 1L << 30, PIECE, new RegistryStats(), audit);
            SwitchableBlockSource sw = new SwitchableBlockSource(new CachedBlobSource(
                    BlobRangeReader.open(client, url, size), url.digest().toString(), pool));
            LayerDownload layer = new LayerDownload(state.resolve("layer-dir"), url.digest(), size,
                    BlobRangeReader.open(client, url, 0), sw);
            BackgroundDownloader d = new BackgroundDownloader(List.of(layer), new DownloadOptions(
                    java.time.Duration.ZERO, java.time.Duration.ZERO, 1, 2, 65536), audit, "dev0").start();
            try (LayerStack stack = open(List.of(name), Map.of(name, sw))) {
                while (d.isRunning()) {
                    ImageOracle.assertImageMatches(stack, Fixtures.fixture("stack-l2").get("expected"));
                }
                assertThat(layer.progress().state()).isEqualTo(DownloadProgress.State.DONE);
                assertThat(sw.current()).isInstanceOf(LocalFileSource.class);
                ImageOracle.assertImageMatches(stack, Fixtures.fixture("stack-l2").get("expected"));
            }
            assertThat(Files.readAllBytes(state.resolve("layer-dir/overlaybd.commit")))
                    .isEqualTo(Files.readAllBytes(Fixtures.layer(name)));
            audit.flush(5000);
        }
        List<String> lines = Files.readAllLines(auditFile);
        assertThat(lines).anyMatch(l -> l.contains("|AUDIT|th=") && l.contains("|download[pathname=/" + url
                + "][offset=0][size=" + PIECE + "][latency="));
        assertThat(lines).anyMatch(l -> l.contains("|bk_download[pathname=/" + url + "][offset=65536][size=65536]"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
