package io.obd4j.core.format.zfile;

import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Deterministic test payloads and helpers for ZFile tests. */
final class ZFileTestData {
    private ZFileTestData() {
    }

    /**
     * Layer-like data: per 4 KiB one of zeros, text, a repeated pattern, or half random bytes (never a fully random
     * 64 KiB run, which no codec can store in 64 KiB).
     */
    static byte[] compressible(long seed, int size) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] data = new byte[size];
        byte[] words = "lorem ipsum dolor sit amet overlaybd zfile block device layer 0123456789\n"
                .getBytes(StandardCharsets.US_ASCII);
        for (int off = 0; off < size; off += 4096) {
            int end = Math.min(size, off + 4096);
            switch (rnd.nextInt(4)) {
                case 0:
                    break;
                case 1:
                    for (int i = off; i < end; i++) {
                        data[i] = words[(i * 7 + rnd.nextInt(3)) % words.length];
                    }
                    break;
                case 2:
                    long v = rnd.nextLong();
                    for (int i = off; i < end; i++) {
                        data[i] = (byte) (v >>> (8 * (i & 7)));
                    }
                    break;
                default:
                    for (int i = off; i < end; i++) {
                        data[i] = (i & 1) == 0 ? (byte) rnd.nextInt() : 0x20;
                    }
            }
        }
        return data;
    }

    static byte[] compress(byte[] data, ZFileOptions opts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZFileWriter w = ZFileWriter.create(out, "test.zfile", opts)) {
            w.write(data, 0, data.length);
        }
        return out.toByteArray();
    }

    static ZFileReader open(Path dir, String name, byte[] zfile) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, zfile);
        return ZFileReader.open(LocalFileSource.open(p));
    }

    static byte[] readAll(BlockSource src) throws IOException {
        byte[] out = new byte[Math.toIntExact(src.size())];
        src.readFully(ByteBuffer.wrap(out), 0);
        return out;
    }
}
