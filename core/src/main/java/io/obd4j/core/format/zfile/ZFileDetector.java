package io.obd4j.core.format.zfile;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;

/** overlaybd's {@code ZFile::is_zfile} (spec §2.7). */
public final class ZFileDetector {

    /** The three answers of {@code is_zfile}. */
    public enum Result {
        /** 1: both magics, header bit set, digest valid or not enabled. */
        ZFILE(1),
        /** 0: not a ZFile header. */
        NOT_ZFILE(0),
        /** -1: fewer than 512 bytes, or the magic matches but the header digest does not. */
        INVALID(-1);

        private final int code;

        Result(int code) {
            this.code = code;
        }

        /** The C++ return value. */
        public int code() {
            return code;
        }
    }

    private ZFileDetector() {
    }

    /** Classifies {@code source} by its first 512 bytes. */
    public static Result detect(BlockSource source) throws IOException {
        ByteBuffer area = ByteBuffer.allocate(ZFileHeaderFormat.SPACE);
        if (!readArea(source, area)) {
            return Result.INVALID;
        }
        if (!ZFileHeaderFormat.hasMagic(area) || !ZFileHeaderFormat.decode(area).isHeader()) {
            return Result.NOT_ZFILE;
        }
        return digestValid(area) ? Result.ZFILE : Result.INVALID;
    }

    /** Reads the header into {@code area} and returns it, or throws naming what is wrong. */
    static ZFileHeader readValidHeader(BlockSource source, ByteBuffer area) throws IOException {
        String file = source.name();
        if (!readArea(source, area)) {
            throw new FormatException(file, "header", 0, ZFileHeaderFormat.SPACE + " bytes",
                    "a file of " + source.size() + " bytes");
        }
        ZFileHeader h = ZFileHeaderFormat.hasMagic(area) ? ZFileHeaderFormat.decode(area) : null;
        if (h == null || !h.isHeader()) {
            throw new FormatException(file, "header magic/type", 0,
                    "\"ZFile\\0\\1\" + \"tuji.yyf@Alibaba\" with flags bit 0 (header) set",
                    h == null ? "other bytes" : "flags 0x" + Long.toHexString(h.flags()));
        }
        if (!digestValid(area)) {
            throw new FormatException(file, "header digest", ZFileHeaderFormat.DIGEST_OFFSET,
                    JumpTable.hex(ZFileHeaderFormat.digestOf(area.array(), 0)), JumpTable.hex(h.digest()));
        }
        return h;
    }

    private static boolean readArea(BlockSource source, ByteBuffer area) throws IOException {
        area.clear();
        if (source.size() < ZFileHeaderFormat.SPACE) {
            return false;
        }
        source.readFully(area, 0);
        area.flip();
        return true;
    }

    private static boolean digestValid(ByteBuffer area) {
        ZFileHeader h = ZFileHeaderFormat.decode(area);
        return !h.isDigestEnabled() || ZFileHeaderFormat.digestOf(area.array(), 0) == h.digest();
    }
}
