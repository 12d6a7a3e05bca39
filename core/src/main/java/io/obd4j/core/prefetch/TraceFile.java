package io.obd4j.core.prefetch;

import io.obd4j.core.format.Crc32c;
import io.obd4j.core.format.FormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@link TraceFormat} files exactly as overlaybd's {@code reload()} and {@code dump()} do. */
public final class TraceFile {
    private TraceFile() {
    }

    /**
     * overlaybd's {@code new_prefetcher} test: an empty file (to be recorded) or one starting with the magic is a
     * trace; anything else is a file list.
     */
    public static boolean isTrace(Path path) throws IOException {
        long size = Files.size(path);
        if (size == 0) {
            return true;
        }
        if (size < TraceFormat.HEADER_SIZE) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, 0);
            return b.flip().remaining() == 4 && b.getInt(0) == TraceFormat.MAGIC;
        }
    }

    /**
     * Loads every record, checking the magic, that the file size is {@code 24 + data_size}, that {@code data_size}
     * is a whole number of records and the checksum.
     *
     * @throws FormatException naming the file, the field and what was expected
     */
    public static List<TraceRecord> read(Path path) throws IOException {
        String name = path.toString();
        byte[] all = Files.readAllBytes(path);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all.length < TraceFormat.HEADER_SIZE) {
            throw new FormatException(name, "TraceHeader", 0, TraceFormat.HEADER_SIZE + " bytes",
                    all.length + " bytes");
        }
        int magic = b.getInt(TraceFormat.MAGIC_OFFSET);
        if (magic != TraceFormat.MAGIC) {
            throw new FormatException(name, "magic", TraceFormat.MAGIC_OFFSET, hex(TraceFormat.MAGIC), hex(magic));
        }
        long dataSize = b.getLong(TraceFormat.DATA_SIZE_OFFSET);
        if (dataSize != all.length - TraceFormat.HEADER_SIZE) {
            throw new FormatException(name, "data_size", TraceFormat.DATA_SIZE_OFFSET,
                    "file size - 24 = " + (all.length - TraceFormat.HEADER_SIZE), dataSize);
        }
        if (dataSize % TraceFormat.RECORD_SIZE != 0) {
            throw new FormatException(name, "data_size", TraceFormat.DATA_SIZE_OFFSET,
                    "a multiple of " + TraceFormat.RECORD_SIZE, dataSize);
        }
        int stored = b.getInt(TraceFormat.CHECKSUM_OFFSET);
        int crc = Crc32c.compute(0, all, TraceFormat.HEADER_SIZE, (int) dataSize);
        if (crc != stored) {
            throw new FormatException(name, "checksum", TraceFormat.CHECKSUM_OFFSET, hex(crc), hex(stored));
        }
        List<TraceRecord> out = new ArrayList<>((int) (dataSize / TraceFormat.RECORD_SIZE));
        for (int at = TraceFormat.HEADER_SIZE; at < all.length; at += TraceFormat.RECORD_SIZE) {
            long count = b.getLong(at + TraceFormat.COUNT_OFFSET);
            long offset = b.getLong(at + TraceFormat.FILE_OFFSET);
            if (count < 0 || offset < 0) {
                throw new FormatException(name, count < 0 ? "count" : "offset", at, "a non-negative value",
                        count < 0 ? count : offset);
            }
            out.add(new TraceRecord(b.get(at + TraceFormat.OP_OFFSET), b.getInt(at + TraceFormat.LAYER_OFFSET),
                    count, offset));
        }
        return out;
    }

    /** The bytes {@link #write} puts into a file: header with checksum, then the records. */
    public static ByteBuffer encode(List<TraceRecord> records) {
        int dataSize = Math.multiplyExact(records.size(), TraceFormat.RECORD_SIZE);
        ByteBuffer b = ByteBuffer.allocate(TraceFormat.HEADER_SIZE + dataSize).order(ByteOrder.LITTLE_ENDIAN);
        int at = TraceFormat.HEADER_SIZE;
        for (TraceRecord r : records) {
            b.put(at + TraceFormat.OP_OFFSET, r.op());
            b.putInt(at + TraceFormat.LAYER_OFFSET, r.layer());
            b.putLong(at + TraceFormat.COUNT_OFFSET, r.count());
            b.putLong(at + TraceFormat.FILE_OFFSET, r.offset());
            at += TraceFormat.RECORD_SIZE;
        }
        b.putInt(TraceFormat.MAGIC_OFFSET, TraceFormat.MAGIC);
        b.putLong(TraceFormat.DATA_SIZE_OFFSET, dataSize);
        b.putInt(TraceFormat.CHECKSUM_OFFSET, Crc32c.compute(0, b.array(), TraceFormat.HEADER_SIZE, dataSize));
        return b;
    }

    /**
     * Writes {@code records} into the existing file {@code path} (overlaybd opens it {@code O_WRONLY}, without
     * {@code O_CREAT}), replacing its content, and forces it to disk.
     */
    public static void write(Path path, List<TraceRecord> records) throws IOException {
        ByteBuffer b = encode(records);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.truncate(0);
            while (b.hasRemaining()) {
                ch.write(b, b.position());
            }
            ch.force(true);
        }
    }

    private static String hex(int v) {
        return String.format("0x%08X", v);
    }
}
