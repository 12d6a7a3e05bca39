package io.obd4j.core.format.lsmt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obd4j.core.testing.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Replays the manifest's create command and ops of an RW fixture, and checks images against the manifest. */
final class FixtureReplay {
    /** obdtool writes in 1 MiB pwrite calls: each becomes one record. */
    static final int OBDTOOL_CHUNK = 1 << 20;

    private FixtureReplay() {
    }

    /** The LayerInfo of the fixture's create command (uuid random when the command gives none). */
    static LayerInfo createInfo(String fixture) {
        String[] cmd = Fixtures.fixture(fixture).get("commands").get(0).asText().split(" ");
        boolean stock = cmd[0].equals("overlaybd-create");
        int v = stock ? 3 : 4;
        long vsize = Long.parseLong(cmd[v]) * (stock ? 1L << 30 : 1);
        LayerInfo info = LayerInfo.of(vsize);
        for (int i = v + 1; i < cmd.length; i++) {
            switch (cmd[i]) {
                case "--uuid" -> info = info.withUuid(LayerUuid.parse(cmd[++i]));
                case "--parent-uuid" -> info = info.withParent(LayerUuid.parse(cmd[++i]));
                case "--sparse" -> info = info.withSparse(true);
                default -> throw new IllegalArgumentException(cmd[i]);
            }
        }
        return info;
    }

    static JsonNode ops(String fixture) {
        JsonNode f = Fixtures.fixture(fixture);
        return f.has("ops") ? f.get("ops") : Fixtures.fixture(f.get("ops_same_as").asText()).get("ops");
    }

    /** Applies the ops as obdtool does (1 MiB pwrite chunks; one fallocate per discard). */
    static void apply(RwLayer layer, JsonNode ops) throws IOException {
        for (JsonNode op : ops) {
            long off = op.get(1).asLong();
            long len = op.get(2).asLong();
            if (op.get(0).asText().equals("discard")) {
                layer.discard(off, len);
                continue;
            }
            String pattern = op.get(3).asText();
            for (long done = 0; done < len; done += OBDTOOL_CHUNK) {
                int n = (int) Math.min(OBDTOOL_CHUNK, len - done);
                layer.write(OpPatterns.generate(pattern, off + done, n), off + done);
            }
        }
    }

    /** Reads a whole image and checks vsize, sha256 and the non-zero 1 MiB chunks against the manifest. */
    static void assertImage(String fixture, long vsize, ImageReader reader) throws Exception {
        JsonNode exp = Fixtures.fixture(fixture).get("expected");
        assertThat(vsize).isEqualTo(exp.get("vsize").asLong());
        MessageDigest whole = sha256();
        List<String> chunks = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        for (long off = 0; off < vsize; off += buf.capacity()) {
            buf.clear().limit((int) Math.min(buf.capacity(), vsize - off));
            reader.read(buf, off);
            assertThat(buf.hasRemaining()).isFalse();
            buf.flip();
            whole.update(buf.duplicate());
            if (!allZero(buf)) {
                MessageDigest c = sha256();
                c.update(buf.duplicate());
                chunks.add(off + ":" + HexFormat.of().formatHex(c.digest()));
            }
        }
        List<String> expChunks = new ArrayList<>();
        for (JsonNode c : exp.get("nonzero_chunks")) {
            expChunks.add(c.get("offset").asLong() + ":" + c.get("sha256").asText());
        }
        assertThat(chunks).isEqualTo(expChunks);
        assertThat(HexFormat.of().formatHex(whole.digest())).isEqualTo(exp.get("sha256").asText());
    }

    /** Compares an index with {@code expected/<name>.index.json}, record by record (all five fields). */
    static void assertIndex(String name, SegmentIndex index) throws IOException {
        JsonNode exp = Fixtures.expectedIndex(name);
        List<String> actual = new ArrayList<>();
        index.forEach((o, l, m, z, t) -> actual.add(o + "," + l + "," + m + "," + (z ? 1 : 0) + "," + t));
        List<String> expected = new ArrayList<>();
        for (JsonNode m : exp.get("mappings")) {
            expected.add(m.get("offset").asLong() + "," + m.get("length").asInt() + "," + m.get("moffset").asLong()
                    + "," + m.get("zeroed").asInt() + "," + m.get("tag").asInt());
        }
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    private static boolean allZero(ByteBuffer b) {
        for (int i = b.position(); i < b.limit(); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path layer(String name) {
        return Fixtures.layer(name);
    }

    /** Reads a virtual byte range. */
    @FunctionalInterface
    interface ImageReader {
        void read(ByteBuffer dst, long offset) throws IOException;
    }
}
