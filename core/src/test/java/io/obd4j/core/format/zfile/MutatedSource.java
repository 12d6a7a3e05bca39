package io.obd4j.core.format.zfile;

import io.obd4j.core.io.BlockSource;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** An in-memory blob with byte overrides, truncation or appended bytes, applied on read (no copy per case). */
final class MutatedSource implements BlockSource {
    private final byte[] original;
    private long[] offsets = new long[8];
    private byte[] values = new byte[8];
    private int count;
    private long length;
    private byte[] tail = new byte[0];

    MutatedSource(byte[] original) {
        this.original = original;
        this.length = original.length;
    }

    void reset() {
        count = 0;
        length = original.length;
        tail = new byte[0];
    }

    /** Sets byte {@code at} (within the original length) to {@code value}; later sets win. */
    void set(long at, byte value) {
        if (at < 0 || at >= original.length) {
            return;
        }
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            values = Arrays.copyOf(values, count * 2);
        }
        offsets[count] = at;
        values[count++] = value;
    }

    byte current(long at) {
        for (int i = count - 1; i >= 0; i--) {
            if (offsets[i] == at) {
                return values[i];
            }
        }
        return original[(int) at];
    }

    void truncate(long newLength) {
        length = Math.min(length, newLength);
    }

    void append(byte[] bytes) {
        length = original.length;
        tail = bytes;
        length += bytes.length;
    }

    long length() {
        return length;
    }

    /** True when any byte of {@code [from, to)} differs from the original or is gone. */
    boolean touched(long from, long to) {
        if (to > length) {
            return true;
        }
        for (int i = 0; i < count; i++) {
            if (offsets[i] >= from && offsets[i] < to && values[i] != original[(int) offsets[i]]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String name() {
        return "mutated";
    }

    @Override
    public long size() {
        return length;
    }

    @Override
    public int read(ByteBuffer dst, long offset) {
        if (offset >= length || !dst.hasRemaining()) {
            return 0;
        }
        int n = (int) Math.min(dst.remaining(), length - offset);
        int start = dst.position();
        int fromOriginal = (int) Math.max(0, Math.min(n, original.length - offset));
        if (fromOriginal > 0) {
            dst.put(original, (int) offset, fromOriginal);
        }
        for (int i = fromOriginal; i < n; i++) {
            dst.put(tail[(int) (offset + i - original.length)]);
        }
        for (int i = 0; i < count; i++) {
            long at = offsets[i];
            if (at >= offset && at < offset + n) {
                dst.put(start + (int) (at - offset), values[i]);
            }
        }
        return n;
    }

    @Override
    public void close() {
    }
}
