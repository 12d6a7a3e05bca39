package io.obd4j.core.format.lsmt;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A deliberately plain model of overlaybd's read-only open (spec §1.4) and read, written from the spec without the
 * reader's code: unsigned values as BigInteger, records as objects, reads by scanning every record. {@link #parse}
 * returns null when overlaybd would refuse the file.
 */
final class ReferenceLsmtModel {
    private static final BigInteger TWO64 = BigInteger.ONE.shiftLeft(64);
    private static final byte[] MAGIC = {0x4C, 0x53, 0x4D, 0x54, 0x00, 0x01, 0x02, 0x00, 0x65, 0x7E, 0x63,
        (byte) 0xD2, (byte) 0x94, 0x44, 0x08, 0x4C, (byte) 0xA2, (byte) 0xD2, (byte) 0xC8, (byte) 0xEC, 0x4F,
        (byte) 0xCF, (byte) 0xAE, (byte) 0x8A};

    final List<SegmentMapping> records;
    final byte[] file;

    private ReferenceLsmtModel(List<SegmentMapping> records, byte[] file) {
        this.records = records;
        this.file = file;
    }

    static ReferenceLsmtModel parse(byte[] f, int size) {
        if (size < 4096) {
            return null;
        }
        int t = size - 4096;
        if (!magic(f, 0) || (f[28] & 1) == 0 || (f[28] & 2) == 0) {
            return null;
        }
        if (!magic(f, t) || (f[t + 28] & 1) != 0 || (f[t + 28] & 2) == 0 || (f[t + 28] & 4) == 0) {
            return null;
        }
        BigInteger indexOffset = u64(f, t + 32);
        BigInteger indexSize = u64(f, t + 40);
        if (indexSize.compareTo(BigInteger.valueOf(1_000_000)) > 0) {
            return null;
        }
        BigInteger bytes = indexSize.multiply(BigInteger.valueOf(16));
        BigInteger room = BigInteger.valueOf(t).subtract(indexOffset).mod(TWO64);
        if (bytes.compareTo(room) > 0) {
            return null;
        }
        int n = indexSize.intValue();
        if (n > 0 && (indexOffset.testBit(63) || indexOffset.add(bytes).compareTo(BigInteger.valueOf(size)) > 0)) {
            return null;
        }
        BigInteger end = indexOffset.divide(BigInteger.valueOf(512));
        List<SegmentMapping> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int at = indexOffset.intValue() + i * 16;
            BigInteger w0 = u64(f, at);
            BigInteger w1 = u64(f, at + 8);
            long offset = w0.and(BigInteger.ONE.shiftLeft(50).subtract(BigInteger.ONE)).longValue();
            if (offset == (1L << 50) - 1) {
                continue;
            }
            int length = w0.shiftRight(50).intValue();
            BigInteger moffset = w1.and(BigInteger.ONE.shiftLeft(55).subtract(BigInteger.ONE));
            boolean zeroed = w1.testBit(55);
            if (!out.isEmpty() && out.get(out.size() - 1).end() > offset) {
                return null;
            }
            BigInteger eight = BigInteger.valueOf(8);
            BigInteger mend = zeroed ? moffset : moffset.add(BigInteger.valueOf(length));
            boolean ok = zeroed ? eight.compareTo(moffset) <= 0 && moffset.compareTo(end) <= 0
                    : eight.compareTo(moffset) <= 0 && moffset.compareTo(end) < 0 && eight.compareTo(mend) < 0
                    && mend.compareTo(end) <= 0;
            if (!ok) {
                return null;
            }
            out.add(new SegmentMapping(offset, length, moffset.longValue(), zeroed, 0));
        }
        return new ReferenceLsmtModel(out, f);
    }

    /**
     * The image bytes of sectors [sector, sector + sectors), read from the array given to {@link #parse}, which must
     * not have changed since.
     */
    byte[] read(long sector, int sectors) {
        byte[] out = new byte[sectors * 512];
        long endSector = sector + sectors;
        for (SegmentMapping m : records) {
            long s = Math.max(m.offset(), sector);
            long e = Math.min(m.end(), endSector);
            if (s >= e || m.zeroed()) {
                continue;
            }
            long src = (m.moffset() + (s - m.offset())) * 512;
            System.arraycopy(file, (int) src, out, (int) ((s - sector) * 512), (int) ((e - s) * 512));
        }
        return out;
    }

    private static boolean magic(byte[] f, int at) {
        return Arrays.equals(f, at, at + 24, MAGIC, 0, 24);
    }

    private static BigInteger u64(byte[] f, int at) {
        byte[] be = new byte[9];
        for (int i = 0; i < 8; i++) {
            be[8 - i] = f[at + i];
        }
        return new BigInteger(be);
    }
}
