package io.obd4j.core.scsi;

import io.obd4j.core.image.RawFileDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** A {@link ScsiDevice} over a real {@link RawFileDevice} on a temporary file, plus CDB builders for tests. */
final class ScsiHarness implements AutoCloseable {
    final Path file;
    final RawFileDevice raw;
    final ScsiDevice device;

    private ScsiHarness(Path file, RawFileDevice raw, ScsiDevice device) {
        this.file = file;
        this.raw = raw;
        this.device = device;
    }

    /** A fresh sparse file of {@code blocks} blocks under {@code dir}, read-write. */
    static ScsiHarness create(Path dir, int blockSize, long blocks) throws IOException {
        return create(dir, blockSize, blocks, b -> b);
    }

    static ScsiHarness create(Path dir, int blockSize, long blocks,
                              java.util.function.UnaryOperator<ScsiDevice.Builder> config) throws IOException {
        Path file = Files.createTempFile(dir, "lun", ".raw");
        RawFileDevice raw = RawFileDevice.create(file, blocks * blockSize);
        return new ScsiHarness(file, raw, config.apply(ScsiDevice.builder(raw).blockSize(blockSize)).build());
    }

    /** The same file opened read-only. */
    static ScsiHarness readOnly(Path dir, int blockSize, long blocks) throws IOException {
        Path file = Files.createTempFile(dir, "ro", ".raw");
        RawFileDevice.create(file, blocks * blockSize).close();
        RawFileDevice raw = RawFileDevice.open(file, true);
        return new ScsiHarness(file, raw, ScsiDevice.builder(raw).blockSize(blockSize).build());
    }

    /** Executes with no data-out and a data-in buffer of {@code expectedIn} bytes. */
    Result in(byte[] cdb, int expectedIn) {
        ByteBuffer in = ByteBuffer.allocate(expectedIn);
        ScsiResponse rsp = device.execute(ByteBuffer.wrap(cdb), null, in);
        return new Result(rsp, Arrays.copyOf(in.array(), rsp.dataInLength()));
    }

    /** Executes with {@code dataOut} as data-out and no data-in. */
    Result out(byte[] cdb, byte[] dataOut) {
        ScsiResponse rsp = device.execute(ByteBuffer.wrap(cdb), ByteBuffer.wrap(dataOut), null);
        return new Result(rsp, new byte[0]);
    }

    /** Executes with neither data-out nor data-in. */
    Result none(byte[] cdb) {
        return new Result(device.execute(ByteBuffer.wrap(cdb), null, null), new byte[0]);
    }

    @Override
    public void close() throws IOException {
        raw.close();
        Files.deleteIfExists(file);
    }

    /** What a command returned. */
    record Result(ScsiResponse rsp, byte[] data) {
        boolean good() {
            return rsp.isGood();
        }

        Sense sense() {
            return rsp.sense();
        }
    }

    // ---- CDB builders (big-endian fields) ----

    static byte[] cdb6(int op, int lba, int len) {
        return new byte[] {(byte) op, (byte) ((lba >>> 16) & 0x1F), (byte) (lba >>> 8), (byte) lba, (byte) len, 0};
    }

    static byte[] cdb10(int op, int flags, long lba, int len) {
        byte[] c = new byte[10];
        c[0] = (byte) op;
        c[1] = (byte) flags;
        put32(c, 2, lba);
        c[7] = (byte) (len >>> 8);
        c[8] = (byte) len;
        return c;
    }

    static byte[] cdb12(int op, int flags, long lba, long len) {
        byte[] c = new byte[12];
        c[0] = (byte) op;
        c[1] = (byte) flags;
        put32(c, 2, lba);
        put32(c, 6, len);
        return c;
    }

    static byte[] cdb16(int op, int flags, long lba, long len) {
        byte[] c = new byte[16];
        c[0] = (byte) op;
        c[1] = (byte) flags;
        put32(c, 2, lba >>> 32);
        put32(c, 6, lba);
        put32(c, 10, len);
        return c;
    }

    static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static byte[] inquiry(boolean evpd, int page, int allocation) {
        return new byte[] {0x12, (byte) (evpd ? 1 : 0), (byte) page, (byte) (allocation >>> 8), (byte) allocation, 0};
    }

    /** Bytes from a hex string with optional spaces ("01 0a 00"). */
    static byte[] hex(String s) {
        String t = s.replace(" ", "").replace("\n", "");
        byte[] b = new byte[t.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed * 7 + (i >>> 9));
        }
        return b;
    }
}
