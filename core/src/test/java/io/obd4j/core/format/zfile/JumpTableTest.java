package io.obd4j.core.format.zfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.format.Crc32c;
import io.obd4j.core.format.FormatException;
import io.obd4j.core.io.BlockSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The load-time rejects of {@code JumpTable::build} and {@code load_jump_table} (spec §2.3). */
class JumpTableTest {

    private static BlockSource tableAt(long offset, int[] lengths) {
        ByteBuffer b = ByteBuffer.allocate((int) offset + 4 * lengths.length).order(ByteOrder.LITTLE_ENDIAN);
        b.position((int) offset);
        for (int len : lengths) {
            b.putInt(len);
        }
        byte[] bytes = b.array();
        return new BlockSource() {
            @Override
            public String name() {
                return "table";
            }

            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public int read(ByteBuffer dst, long off) {
                int n = (int) Math.min(dst.remaining(), bytes.length - off);
                dst.put(bytes, (int) off, n);
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    private static ZFileHeader header(int count, int bs, boolean verify, long indexOffset, int crc) {
        return new ZFileHeader(0x16, 0, indexOffset, count, (long) count * bs, crc, bs, 1, 0, 0, 0, verify ? 1 : 0);
    }

    private static int crcOf(int[] lengths) {
        ByteBuffer b = ByteBuffer.allocate(4 * lengths.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int len : lengths) {
            b.putInt(len);
        }
        return Crc32c.compute(0, b.array());
    }

    @Test
    void offsetsAccumulateFrom512() throws Exception {
        int[] lens = {100, 200, 5, 4000};
        JumpTable t = JumpTable.load(tableAt(5000, lens), header(4, 4096, true, 5000, crcOf(lens)), true);
        assertThat(t.blockCount()).isEqualTo(4);
        assertThat(t.offset(0)).isEqualTo(512);
        assertThat(t.offset(2)).isEqualTo(812);
        assertThat(t.offset(4)).isEqualTo(512 + 4305);
        assertThat(t.storedLength(3)).isEqualTo(4000);
    }

    @Test
    void lengthsNotAboveTheCrcSizeAreRejected() throws Exception {
        int[] withCrc = {100, 4, 100};
        assertThatThrownBy(() -> JumpTable.load(tableAt(600, withCrc), header(3, 4096, true, 600, 0), false))
                .isInstanceOf(FormatException.class).hasMessageContaining("jump table entry 1")
                .hasMessageContaining("> 4");
        int[] noCrc = {100, 0};
        assertThatThrownBy(() -> JumpTable.load(tableAt(600, noCrc), header(2, 4096, false, 600, 0), false))
                .isInstanceOf(FormatException.class).hasMessageContaining("jump table entry 1");
        JumpTable.load(tableAt(600, new int[] {1, 1}), header(2, 4096, false, 600, 0), false);
    }

    @Test
    void aGroupRunningLengthOf65535IsRejectedLikeTheU16Deltas() throws Exception {
        // 4 KiB blocks: groups of 16; the first 15 lengths of a group must sum below 65535
        int[] ok = new int[16];
        java.util.Arrays.fill(ok, 4368);
        ok[14] = 65534 - 14 * 4368;
        ok[15] = 60000;
        JumpTable.load(tableAt(0, ok), header(16, 4096, true, 0, 0), false);
        int[] bad = ok.clone();
        bad[14]++;
        assertThatThrownBy(() -> JumpTable.load(tableAt(0, bad), header(16, 4096, true, 0, 0), false))
                .isInstanceOf(FormatException.class).hasMessageContaining("jump table entry 14");
        // 64 KiB blocks: one block per group, any length passes the delta check
        JumpTable.load(tableAt(0, new int[] {70_000, 70_000}), header(2, 65536, true, 0, 0), false);
    }

    @Test
    void indexCrcIsCheckedOnlyWhenAsked() throws Exception {
        int[] lens = {100, 200};
        assertThatThrownBy(() -> JumpTable.load(tableAt(0, lens), header(2, 4096, true, 0, 12345), true))
                .isInstanceOf(FormatException.class).hasMessageContaining("index_crc");
        JumpTable.load(tableAt(0, lens), header(2, 4096, true, 0, 12345), false);
    }

    @Test
    void packedOffsetsMatchTheRunningSumForEveryBlockSizeAndCount() throws Exception {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(9);
        for (int bs = 4096; bs <= 65536; bs *= 2) {
            for (int count : new int[] {1, 15, 16, 17, 1000, 4096}) {
                int[] lens = new int[count];
                for (int i = 0; i < count; i++) {
                    // up to bs + 516 as a C++ writer may store, but within C++'s u16 group limit
                    lens[i] = 5 + rnd.nextInt(bs == 65536 ? bs + 512 : 65535 / (65536 / bs) - 5);
                }
                JumpTable t = JumpTable.load(tableAt(0, lens), header(count, bs, true, 0, 0), false);
                long expected = 512;
                for (int i = 0; i < count; i++) {
                    assertThat(t.offset(i)).as("bs %d count %d block %d", bs, count, i).isEqualTo(expected);
                    assertThat(t.storedLength(i)).isEqualTo(lens[i]);
                    expected += lens[i];
                }
                assertThat(t.offset(count)).isEqualTo(expected);
            }
        }
    }

    @Test
    void aTableOf4kBlocksKeepsAboutTwoAndAHalfBytesPerBlock() throws Exception {
        int count = 262_144;
        int[] lens = new int[count];
        java.util.Arrays.fill(lens, 2000);
        JumpTable t = JumpTable.load(tableAt(0, lens), header(count, 4096, true, 0, 0), false);
        assertThat(t.retainedBytes()).isLessThanOrEqualTo(count * 5L / 2 + 16);
        assertThat(t.offset(count)).isEqualTo(512 + 2000L * count);
    }
}
