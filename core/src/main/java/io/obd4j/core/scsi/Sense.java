package io.obd4j.core.scsi;

import java.nio.ByteBuffer;

/**
 * Immutable sense data: key, ASC/ASCQ, optional INFORMATION and sense-key-specific field. Encoded in fixed
 * format ({@link SenseFormat}); the common conditions are constants so the error paths allocate nothing.
 */
public final class Sense {
    public static final Sense NO_SENSE = new Sense(SenseKey.NO_SENSE, 0x00, 0x00);
    public static final Sense INVALID_OPCODE = new Sense(SenseKey.ILLEGAL_REQUEST, 0x20, 0x00);
    public static final Sense LBA_OUT_OF_RANGE = new Sense(SenseKey.ILLEGAL_REQUEST, 0x21, 0x00);
    public static final Sense INVALID_FIELD_IN_CDB = new Sense(SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);
    public static final Sense LOGICAL_UNIT_NOT_SUPPORTED = new Sense(SenseKey.ILLEGAL_REQUEST, 0x25, 0x00);
    public static final Sense INVALID_FIELD_IN_PARAMETER_LIST = new Sense(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00);
    public static final Sense INVALID_RELEASE_OF_PERSISTENT_RESERVATION =
        new Sense(SenseKey.ILLEGAL_REQUEST, 0x26, 0x04);
    public static final Sense PARAMETER_LIST_LENGTH_ERROR = new Sense(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
    public static final Sense INVALID_FIELD_IN_INFORMATION_UNIT = new Sense(SenseKey.ILLEGAL_REQUEST, 0x0E, 0x03);
    public static final Sense INCOMPATIBLE_MEDIUM = new Sense(SenseKey.ILLEGAL_REQUEST, 0x30, 0x05);
    public static final Sense SAVING_PARAMETERS_NOT_SUPPORTED = new Sense(SenseKey.ILLEGAL_REQUEST, 0x39, 0x00);
    public static final Sense WRITE_PROTECTED = new Sense(SenseKey.DATA_PROTECT, 0x27, 0x00);
    public static final Sense UNRECOVERED_READ_ERROR = new Sense(SenseKey.MEDIUM_ERROR, 0x11, 0x00);
    public static final Sense WRITE_ERROR = new Sense(SenseKey.MEDIUM_ERROR, 0x0C, 0x00);
    public static final Sense MISCOMPARE_DURING_VERIFY = new Sense(SenseKey.MISCOMPARE, 0x1D, 0x00);
    public static final Sense INTERNAL_TARGET_FAILURE = new Sense(SenseKey.HARDWARE_ERROR, 0x44, 0x00);
    public static final Sense POWER_ON_RESET = new Sense(SenseKey.UNIT_ATTENTION, 0x29, 0x00);
    public static final Sense CAPACITY_DATA_CHANGED = new Sense(SenseKey.UNIT_ATTENTION, 0x2A, 0x09);
    public static final Sense NOT_READY_INITIALIZING_REQUIRED = new Sense(SenseKey.NOT_READY, 0x04, 0x02);

    private static final long NO_INFORMATION = -1;

    private final int key;
    private final int asc;
    private final int ascq;
    private final long information;
    private final int senseKeySpecific;

    public Sense(int key, int asc, int ascq) {
        this(key, asc, ascq, NO_INFORMATION, 0);
    }

    private Sense(int key, int asc, int ascq, long information, int senseKeySpecific) {
        if (key < 0 || key > 0xF || asc < 0 || asc > 0xFF || ascq < 0 || ascq > 0xFF) {
            throw new IllegalArgumentException("sense " + key + "/" + asc + "/" + ascq);
        }
        this.key = key;
        this.asc = asc;
        this.ascq = ascq;
        this.information = information;
        this.senseKeySpecific = senseKeySpecific;
    }

    /** A copy with the INFORMATION field set and VALID on (e.g. the offset of a miscompare); {@code 0..2^32-1}. */
    public Sense withInformation(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("information " + value);
        }
        return new Sense(key, asc, ascq, value, senseKeySpecific);
    }

    /**
     * A copy whose sense-key-specific field points at a CDB byte (SKSV=1, C/D=1), optionally at one bit of it
     * ({@code bit} 0..7, or -1 for the whole byte), as SPC-4 §4.5.2.4.2 describes for INVALID FIELD IN CDB.
     */
    public Sense withCdbFieldPointer(int byteIndex, int bit) {
        int bpv = bit >= 0 ? SenseFormat.SKS_BPV | (bit & 7) : 0;
        int sks = (SenseFormat.SKSV | SenseFormat.SKS_CDB | bpv) << 16 | (byteIndex & 0xFFFF);
        return new Sense(key, asc, ascq, information, sks);
    }

    public int key() {
        return key;
    }

    public int asc() {
        return asc;
    }

    public int ascq() {
        return ascq;
    }

    /** The INFORMATION field, or -1 when it is not valid. */
    public long information() {
        return information;
    }

    /** The 3-byte sense-key-specific field including SKSV, or 0 when none. */
    public int senseKeySpecific() {
        return senseKeySpecific;
    }

    /** Encodes fixed-format sense into {@code dst} at its position (not moved); returns the bytes written (18). */
    public int writeFixed(ByteBuffer dst) {
        if (dst.remaining() < SenseFormat.LENGTH) {
            throw new IllegalArgumentException("sense buffer has " + dst.remaining() + " bytes, needs "
                + SenseFormat.LENGTH);
        }
        int p = dst.position();
        for (int i = 0; i < SenseFormat.LENGTH; i++) {
            dst.put(p + i, (byte) 0);
        }
        boolean valid = information >= 0;
        dst.put(p + SenseFormat.RESPONSE_CODE, (byte) (SenseFormat.CURRENT_FIXED | (valid ? SenseFormat.VALID : 0)));
        dst.put(p + SenseFormat.SENSE_KEY, (byte) key);
        if (valid) {
            BigEndian.put32(dst, p + SenseFormat.INFORMATION, information);
        }
        dst.put(p + SenseFormat.ADDITIONAL_LENGTH, (byte) SenseFormat.ADDITIONAL_LENGTH_VALUE);
        dst.put(p + SenseFormat.ASC, (byte) asc);
        dst.put(p + SenseFormat.ASCQ, (byte) ascq);
        if (senseKeySpecific != 0) {
            dst.put(p + SenseFormat.SENSE_KEY_SPECIFIC, (byte) (senseKeySpecific >>> 16));
            BigEndian.put16(dst, p + SenseFormat.SENSE_KEY_SPECIFIC + 1, senseKeySpecific);
        }
        return SenseFormat.LENGTH;
    }

    /** Fixed-format sense as a new 18-byte array. */
    public byte[] toFixedBytes() {
        byte[] bytes = new byte[SenseFormat.LENGTH];
        writeFixed(ByteBuffer.wrap(bytes));
        return bytes;
    }

    /** Decodes fixed-format (0x70/0x71) sense; anything else is rejected with IllegalArgumentException. */
    public static Sense parseFixed(ByteBuffer src) {
        int p = src.position();
        if (src.remaining() < SenseFormat.ASCQ + 1) {
            throw new IllegalArgumentException("sense too short: " + src.remaining() + " bytes");
        }
        int code = src.get(p) & 0x7F;
        if (code != SenseFormat.CURRENT_FIXED && code != SenseFormat.DEFERRED_FIXED) {
            throw new IllegalArgumentException("not fixed-format sense: response code 0x" + Integer.toHexString(code));
        }
        Sense s = new Sense(src.get(p + SenseFormat.SENSE_KEY) & 0xF, src.get(p + SenseFormat.ASC) & 0xFF,
            src.get(p + SenseFormat.ASCQ) & 0xFF);
        if ((src.get(p) & SenseFormat.VALID) != 0) {
            s = s.withInformation(BigEndian.u32(src, p + SenseFormat.INFORMATION));
        }
        return s;
    }

    /** Same key/ASC/ASCQ (ignores INFORMATION and the sense-key-specific field). */
    public boolean sameCondition(Sense other) {
        return other != null && key == other.key && asc == other.asc && ascq == other.ascq;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sense && sameCondition((Sense) o) && information == ((Sense) o).information
            && senseKeySpecific == ((Sense) o).senseKeySpecific;
    }

    @Override
    public int hashCode() {
        return ((key * 31 + asc) * 31 + ascq) * 31 + Long.hashCode(information) + senseKeySpecific;
    }

    @Override
    public String toString() {
        String s = String.format("%s %02X/%02X", SenseKey.name(key), asc, ascq);
        return information >= 0 ? s + " info=" + information : s;
    }
}
