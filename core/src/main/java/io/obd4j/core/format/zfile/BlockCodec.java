package io.obd4j.core.format.zfile;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import java.nio.ByteBuffer;

/**
 * Compresses and decompresses single ZFile blocks (spec §2.4): LZ4 raw block format through lz4-java's fastest
 * instances ({@code LZ4_compress_default} / {@code LZ4_decompress_safe}), or one zstd frame at level 3 through
 * zstd-jni ({@code ZSTD_compress} / {@code ZSTD_decompress}).
 *
 * <p>An instance is <b>not</b> thread-safe (the zstd contexts are stateful): readers keep one per thread, a writer
 * owns one. Close it to free the native zstd contexts.
 */
public abstract class BlockCodec implements AutoCloseable {
    /** Level overlaybd always uses for zstd. */
    public static final int ZSTD_LEVEL = 3;

    /** A block that cannot be decompressed; carries the codec's message. */
    public static final class CorruptBlockException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptBlockException(String message) {
            super(message, null, false, false);
        }
    }

    /** A codec for {@code algorithm}. */
    public static BlockCodec create(CompressionAlgorithm algorithm) {
        return algorithm == CompressionAlgorithm.LZ4 ? new Lz4() : new ZstdCodec();
    }

    /** Upper bound of the compressed size of {@code len} input bytes. */
    public abstract int maxCompressedLength(int len);

    /** Compresses {@code src[off, off + len)} into {@code dst} at {@code dstOff}; returns the compressed length. */
    public abstract int compress(byte[] src, int off, int len, byte[] dst, int dstOff, int dstCapacity);

    /**
     * Decompresses {@code src[srcOff, srcOff + srcLen)} into {@code dst[dstOff, dstOff + expected)} (absolute indexes,
     * positions untouched) and checks that exactly {@code expected} bytes came out.
     */
    public void decompress(ByteBuffer src, int srcOff, int srcLen, ByteBuffer dst, int dstOff, int expected)
            throws CorruptBlockException {
        int n = decompressUpTo(src, srcOff, srcLen, dst, dstOff, expected);
        if (n != expected) {
            throw new CorruptBlockException(this + " block decompressed to " + n + " bytes, expected " + expected);
        }
    }

    /** Decompresses into at most {@code capacity} bytes of {@code dst} at {@code dstOff}; returns the length. */
    public abstract int decompressUpTo(ByteBuffer src, int srcOff, int srcLen, ByteBuffer dst, int dstOff,
                                       int capacity) throws CorruptBlockException;

    @Override
    public void close() {
    }

    private static final class Lz4 extends BlockCodec {
        // Compression uses lz4-java's Java port: its output is byte-identical to overlaybd's bundled lz4 1.8
        // LZ4_compress_default (checked on the fixtures), while the JNI build (lz4 1.10) emits different, smaller
        // blocks. Decompression output is the same either way, so it uses the faster JNI build.
        private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestJavaInstance().fastCompressor();
        private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();
        private final LZ4Compressor compressor = COMPRESSOR;
        private final LZ4SafeDecompressor decompressor = DECOMPRESSOR;

        @Override
        public int maxCompressedLength(int len) {
            return compressor.maxCompressedLength(len);
        }

        @Override
        public int compress(byte[] src, int off, int len, byte[] dst, int dstOff, int dstCapacity) {
            return compressor.compress(src, off, len, dst, dstOff, dstCapacity);
        }

        @Override
        public int decompressUpTo(ByteBuffer src, int srcOff, int srcLen, ByteBuffer dst, int dstOff, int capacity)
                throws CorruptBlockException {
            try {
                return decompressor.decompress(src, srcOff, srcLen, dst, dstOff, capacity);
            } catch (RuntimeException e) {
                throw new CorruptBlockException("LZ4 decompress failed: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "LZ4";
        }
    }

    private static final class ZstdCodec extends BlockCodec {
        private ZstdCompressCtx cctx;
        private ZstdDecompressCtx dctx;

        @Override
        public int maxCompressedLength(int len) {
            return (int) Zstd.compressBound(len);
        }

        @Override
        public int compress(byte[] src, int off, int len, byte[] dst, int dstOff, int dstCapacity) {
            if (cctx == null) {
                cctx = new ZstdCompressCtx().setLevel(ZSTD_LEVEL);
            }
            return cctx.compressByteArray(dst, dstOff, dstCapacity, src, off, len);
        }

        @Override
        public int decompressUpTo(ByteBuffer src, int srcOff, int srcLen, ByteBuffer dst, int dstOff, int expected)
                throws CorruptBlockException {
            if (dctx == null) {
                dctx = new ZstdDecompressCtx();
            }
            if (!(src.isDirect() || src.hasArray()) || !(dst.isDirect() || dst.hasArray())) {
                throw new IllegalArgumentException("read-only heap buffers are not supported");
            }
            int n;
            try {
                if (src.isDirect() && dst.isDirect()) {
                    n = dctx.decompressDirectByteBuffer(dst, dstOff, expected, src, srcOff, srcLen);
                } else if (src.isDirect() && dst.hasArray()) {
                    n = dctx.decompressDirectByteBufferToByteArray(dst.array(), dst.arrayOffset() + dstOff, expected,
                            src, srcOff, srcLen);
                } else if (src.hasArray() && dst.hasArray()) {
                    n = dctx.decompressByteArray(dst.array(), dst.arrayOffset() + dstOff, expected, src.array(),
                            src.arrayOffset() + srcOff, srcLen);
                } else {
                    n = dctx.decompressByteArrayToDirectByteBuffer(dst, dstOff, expected, src.array(),
                            src.arrayOffset() + srcOff, srcLen);
                }
            } catch (RuntimeException e) {
                throw new CorruptBlockException("ZSTD decompress failed: " + e.getMessage());
            }
            return n;
        }

        @Override
        public String toString() {
            return "ZSTD";
        }

        @Override
        public void close() {
            if (cctx != null) {
                cctx.close();
            }
            if (dctx != null) {
                dctx.close();
            }
        }
    }
}
