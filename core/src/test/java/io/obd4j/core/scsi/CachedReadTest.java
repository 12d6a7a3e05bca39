package io.obd4j.core.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.nativeio.NativeFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ScsiDevice#executeIfCached}: a READ of bytes in the page cache completes on the calling thread with the same
 * response and data as {@link ScsiDevice#execute}; anything that would wait for the device, write, fail or meet a
 * reservation is left to a worker untouched.
 */
class CachedReadTest {
    private static final int BLOCK = 512;
    private static final long BLOCKS = 2048;

    @TempDir
    Path dir;

    @Test
    void cachedReadMatchesExecuteByteForByte() throws Exception {
        try (ScsiHarness h = ScsiHarness.create(dir, BLOCK, BLOCKS)) {
            byte[] data = ScsiHarness.pattern(64 * BLOCK, 5);
            assertThat(h.out(ScsiHarness.cdb10(0x2A, 0, 100, 64), data).good()).isTrue();
            for (byte[] cdb : new byte[][] {ScsiHarness.cdb10(0x28, 0, 100, 64), ScsiHarness.cdb16(0x88, 0, 100, 64),
                ScsiHarness.cdb12(0xA8, 0, 100, 64), ScsiHarness.cdb6(0x08, 100, 64)}) {
                for (int expected : new int[] {64 * BLOCK, 16 * BLOCK, 80 * BLOCK}) {
                    ScsiResponse viaWorker = new ScsiResponse();
                    ByteBuffer workerIn = ByteBuffer.allocateDirect(expected);
                    h.device.execute(new Cdb().wrap(ByteBuffer.wrap(cdb)), null, workerIn, viaWorker);

                    ScsiResponse onLoop = new ScsiResponse();
                    ByteBuffer loopIn = ByteBuffer.allocateDirect(expected);
                    assertThat(h.device.executeIfCached(new Cdb().wrap(ByteBuffer.wrap(cdb)), loopIn, onLoop,
                        ItNexus.LOCAL)).as("cached READ opcode 0x%02x", cdb[0]).isTrue();
                    assertThat(onLoop.toString()).isEqualTo(viaWorker.toString());
                    assertThat(onLoop.dataInLength()).isEqualTo(Math.min(expected, 64 * BLOCK));
                    assertThat(onLoop.residualCount()).isEqualTo(viaWorker.residualCount());
                    assertThat(onLoop.isOverflow()).isEqualTo(viaWorker.isOverflow());
                    assertThat(loopIn.position()).isZero();
                    assertThat(bytes(loopIn, onLoop.dataInLength())).isEqualTo(bytes(workerIn, onLoop.dataInLength()))
                        .isEqualTo(java.util.Arrays.copyOf(data, onLoop.dataInLength()));
                }
            }
        }
    }

    @Test
    void readsThatWouldWaitForTheDeviceGoToAWorker() throws Exception {
        try (ScsiHarness h = ScsiHarness.create(dir, BLOCK, BLOCKS)) {
            assertThat(h.out(ScsiHarness.cdb10(0x2A, 0, 0, 256), ScsiHarness.pattern(256 * BLOCK, 9)).good()).isTrue();
            try (NativeFile f = NativeFile.openReadOnly(h.file)) {
                h.raw.flush();
                f.dropCache(0, 0);
                ByteBuffer probe = ByteBuffer.allocateDirect(BLOCK);
                Assumptions.assumeTrue(f.preadNoWait(probe, 0) < 0, "the temp dir's file system keeps dropped pages");
            }
            ByteBuffer in = ByteBuffer.allocateDirect(256 * BLOCK);
            assertThat(h.device.executeIfCached(read10(0, 256), in, new ScsiResponse(), ItNexus.LOCAL)).isFalse();
            assertThat(h.device.execute(read10(0, 256), null, in, new ScsiResponse()).isGood()).isTrue();
            assertThat(h.device.executeIfCached(read10(0, 256), in.clear(), new ScsiResponse(), ItNexus.LOCAL))
                .as("the worker's read brought the pages in").isTrue();
        }
    }

    @Test
    void everythingButAGoodReadIsLeftToTheWorker() throws Exception {
        try (ScsiHarness h = ScsiHarness.create(dir, BLOCK, BLOCKS)) {
            ByteBuffer in = ByteBuffer.allocateDirect(8 * BLOCK);
            h.device.execute(read10(0, 8), null, in, new ScsiResponse());
            ScsiResponse rsp = new ScsiResponse();
            assertThat(h.device.executeIfCached(read10(0, 8), in.clear(), rsp, ItNexus.LOCAL)).isTrue();
            assertThat(h.device.executeIfCached(read10(BLOCKS - 4, 8), in.clear(), rsp, ItNexus.LOCAL))
                .as("LBA out of range: the worker reports it").isFalse();
            assertThat(h.device.executeIfCached(new Cdb().wrap(ByteBuffer.wrap(ScsiHarness.cdb10(0x28, 0x08, 0, 8))),
                in.clear(), rsp, ItNexus.LOCAL)).as("FUA: INVALID FIELD IN CDB from the worker").isFalse();
            assertThat(h.device.executeIfCached(new Cdb().wrap(ByteBuffer.wrap(ScsiHarness.cdb10(0x2A, 0, 0, 8))),
                in.clear(), rsp, ItNexus.LOCAL)).as("WRITE").isFalse();
            assertThat(h.device.executeIfCached(new Cdb().wrap(ByteBuffer.wrap(ScsiHarness.inquiry(false, 0, 36))),
                in.clear(), rsp, ItNexus.LOCAL)).as("INQUIRY").isFalse();
            assertThat(h.device.executeIfCached(read10(0, 8), ByteBuffer.allocate(8 * BLOCK), rsp, ItNexus.LOCAL))
                .as("heap buffer").isFalse();

            assertThat(h.none(new byte[] {0x16, 0, 0, 0, 0, 0}).good()).as("RESERVE(6)").isTrue();
            assertThat(h.device.executeIfCached(read10(0, 8), in.clear(), rsp, ItNexus.LOCAL))
                .as("a reservation in force: the worker checks it").isFalse();
        }
    }

    private static Cdb read10(long lba, int blocks) {
        return new Cdb().wrap(ByteBuffer.wrap(ScsiHarness.cdb10(0x28, 0, lba, blocks)));
    }

    private static byte[] bytes(ByteBuffer buf, int length) {
        byte[] b = new byte[length];
        buf.duplicate().position(0).get(b);
        return b;
    }
}
