package io.obd4j.core.format.zfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.obd4j.core.format.tar.TarWrappedSource;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.testing.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded mutations of the ZFile fixtures (bit flips, byte bursts, truncation, appended bytes, field overwrites in
 * header, trailer and jump table). Every read either returns the original decompressed bytes or throws an
 * {@link IOException}; never another exception. Wrong bytes are tolerated only where no check can exist: a file
 * without CRCs whose block bytes or metadata were changed.
 */
class ZFileFuzzTest {
    private static final int CASES = 9000;

    @TempDir
    Path tmp;
    private static final int[] FIELDS = {ZFileHeaderFormat.FLAGS_OFFSET, ZFileHeaderFormat.INDEX_OFFSET_OFFSET,
        ZFileHeaderFormat.INDEX_SIZE_OFFSET, ZFileHeaderFormat.ORIGINAL_FILE_SIZE_OFFSET,
        ZFileHeaderFormat.INDEX_CRC_OFFSET, ZFileHeaderFormat.BLOCK_SIZE_OFFSET, ZFileHeaderFormat.ALGO_OFFSET,
        ZFileHeaderFormat.DICT_SIZE_OFFSET, ZFileHeaderFormat.VERIFY_OFFSET, ZFileHeaderFormat.DIGEST_OFFSET};
    private static final long[] INTERESTING = {0, 1, 2, 4, 5, 0xFF, 4096, 65535, 65536, 65537, 1_000_000_000L,
        1_000_000_001L, 0x7FFFFFFFL, 0xFFFFFFFFL, Long.MAX_VALUE, -1, Long.MIN_VALUE, 424_960, 512};

    /** The original blob, where its ZFile starts, and the decompressed oracle. */
    private record Subject(byte[] raw, long base, ZFileHeader inUse, boolean overwrite, JumpTable table,
                           ZFileReader clean, byte[] plain, long plainSize, boolean crc, boolean tar) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"commit1.lz4-4k-crc.zfile", "commit1.lz4-4k-nocrc.zfile", "commit1.lz4-64k-crc.zfile",
        "commit1.lz4-64k-nocrc.zfile", "commit1.zstd-4k-crc.zfile", "commit1.zstd-4k-nocrc.zfile",
        "commit1.zstd-64k-crc.zfile", "commit1.zstd-64k-nocrc.zfile", "commit1.commit-z-zstd-16k.zfile",
        "commit1.commit-zt-lz4-4k.tar", "stack-l1.zfile", "stack-l3.zfile", "ext4_64.tar.gz"})
    void mutationsReadCorrectBytesOrFailWithIoException(String fixture) throws Exception {
        // ext4_64 (a 2021 ZFile without digests: nothing but the per-block CRCs guards it) is extracted first
        Path file = fixture.endsWith(".tar.gz")
                ? Fixtures.extractSingleMember(Fixtures.layer(fixture), tmp) : Fixtures.layer(fixture);
        Subject s = subject(file);
        int cases = fixture.endsWith(".tar.gz") ? CASES / 9 : CASES;
        MutatedSource m = new MutatedSource(s.raw());
        SplittableRandom rnd = new SplittableRandom(fixture.hashCode());
        int[] outcomes = new int[3];
        for (int c = 0; c < cases; c++) {
            long caseSeed = rnd.nextLong();
            m.reset();
            SplittableRandom r = new SplittableRandom(caseSeed);
            int mutations = r.nextInt(10) < 8 ? 1 : 1 + r.nextInt(3);
            for (int k = 0; k < mutations; k++) {
                mutate(s, m, r);
            }
            try {
                outcomes[runCase(s, m, r)]++;
            } catch (IOException expected) {
                outcomes[0]++; // a typed refusal at open is always acceptable
            } catch (Throwable t) {
                fail("fixture " + fixture + " case seed " + caseSeed + ": " + t, t);
            }
        }
        System.out.printf("fuzz %s: %d cases: %d refused at open, %d opened with a failing read, %d read fine%n",
                fixture, cases, outcomes[0], outcomes[1], outcomes[2]);
        assertThat(outcomes[2]).as("some cases must read fine").isPositive();
        assertThat(outcomes[0]).as("some cases must be refused").isPositive();
    }

    /** 0: refused at open (no tar any more); 1: opened, some read failed; 2: opened, every read succeeded. */
    private static int runCase(Subject s, MutatedSource m, SplittableRandom r) throws IOException {
        BlockSource inner = m;
        if (s.tar()) {
            if (!TarWrappedSource.isTar(m)) {
                return 0;
            }
            inner = TarWrappedSource.open(m);
        }
        ZFileReader z = ZFileReader.open(inner);
        long zEnd = s.base() + (s.raw().length - s.base());
        boolean metaTouched = m.touched(s.base(), s.base() + ZFileHeaderFormat.SPACE)
                || m.touched(s.base() + s.inUse().indexOffset(), s.base() + s.inUse().indexOffset()
                        + 4L * s.table().blockCount())
                || (!s.overwrite() && (m.length() != s.raw().length || m.touched(zEnd - 512, zEnd)))
                || (s.tar() && m.touched(0, s.base()));
        int bs = s.inUse().blockSize();
        int blocks = s.table().blockCount();
        ByteBuffer buf = ByteBuffer.allocate(3 * bs);
        int outcome = 2;
        for (int k = 0; k < 6; k++) {
            int first = r.nextInt(blocks);
            int span = 1 + r.nextInt(Math.min(3, blocks - first));
            long off = (long) first * bs + (k == 0 ? 0 : r.nextInt(bs));
            int len = (int) Math.min(span * (long) bs - (off - (long) first * bs), s.plainSize() - off);
            if (len <= 0) {
                continue;
            }
            boolean wrongAllowed = !s.crc() && (metaTouched || m.touched(s.base() + s.table().offset(first),
                    s.base() + s.table().offset(Math.min(blocks, first + span))));
            buf.clear().limit(len);
            int n;
            try {
                n = z.read(buf, off);
            } catch (IOException e) {
                outcome = 1;
                continue;
            }
            if (!wrongAllowed) {
                assertThat(n).as("size %d inUse %s", z.size(), z.metadata().inUse()).isEqualTo(len);
                ByteBuffer expected = ByteBuffer.wrap(s.plain() == null ? new byte[len] : s.plain(),
                        s.plain() == null ? 0 : (int) off, len);
                if (s.plain() == null) {
                    s.clean().readFully(expected.duplicate(), off);
                }
                assertThat(buf.flip()).isEqualTo(expected);
            }
        }
        return outcome;
    }

    private static void mutate(Subject s, MutatedSource m, SplittableRandom r) {
        long size = s.raw().length;
        long trailer = size - 512;
        switch (r.nextInt(9)) {
            case 0 -> flip(m, r.nextLong(size), r);
            case 1 -> flip(m, s.base() + r.nextInt(ZFileHeaderFormat.STRUCT_SIZE), r);
            case 2 -> flip(m, trailer + r.nextInt(ZFileHeaderFormat.STRUCT_SIZE), r);
            case 3 -> flip(m, s.base() + s.inUse().indexOffset() + r.nextInt(4 * s.table().blockCount()), r);
            case 4 -> {
                long at = r.nextLong(size);
                for (int i = r.nextInt(1, 65); i > 0; i--) {
                    m.set(at++, (byte) r.nextInt());
                }
            }
            case 5 -> m.truncate(r.nextInt(10) < 5 ? size - r.nextInt(1, 1100) : r.nextLong(size));
            case 6 -> {
                byte[] junk = new byte[r.nextInt(1, 2000)];
                r.nextBytes(junk);
                m.append(junk);
            }
            case 7 -> {
                long area = r.nextBoolean() ? s.base() : trailer;
                int field = FIELDS[r.nextInt(FIELDS.length)];
                long v = r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : r.nextLong();
                int width = switch (field) {
                    case ZFileHeaderFormat.ALGO_OFFSET, ZFileHeaderFormat.VERIFY_OFFSET -> 1;
                    case ZFileHeaderFormat.DIGEST_OFFSET, ZFileHeaderFormat.INDEX_CRC_OFFSET,
                            ZFileHeaderFormat.BLOCK_SIZE_OFFSET, ZFileHeaderFormat.DICT_SIZE_OFFSET -> 4;
                    default -> 8;
                };
                for (int i = 0; i < width; i++) {
                    m.set(area + field + i, (byte) (v >>> (8 * i)));
                }
            }
            default -> {
                long entry = s.base() + s.inUse().indexOffset() + 4L * r.nextInt(s.table().blockCount());
                long v = r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : r.nextInt();
                for (int i = 0; i < 4; i++) {
                    m.set(entry + i, (byte) (v >>> (8 * i)));
                }
            }
        }
    }

    private static void flip(MutatedSource m, long at, SplittableRandom r) {
        m.set(at, (byte) (m.current(at) ^ (1 << r.nextInt(8))));
    }

    private static Subject subject(Path p) throws IOException {
        byte[] raw = Files.readAllBytes(p);
        try (LocalFileSource src = LocalFileSource.open(p)) {
            boolean tar = TarWrappedSource.isTar(src);
            BlockSource inner = tar ? TarWrappedSource.open(src) : src;
            long base = tar ? ((TarWrappedSource) inner).payloadOffset() : 0;
            ZFileReader z = ZFileReader.open(inner);
            ZFileMetadata md = z.metadata();
            // the oracle: the untouched file (its bytes are checked against MANIFEST.json by ZFileFixtureTest)
            BlockSource cleanRaw = new MutatedSource(raw);
            ZFileReader clean = ZFileReader.open(tar ? TarWrappedSource.open(cleanRaw) : cleanRaw);
            byte[] plain = z.size() < (64 << 20) ? ZFileTestData.readAll(clean) : null;
            return new Subject(raw, base, md.inUse(), md.header().isHeaderOverwrite(), md.table(), clean, plain,
                    z.size(), z.hasBlockCrc(), tar);
        }
    }
}
