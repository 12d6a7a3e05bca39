package io.obd4j.daemon.cli;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.format.lsmt.LsmtHeader;
import io.obd4j.core.format.lsmt.LsmtHeaderFormat;
import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.format.lsmt.LsmtReader;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.format.lsmt.SegmentIndex;
import io.obd4j.core.format.tar.TarWrappedSource;
import io.obd4j.core.format.zfile.ZFileDetector;
import io.obd4j.core.format.zfile.ZFileHeader;
import io.obd4j.core.format.zfile.ZFileHeaderFormat;
import io.obd4j.core.format.zfile.ZFileReader;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Describes a layer file as a tree of named values (what {@code obd4j info} prints as text or JSON): its wrapping
 * (tar payload, ZFile options and sizes), the LSMT header and trailer with decoded flags, and index statistics.
 * The {@code kind} strings are the fixture manifest's: {@code lsmt-ro}, {@code lsmt-ro(sealed)}, {@code lsmt-rw},
 * {@code lsmt-rw-sparse}, wrapped as {@code zfile(...)} and {@code tar(...)}.
 */
final class LayerInspector {
    private LayerInspector() {
    }

    /** Inspects {@code file}; {@code index} is the index file of an append-only writable layer, else null. */
    static Map<String, Object> inspect(Path file, Path index) throws IOException {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("file", file.toString());
        info.put("kind", null);
        try (LocalFileSource raw = LocalFileSource.open(file)) {
            info.put("file_size", raw.size());
            // "kind" was put first so it prints second; its value is known only at the end
            info.put("kind", inspectUnwrapped(raw, file, index, info));
        }
        return info;
    }

    private static String inspectUnwrapped(LocalFileSource raw, Path file, Path index, Map<String, Object> info)
            throws IOException {
        boolean tar = TarWrappedSource.isTar(raw);
        BlockSource src = raw;
        if (tar) {
            TarWrappedSource t = TarWrappedSource.open(raw);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("payload_offset", t.payloadOffset());
            m.put("payload_size", t.size());
            info.put("tar", m);
            src = t;
        }
        boolean zfile = src.size() >= ZFileHeaderFormat.SPACE
                && ZFileDetector.detect(src) != ZFileDetector.Result.NOT_ZFILE;
        String kind;
        if (zfile) {
            ZFileReader z = ZFileReader.open(src);
            info.put("zfile", zfileInfo(z));
            kind = "zfile(" + inspectLsmt(z, file, null, info) + ")";
        } else {
            kind = inspectLsmt(src, file, index, info);
        }
        return tar ? "tar(" + kind + ")" : kind;
    }

    private static Map<String, Object> zfileInfo(ZFileReader z) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        ZFileHeader h = z.metadata().header();
        m.put("algo", z.algorithm().name().toLowerCase(java.util.Locale.ROOT));
        m.put("block_size", z.blockSize());
        m.put("crc", z.hasBlockCrc());
        m.put("blocks", z.blockCount());
        m.put("original_file_size", z.size());
        long compressed = z.source().size();
        m.put("compressed_size", compressed);
        m.put("compression_ratio", compressed == 0 ? 0.0 : Math.round(z.size() * 1000.0 / compressed) / 1000.0);
        m.put("header_flags", h.flags());
        m.put("header_flags_decoded", zfileFlags(h.flags()));
        ZFileHeader t = trailer(z);
        if (t != null) {
            m.put("trailer_flags", t.flags());
            m.put("trailer_flags_decoded", zfileFlags(t.flags()));
        }
        m.put("header_overwrite", h.isHeaderOverwrite());
        return m;
    }

    /** The ZFile trailer, or null when the file has none (a header-overwritten file may be cut short). */
    private static ZFileHeader trailer(ZFileReader z) throws IOException {
        if (!z.metadata().header().isHeaderOverwrite()) {
            return z.metadata().inUse();
        }
        BlockSource s = z.source();
        if (s.size() < 2L * ZFileHeaderFormat.SPACE) {
            return null;
        }
        ByteBuffer area = ByteBuffer.allocate(ZFileHeaderFormat.SPACE);
        s.readFully(area, s.size() - ZFileHeaderFormat.SPACE);
        area.flip();
        if (!ZFileHeaderFormat.hasMagic(area)) {
            return null;
        }
        ZFileHeader t = ZFileHeaderFormat.decode(area);
        return t.isHeader() ? null : t;
    }

    private static String inspectLsmt(BlockSource src, Path file, Path index, Map<String, Object> info)
            throws IOException {
        ByteBuffer b = ByteBuffer.allocate(LsmtHeaderFormat.SPACE);
        src.readFully(b, 0);
        LsmtHeader header = LsmtHeader.decode(b.array(), 0, src.name(), 0);
        if (!header.isHeader() || !header.isDataFile()) {
            throw new FormatException(src.name(), "header.flags", LsmtHeaderFormat.FLAGS_OFFSET,
                    "a layer or RW data file (bit0 header, bit1 data); an RW index file is given as DATA INDEX",
                    String.format("0x%02X", header.flags()));
        }
        info.put("header", lsmtHeader(header));
        if (header.isSealed() || hasSealedTrailer(src)) {
            LsmtLayer layer = LsmtReader.open(src, src.name());
            info.put("trailer", lsmtHeader(layer.trailer()));
            info.put("index", indexStats(layer.index()));
            return layer.isSealedInPlace() ? "lsmt-ro(sealed)" : "lsmt-ro";
        }
        if (!(src instanceof LocalFileSource)) {
            throw new FormatException(src.name(), "header.flags", LsmtHeaderFormat.FLAGS_OFFSET,
                    "a committed layer inside a ZFile or tar", String.format("0x%02X (writable)", header.flags()));
        }
        if (!header.isSparse() && index == null) {
            throw new IllegalArgumentException(file + " is the data file of an append-only writable layer: "
                    + "give DATA INDEX");
        }
        try (RwLayer rw = RwLayer.open(file, header.isSparse() ? null : index, false)) {
            info.put("index", indexStats(rw.index()));
        }
        return header.isSparse() ? "lsmt-rw-sparse" : "lsmt-rw";
    }

    private static boolean hasSealedTrailer(BlockSource src) throws IOException {
        long size = src.size();
        if (size < 2L * LsmtHeaderFormat.SPACE) {
            return false;
        }
        ByteBuffer b = ByteBuffer.allocate(LsmtHeaderFormat.SPACE);
        src.readFully(b, size - LsmtHeaderFormat.SPACE);
        if (!LsmtHeader.hasMagic(b.array(), 0)) {
            return false;
        }
        LsmtHeader t = LsmtHeader.decode(b.array(), 0, src.name(), size - LsmtHeaderFormat.SPACE);
        return !t.isHeader() && t.isSealed();
    }

    private static Map<String, Object> lsmtHeader(LsmtHeader h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("flags", h.flags());
        m.put("flags_decoded", lsmtFlags(h.flags()));
        m.put("index_offset", h.indexOffset());
        m.put("index_size", h.indexSize());
        m.put("virtual_size", h.virtualSize());
        m.put("uuid", h.uuid());
        m.put("parent_uuid", h.parentUuid());
        m.put("version", h.version());
        m.put("sub_version", h.subVersion());
        m.put("user_tag", h.userTagText());
        return m;
    }

    static List<String> lsmtFlags(int f) {
        List<String> names = new ArrayList<>();
        names.add((f & LsmtHeaderFormat.FLAG_HEADER) != 0 ? "header" : "trailer");
        names.add((f & LsmtHeaderFormat.FLAG_DATA) != 0 ? "data" : "index");
        if ((f & LsmtHeaderFormat.FLAG_SEALED) != 0) {
            names.add("sealed");
        }
        if ((f & LsmtHeaderFormat.FLAG_SPARSE_RW) != 0) {
            names.add("sparse");
        }
        return names;
    }

    static List<String> zfileFlags(long f) {
        List<String> names = new ArrayList<>();
        names.add((f & ZFileHeaderFormat.FLAG_HEADER) != 0 ? "header" : "trailer");
        String[] bits = {null, "data", "sealed", "header_overwrite", "digest", "index_compressed"};
        for (int i = 1; i < bits.length; i++) {
            if ((f & (1L << i)) != 0) {
                names.add(bits[i]);
            }
        }
        return names;
    }

    private static Map<String, Object> indexStats(SegmentIndex idx) throws IOException {
        long[] s = new long[5];
        idx.forEach((offset, length, moffset, zeroed, tag) -> {
            s[0]++;
            if (zeroed) {
                s[1]++;
                s[3] += length * 512L;
            } else {
                s[2] += length * 512L;
            }
            s[4] = Math.max(s[4], length * 512L);
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", s[0]);
        m.put("data_records", s[0] - s[1]);
        m.put("zeroed_records", s[1]);
        m.put("mapped_bytes", s[2]);
        m.put("zeroed_bytes", s[3]);
        m.put("largest_record_bytes", s[4]);
        return m;
    }
}
