package io.obd4j.core.format.lsmt;

import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.FLAGS_OFFSET;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.FLAG_DATA;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.FLAG_HEADER;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.FLAG_SEALED;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.FLAG_SPARSE_RW;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.INDEX_OFFSET_OFFSET;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.INDEX_SIZE_OFFSET;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.MAGIC0;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.MAGIC0_OFFSET;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.MAGIC1_OFFSET;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.PARENT_UUID_OFFSET;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.SIZE_OFFSET;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.SPACE;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.STRUCT_SIZE;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.SUB_VERSION;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.SUB_VERSION_OFFSET;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.USER_TAG_LENGTH;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.USER_TAG_OFFSET;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.UUID_FIELD_LENGTH;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.UUID_OFFSET;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.VERSION;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.VERSION_OFFSET;
import static io.obd4j.core.format.lsmt.LsmtHeaderFormat.VIRTUAL_SIZE_OFFSET;

import io.obd4j.core.format.FormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The decoded fields of one LSMT header or trailer ({@link LsmtHeaderFormat}). Decoding checks only the magics;
 * which flags a given file kind needs is the reader's business (spec §1.4, §1.5).
 *
 * @param flags       flag bits ({@code FLAG_*})
 * @param indexOffset index position in bytes
 * @param indexSize   index length in 16-byte records
 * @param virtualSize virtual disk size in bytes
 * @param uuid        the uuid string as stored (up to the first NUL)
 * @param parentUuid  the parent uuid string as stored
 * @param userTag     the user tag bytes up to the first NUL (at most 256)
 */
public record LsmtHeader(int flags, long indexOffset, long indexSize, long virtualSize, String uuid, String parentUuid,
                         int version, int subVersion, byte[] userTag) {

    public LsmtHeader {
        if (userTag.length > USER_TAG_LENGTH) {
            throw new IllegalArgumentException("user tag longer than " + USER_TAG_LENGTH + " bytes: " + userTag.length);
        }
        userTag = userTag.clone();
    }

    /** A header/trailer with version 1.1 and the given fields. */
    public static LsmtHeader of(int flags, long indexOffset, long indexSize, long virtualSize, LayerUuid uuid,
                                LayerUuid parentUuid, byte[] userTag) {
        return new LsmtHeader(flags, indexOffset, indexSize, virtualSize, uuid.toString(), parentUuid.toString(),
                VERSION, SUB_VERSION, userTag);
    }

    public boolean isHeader() {
        return (flags & FLAG_HEADER) != 0;
    }

    public boolean isDataFile() {
        return (flags & FLAG_DATA) != 0;
    }

    public boolean isSealed() {
        return (flags & FLAG_SEALED) != 0;
    }

    public boolean isSparse() {
        return (flags & FLAG_SPARSE_RW) != 0;
    }

    @Override
    public byte[] userTag() {
        return userTag.clone();
    }

    /** The user tag as text (UTF-8, as the C++ tools print it). */
    public String userTagText() {
        return new String(userTag, StandardCharsets.UTF_8);
    }

    public LsmtHeader withFlags(int newFlags) {
        return new LsmtHeader(newFlags, indexOffset, indexSize, virtualSize, uuid, parentUuid, version, subVersion,
                userTag);
    }

    public LsmtHeader withIndex(long newIndexOffset, long newIndexSize) {
        return new LsmtHeader(flags, newIndexOffset, newIndexSize, virtualSize, uuid, parentUuid, version, subVersion,
                userTag);
    }

    public LsmtHeader withVirtualSize(long newVirtualSize) {
        return new LsmtHeader(flags, indexOffset, indexSize, newVirtualSize, uuid, parentUuid, version, subVersion,
                userTag);
    }

    /** The 4096 bytes of this header as the C++ writer lays them out (rest zero). */
    public byte[] encode() {
        byte[] out = new byte[SPACE];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MAGIC0_OFFSET, MAGIC0);
        System.arraycopy(LsmtHeaderFormat.magic1(), 0, out, MAGIC1_OFFSET, 16);
        b.putInt(SIZE_OFFSET, STRUCT_SIZE);
        b.putInt(FLAGS_OFFSET, flags);
        b.putLong(INDEX_OFFSET_OFFSET, indexOffset);
        b.putLong(INDEX_SIZE_OFFSET, indexSize);
        b.putLong(VIRTUAL_SIZE_OFFSET, virtualSize);
        putString(out, UUID_OFFSET, uuid, UUID_FIELD_LENGTH - 1);
        putString(out, PARENT_UUID_OFFSET, parentUuid, UUID_FIELD_LENGTH - 1);
        out[VERSION_OFFSET] = (byte) version;
        out[SUB_VERSION_OFFSET] = (byte) subVersion;
        System.arraycopy(userTag, 0, out, USER_TAG_OFFSET, userTag.length);
        return out;
    }

    /**
     * Decodes the header/trailer at {@code b[base .. base+390)}; {@code fileOffset} is where it sits in
     * {@code file}, for error messages. Only the magics are checked here.
     */
    public static LsmtHeader decode(byte[] b, int base, String file, long fileOffset) throws FormatException {
        if (b.length - base < STRUCT_SIZE) {
            throw new FormatException(file, "HeaderTrailer", fileOffset, STRUCT_SIZE + " bytes", b.length - base);
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long magic0 = bb.getLong(base + MAGIC0_OFFSET);
        if (magic0 != MAGIC0) {
            throw new FormatException(file, "magic0", fileOffset + MAGIC0_OFFSET,
                    String.format("0x%016X (\"LSMT\\0\\1\\2\")", MAGIC0), String.format("0x%016X", magic0));
        }
        if (!LsmtHeaderFormat.magic1Matches(b, base)) {
            throw new FormatException(file, "magic1", fileOffset + MAGIC1_OFFSET,
                    "657E63D2-9444-084C-A2D2-C8EC4FCFAE8A", hex(b, base + MAGIC1_OFFSET, 16));
        }
        return new LsmtHeader(bb.getInt(base + FLAGS_OFFSET), bb.getLong(base + INDEX_OFFSET_OFFSET),
                bb.getLong(base + INDEX_SIZE_OFFSET), bb.getLong(base + VIRTUAL_SIZE_OFFSET),
                getString(b, base + UUID_OFFSET, UUID_FIELD_LENGTH), getString(b, base + PARENT_UUID_OFFSET,
                UUID_FIELD_LENGTH), b[base + VERSION_OFFSET] & 0xFF, b[base + SUB_VERSION_OFFSET] & 0xFF,
                Arrays.copyOfRange(b, base + USER_TAG_OFFSET, base + USER_TAG_OFFSET
                        + cStringLength(b, base + USER_TAG_OFFSET, USER_TAG_LENGTH)));
    }

    /** True when {@code b[base..]} carries both LSMT magics (spec §2.7 {@code is_lsmt}, without the flag test). */
    public static boolean hasMagic(byte[] b, int base) {
        if (b.length - base < MAGIC1_OFFSET + 16) {
            return false;
        }
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(base) == MAGIC0
                && LsmtHeaderFormat.magic1Matches(b, base);
    }

    private static void putString(byte[] out, int off, String s, int max) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, out, off, Math.min(bytes.length, max));
    }

    private static String getString(byte[] b, int off, int max) {
        return new String(b, off, cStringLength(b, off, max), StandardCharsets.US_ASCII);
    }

    private static int cStringLength(byte[] b, int off, int max) {
        int n = 0;
        while (n < max && b[off + n] != 0) {
            n++;
        }
        return n;
    }

    private static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append(String.format("%02X", b[off + i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LsmtHeader h && flags == h.flags && indexOffset == h.indexOffset
                && indexSize == h.indexSize && virtualSize == h.virtualSize && uuid.equals(h.uuid)
                && parentUuid.equals(h.parentUuid) && version == h.version && subVersion == h.subVersion
                && Arrays.equals(userTag, h.userTag);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(indexOffset) * 31 + Long.hashCode(virtualSize) + uuid.hashCode();
    }

    @Override
    public String toString() {
        return String.format("LsmtHeader{flags=0x%02X, indexOffset=%d, indexSize=%d, virtualSize=%d, uuid=%s, "
                + "parentUuid=%s, version=%d.%d, userTag=%s}", flags, indexOffset, indexSize, virtualSize, uuid,
                parentUuid, version, subVersion, userTagText());
    }
}
