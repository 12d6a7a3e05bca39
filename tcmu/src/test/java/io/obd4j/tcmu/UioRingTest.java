package io.obd4j.tcmu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.format.FormatException;
import io.obd4j.nativeio.MappedRegion;
import io.obd4j.nativeio.NativeFile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UioRingTest {
    private static final int FLAGS = 0xF;
    private static final int RING = 4096 - 128;
    private static final byte[] READ10 = {0x28, 0, 0, 0, 0, 8, 0, 0, 16, 0};

    @TempDir
    Path dir;

    /** A 2-iovec READ(10) entry exactly as queue_cmd_ring lays it out at ring index 0, and our completion. */
    @Test
    void goldenEntryAndCompletionBytes() throws Exception {
        try (NativeFile f = NativeFile.openReadWrite(dir.resolve("map"))) {
            f.ftruncate(4096 + 16384);
            try (MappedRegion map = MappedRegion.map(f.fd(), 4096 + 16384, 0)) {
                byte[] mailbox = hex("0200 0f00 80000000 800f0000 00000000");
                map.putBytes(0, mailbox, 0, mailbox.length);
                // len_op 0x81 = 128|CMD, cmd_id 7, iov_cnt 2, cdb_off 128+112, iovs {4096+8192, 4096}, {4096, 4096}
                byte[] entry = hex("81000000 0700 0000 02000000 00000000 00000000 00000000"
                        + "f000000000000000 0000000000000000 0000000000000000"
                        + "0030000000000000 0010000000000000 0010000000000000 0010000000000000"
                        + "0000000000000000 0000000000000000 0000000000000000 0000000000000000"
                        + "28000000000800001000 000000000000");
                assertThat(entry).hasSize(128);
                map.putBytes(128, entry, 0, entry.length);
                map.putInt(TcmuMailboxFormat.CMD_HEAD_OFFSET, 128);

                UioRing ring = new UioRing(map, "uio9");
                assertThat(ring.dataOffset()).isEqualTo(4096);
                assertThat(ring.hasCapability(TcmuMailboxFormat.CAP_OOOC)).isTrue();
                TcmuCommand cmd = new TcmuCommand();
                assertThat(ring.next(cmd)).isTrue();
                assertThat(cmd.cmdId()).isEqualTo(7);
                assertThat(bytes(cmd.cdb())).containsExactly(READ10);
                assertThat(cmd.iovCount()).isEqualTo(2);
                assertThat(cmd.iovBase(0)).isEqualTo(12288);
                assertThat(cmd.iovBase(1)).isEqualTo(4096);
                assertThat(cmd.dataLength()).isEqualTo(8192);
                assertThat(ring.next(cmd)).isFalse();
                assertThat(ring.fetchPosition()).isEqualTo(128);

                byte[] sense = hex("700005000000000a000000002400000000 00");
                ring.complete(7, 0x02, ByteBuffer.wrap(sense), 512);
                byte[] after = new byte[128];
                map.getBytes(128, after, 0, 128);
                byte[] expected = entry.clone();
                // cmd_id 7, uflags READ_LEN, status CHECK CONDITION, pads 0, read_len 512, sense + zeros to 111
                System.arraycopy(hex("81000000 0700 0002 02000000 00020000"), 0, expected, 0, 16);
                System.arraycopy(sense, 0, expected, 16, sense.length);
                java.util.Arrays.fill(expected, 16 + sense.length, 112, (byte) 0);
                assertThat(after).containsExactly(expected);
                assertThat(map.getInt(TcmuMailboxFormat.CMD_TAIL_OFFSET)).isEqualTo(128);
                assertThat(ring.outstanding()).isZero();
                assertThatThrownBy(() -> ring.complete(7, 0, null, -1)).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Test
    void outOfOrderCompletionStealsTheOldestSlot() throws Exception {
        try (FakeTcmuKernel k = new FakeTcmuKernel(dir.resolve("map2"), RING, 64 * 1024, FLAGS, 1);
             NativeFile f = NativeFile.openReadWrite(k.path());
             MappedRegion map = MappedRegion.map(f.fd(), k.mapSize(), 0)) {
            UioRing ring = new UioRing(map, "uio0");
            List<FakeTcmuKernel.Completion> done = new ArrayList<>();
            int[] ids = new int[3];
            for (int i = 0; i < 3; i++) {
                assertThat(k.queue(READ10, null, 4096, done::add)).isTrue();
            }
            TcmuCommand c = new TcmuCommand();
            for (int i = 0; i < 3; i++) {
                assertThat(ring.next(c)).isTrue();
                ids[i] = c.cmdId();
                map.slice((int) c.iovBase(0), 4096).put(0, (byte) (0x40 + i));
            }
            ring.complete(ids[2], 0, null, 4096);
            assertThat(k.reap(0)).isEqualTo(1);
            ring.complete(ids[0], 0, null, 4096);
            ring.complete(ids[1], 0, null, 4096);
            assertThat(k.reap(0)).isEqualTo(2);
            assertThat(k.errors()).isEmpty();
            assertThat(done).extracting(FakeTcmuKernel.Completion::cmdId).containsExactly(ids[2], ids[0], ids[1]);
            assertThat(done.get(0).dataIn()[0]).isEqualTo((byte) 0x42);
            assertThat(done.get(1).dataIn()[0]).isEqualTo((byte) 0x40);
            assertThat(done).allSatisfy(d -> {
                assertThat(d.readLength()).isEqualTo(4096);
                assertThat(d.uflags()).isEqualTo(TcmuCmdEntryFormat.UFLAG_READ_LEN);
            });
        }
    }

    @Test
    void padsAtWrapAndTmrEntriesAreSkipped() throws Exception {
        try (FakeTcmuKernel k = new FakeTcmuKernel(dir.resolve("map"), RING, 256 * 1024, FLAGS, 2, RING - 200);
             NativeFile f = NativeFile.openReadWrite(k.path());
             MappedRegion map = MappedRegion.map(f.fd(), k.mapSize(), 0)) {
            UioRing ring = new UioRing(map, "uio0");
            assertThat(ring.fetchPosition()).isEqualTo(RING - 200);
            List<FakeTcmuKernel.Completion> done = new ArrayList<>();
            assertThat(k.queue(READ10, null, 4096, done::add)).isTrue();   // 128 bytes at RING-200
            assertThat(k.queueTmr(1, 5)).isTrue();                          // 40 bytes
            assertThat(k.queue(READ10, null, 4096, done::add)).isTrue();   // PAD of 32, then at 0
            assertThat(k.padsWritten()).isEqualTo(1);
            int tmrEntry = FakeTcmuKernel.CMDR_OFF + RING - 200 + 128;
            TcmuCommand c = new TcmuCommand();
            assertThat(ring.next(c)).isTrue();
            int first = c.cmdId();
            assertThat(ring.next(c)).isTrue();
            int second = c.cmdId();
            assertThat(ring.next(c)).isFalse();
            assertThat(ring.fetchPosition()).isEqualTo(128);
            assertThat(map.getByte(tmrEntry + TcmuCmdEntryFormat.UFLAGS_OFFSET))
                    .isEqualTo((byte) TcmuCmdEntryFormat.UFLAG_UNKNOWN_OP);
            ring.complete(second, 0, null, -1);
            ring.complete(first, 0, null, -1);
            assertThat(map.getInt(TcmuMailboxFormat.CMD_TAIL_OFFSET)).isEqualTo(128);
            assertThat(k.reap(0)).isEqualTo(2);
            assertThat(k.errors()).isEmpty();
            assertThat(done).extracting(FakeTcmuKernel.Completion::cmdId).containsExactly(second, first);
            assertThat(done).allSatisfy(d -> {
                assertThat(d.uflags()).isZero();
                assertThat(d.status()).isZero();
            });
        }
    }

    @Test
    void brokenLayoutsAreFormatExceptions() throws Exception {
        try (NativeFile f = NativeFile.openReadWrite(dir.resolve("map"))) {
            f.ftruncate(8192);
            try (MappedRegion map = MappedRegion.map(f.fd(), 8192, 0)) {
                map.putShort(0, (short) 1);
                assertThatThrownBy(() -> new UioRing(map, "uio3")).isInstanceOf(FormatException.class)
                        .hasMessageContaining("uio3: mailbox version at offset 0: expected 2, found 1");
                map.putShort(0, (short) 2);
                map.putInt(4, 128);
                map.putInt(8, 1 << 20);
                assertThatThrownBy(() -> new UioRing(map, "uio3")).isInstanceOf(FormatException.class)
                        .hasMessageContaining("cmdr_size");
                map.putInt(8, 4096 - 128);
                map.putInt(12, 64);
                map.putInt(128, 0x1);
                UioRing ring = new UioRing(map, "uio3");
                assertThatThrownBy(() -> ring.next(new TcmuCommand())).isInstanceOf(FormatException.class)
                        .hasMessageContaining("len_op length at offset 128");
                map.putInt(128, 4000 | 1);
                assertThatThrownBy(() -> ring.next(new TcmuCommand())).isInstanceOf(FormatException.class)
                        .hasMessageContaining("entries never wrap");
                map.putInt(128, 112 | 1);
                map.putInt(136, 1);
                map.putLong(128 + 24, 128 + 64);
                map.putLong(128 + 48, 100);
                map.putLong(128 + 56, 10);
                assertThatThrownBy(() -> ring.next(new TcmuCommand())).isInstanceOf(FormatException.class)
                        .hasMessageContaining("iov[0]");
                map.putInt(12, 13);
                assertThatThrownBy(ring::head).isInstanceOf(FormatException.class).hasMessageContaining("cmd_head");
            }
        }
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().order(ByteOrder.LITTLE_ENDIAN).get(out);
        return out;
    }
}
