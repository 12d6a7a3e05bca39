package io.obd4j.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obd4j.core.format.lsmt.LsmtIndex;
import io.obd4j.core.format.lsmt.SegmentMapping;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Compares what obd4j reads with the C++-made expectations of MANIFEST.json and expected/*.index.json. */
public final class ImageOracle {
    private static final int CHUNK = 1 << 20;
    private static final byte[] ZERO = new byte[CHUNK];

    private ImageOracle() {
    }

    /** Whole-image sha256 and the sha256 of every 1 MiB chunk holding a non-zero byte, as the manifest lists them. */
    public static void assertImageMatches(BlockDevice dev, JsonNode expected) throws IOException {
        assertImageMatches(dev, expected, true);
    }

    /**
     * As {@link #assertImageMatches(BlockDevice, JsonNode)}; without {@code wholeSha} only the chunk list is
     * compared, which pins the same bytes (every chunk not listed must read as zeros) without hashing tens of GiB of
     * zeros (ext4_64 is 64 GiB).
     */
    public static void assertImageMatches(BlockDevice dev, JsonNode expected, boolean wholeSha) throws IOException {
        assertThat(dev.size()).isEqualTo(expected.get("vsize").asLong());
        MessageDigest whole = sha256();
        List<String> chunks = new ArrayList<>();
        byte[] heap = new byte[CHUNK];
        ByteBuffer buf = ByteBuffer.wrap(heap);
        for (long off = 0; off < dev.size(); off += CHUNK) {
            int n = (int) Math.min(CHUNK, dev.size() - off);
            buf.clear().limit(n);
            dev.read(buf, off);
            assertThat(buf.hasRemaining()).isFalse();
            if (wholeSha) {
                whole.update(heap, 0, n);
            }
            if (!allZero(heap, n)) {
                MessageDigest c = sha256();
                c.update(heap, 0, n);
                chunks.add(off + ":" + n + ":" + HexFormat.of().formatHex(c.digest()));
            }
        }
        if (wholeSha) {
            assertThat(HexFormat.of().formatHex(whole.digest())).isEqualTo(expected.get("sha256").asText());
        }
        JsonNode nz = expected.get("nonzero_chunks");
        assertThat(nz != null || wholeSha).as("a chunk list or the whole-image hash").isTrue();
        if (nz != null) {
            List<String> want = new ArrayList<>();
            for (JsonNode c : nz) {
                want.add(c.get("offset").asLong() + ":" + c.get("length").asLong() + ":" + c.get("sha256").asText());
            }
            assertThat(chunks).containsExactlyElementsOf(want);
        }
    }

    /** The index equals expected/NAME.index.json record for record; moffset of zeroed records is not compared. */
    public static void assertIndexMatches(LsmtIndex index, JsonNode dump, long vsize) {
        assertThat(vsize).isEqualTo(dump.get("vsize").asLong());
        assertThat(index.size()).isEqualTo(dump.get("count").asInt());
        assertThat(index.blockCount()).isEqualTo(dump.get("block_count").asLong());
        List<String> want = new ArrayList<>();
        for (JsonNode m : dump.get("mappings")) {
            boolean zeroed = m.get("zeroed").asInt() != 0;
            want.add(render(m.get("offset").asLong(), m.get("length").asInt(), m.get("moffset").asLong(), zeroed,
                    m.get("tag").asInt()));
        }
        List<String> got = new ArrayList<>();
        for (SegmentMapping m : index.toList()) {
            got.add(render(m.offset(), m.length(), m.moffset(), m.zeroed(), m.tag()));
        }
        assertThat(got).containsExactlyElementsOf(want);
    }

    private static String render(long offset, int length, long moffset, boolean zeroed, int tag) {
        return "{" + offset + "," + length + "," + (zeroed ? "zeroed" : String.valueOf(moffset)) + ",tag " + tag
                + "}";
    }

    private static boolean allZero(byte[] b, int n) {
        return Arrays.mismatch(b, 0, n, ZERO, 0, n) < 0;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
