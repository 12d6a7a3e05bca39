package io.obd4j.core.convert;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Opens a layer blob as a tar stream whatever its compression, told by its first bytes (as containerd's
 * {@code compression.DecompressStream} does): gzip ({@code 1f 8b}), zstd ({@code 28 b5 2f fd}) or plain tar.
 */
public final class LayerStreams {
    /** How a layer blob is compressed. */
    public enum Compression { GZIP, ZSTD, NONE }

    private static final int BUFFER = 256 * 1024;

    private LayerStreams() {
    }

    /** The compression {@code in}'s first bytes show; {@code in} must support mark (it is reset). */
    public static Compression detect(InputStream in) throws IOException {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return Compression.GZIP;
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            return Compression.ZSTD;
        }
        return Compression.NONE;
    }

    /** {@code raw} decompressed as {@link #detect} says; closing the result closes {@code raw}. */
    public static InputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        switch (detect(in)) {
            case GZIP:
                return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
            case ZSTD:
                return new BufferedInputStream(new ZstdInputStream(in), BUFFER);
            default:
                return in;
        }
    }
}
