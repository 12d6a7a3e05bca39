package io.obd4j.core.format.lsmt;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.image.LayerStack;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seeded mutation fuzzing of the read-only open and read: header/trailer fields, index records, truncation and
 * random bytes of two C++-made layers. For each case the reader must agree with {@link ReferenceLsmtModel}: refuse
 * with a {@link FormatException} exactly when the model refuses, otherwise load the same records and read the same
 * bytes. Any other exception or error fails the case (its seed and mutation are in the message).
 */
class LsmtReaderFuzzTest {
    private static final int BUF = 1 << 20;

    @ParameterizedTest
    @CsvSource({"commit1.lsmt, 11, 50000", "stack-l2.lsmt, 12, 50000"})
    void mutatedLayersAreRefusedOrReadExactlyAsTheModelReadsThem(String file, long seed, int cases)
            throws Exception {
        byte[] base = Files.readAllBytes(Fixtures.layer(file));
        byte[] f = base.clone();
        ViewSource src = new ViewSource(f);
        SplittableRandom rnd = new SplittableRandom(seed);
        ByteBuffer buf = ByteBuffer.allocate(BUF);
        int opened = 0;
        for (int c = 0; c < cases; c++) {
            src.size = f.length;
            StringBuilder what = new StringBuilder();
            int[] touched = Mutator.mutate(f, rnd, src, what);
            try {
                ReferenceLsmtModel model = ReferenceLsmtModel.parse(f, src.size);
                LsmtLayer layer;
                try {
                    layer = LsmtReader.open(src, file);
                } catch (FormatException e) {
                    if (model != null) {
                        throw new AssertionError("refused but the model accepts: " + e.getMessage());
                    }
                    continue;
                }
                if (model == null) {
                    throw new AssertionError("opened but the model refuses");
                }
                opened++;
                assertThat(layer.index().toList()).isEqualTo(model.records);
                readAndCompare(LayerStack.of(List.of(layer)), model, rnd, buf, c % 25 == 0);
            } catch (Throwable t) {
                throw new AssertionError(file + " seed " + seed + " case " + c + " [" + what + "]: " + t, t);
            } finally {
                Mutator.revert(f, base, touched);
            }
        }
        assertThat(opened).as("cases that opened").isGreaterThan(cases / 10);
    }

    private static void readAndCompare(LayerStack stack, ReferenceLsmtModel model, SplittableRandom rnd,
                                       ByteBuffer buf, boolean everyRecord) throws Exception {
        List<SegmentMapping> recs = model.records;
        int reads = everyRecord ? recs.size() : Math.min(4, recs.size());
        for (int i = 0; i < reads + 3; i++) {
            long sector;
            int sectors;
            if (i < reads) {
                SegmentMapping m = recs.get(everyRecord ? i : rnd.nextInt(recs.size()));
                sector = Math.max(0, m.offset() - 1);
                sectors = (int) Math.min(BUF / 512, m.end() + 1 - sector);
            } else {
                long last = recs.isEmpty() ? 1 << 17 : recs.get(recs.size() - 1).end() + 64;
                sector = rnd.nextLong(last);
                sectors = 1 + rnd.nextInt(256);
            }
            buf.clear().limit(sectors * 512);
            stack.read(buf, sector * 512);
            byte[] want = model.read(sector, sectors);
            if (Arrays.mismatch(buf.array(), 0, sectors * 512, want, 0, want.length) >= 0) {
                throw new AssertionError("read of " + sectors + " sectors at sector " + sector + " differs");
            }
        }
    }

    /** The fixture bytes with a settable logical size (truncation without copying). */
    static final class ViewSource implements BlockSource {
        final byte[] bytes;
        int size;

        ViewSource(byte[] bytes) {
            this.bytes = bytes;
            this.size = bytes.length;
        }

        @Override
        public String name() {
            return "fuzz";
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public int read(ByteBuffer dst, long offset) {
            if (offset < 0 || offset >= size) {
                return 0;
            }
            int n = (int) Math.min(dst.remaining(), size - offset);
            dst.put(bytes, (int) offset, n);
            return n;
        }

        @Override
        public void close() {
        }
    }

    /** One to three mutations per case; returns the byte ranges touched so they can be restored. */
    static final class Mutator {
        private Mutator() {
        }

        static int[] mutate(byte[] f, SplittableRandom rnd, ViewSource src, StringBuilder what) {
            int[] touched = new int[16];
            int nt = 0;
            int count = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(3) : 0);
            ByteBuffer le = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
            int t = f.length - 4096;
            long indexOffset = le.getLong(t + 32);
            long indexSize = le.getLong(t + 40);
            for (int k = 0; k < count && nt < 16; k++) {
                int kind = rnd.nextInt(6);
                int at;
                long value;
                switch (kind) {
                    case 0 -> {
                        at = t + 32 + 8 * rnd.nextInt(3);
                        value = near(rnd, le.getLong(at), at == t + 32 ? 512 : 1);
                        what.append("trailer@").append(at - t).append('=').append(value).append(' ');
                    }
                    case 1 -> {
                        at = (rnd.nextBoolean() ? 0 : t) + (rnd.nextBoolean() ? 24 : 8 * rnd.nextInt(3));
                        value = rnd.nextInt(3) == 0 ? rnd.nextLong() : le.getLong(at) ^ (1L << rnd.nextInt(64));
                        what.append("ht@").append(at).append(" ^bits ").append(' ');
                    }
                    case 2, 3 -> {
                        long rec = rnd.nextLong(Math.max(1, Math.min(indexSize + 4, 400)));
                        long pos = indexOffset + rec * 16 + (rnd.nextBoolean() ? 0 : 8);
                        if (pos < 0 || pos + 8 > t) {
                            continue;
                        }
                        at = (int) pos;
                        value = mutateWord(rnd, le.getLong(at), indexOffset / 512, (pos - indexOffset) % 16 == 0);
                        what.append("rec").append(rec).append('@').append(at).append('=')
                                .append(Long.toHexString(value)).append(' ');
                    }
                    case 4 -> {
                        int cut = rnd.nextInt(3) == 0 ? rnd.nextInt(f.length + 1)
                                : f.length - 512 * rnd.nextInt(1, 12);
                        src.size = Math.min(src.size, Math.max(0, cut));
                        what.append("truncate ").append(src.size).append(' ');
                        continue;
                    }
                    default -> {
                        at = rnd.nextInt(f.length - 8);
                        value = le.getLong(at) ^ (0xFFL << (8 * rnd.nextInt(8)));
                        what.append("byte@").append(at).append(' ');
                    }
                }
                le.putLong(at, value);
                touched[nt++] = at;
            }
            return Arrays.copyOf(touched, nt);
        }

        static void revert(byte[] f, byte[] base, int[] touched) {
            for (int at : touched) {
                System.arraycopy(base, at, f, at, 8);
            }
        }

        private static long near(SplittableRandom rnd, long v, int unit) {
            return switch (rnd.nextInt(6)) {
                case 0 -> rnd.nextLong();
                case 1 -> 0;
                case 2 -> v + (long) unit * rnd.nextInt(-64, 65);
                case 3 -> v + rnd.nextInt(-3, 4);
                case 4 -> rnd.nextBoolean() ? 1_000_000 : 1_000_001;
                default -> v ^ (1L << rnd.nextInt(64));
            };
        }

        private static long mutateWord(SplittableRandom rnd, long w, long end, boolean word0) {
            if (word0) {
                return switch (rnd.nextInt(4)) {
                    case 0 -> SegmentMapping.word0(SegmentMapping.offset(w) + rnd.nextInt(-20, 21) & ((1L << 50) - 1),
                            SegmentMapping.length(w));
                    case 1 -> SegmentMapping.word0(SegmentMapping.offset(w), rnd.nextInt(16384));
                    case 2 -> SegmentMapping.word0(SegmentMapping.INVALID_OFFSET, SegmentMapping.length(w));
                    default -> rnd.nextLong();
                };
            }
            return switch (rnd.nextInt(5)) {
                case 0 -> (w & ~SegmentMapping.MAX_MOFFSET) | (end - rnd.nextInt(0, 40)) & SegmentMapping.MAX_MOFFSET;
                case 1 -> (w & ~SegmentMapping.MAX_MOFFSET) | rnd.nextInt(0, 12);
                case 2 -> w ^ (1L << 55);
                case 3 -> w ^ ((long) rnd.nextInt(1, 256) << 56);
                default -> (w & ~SegmentMapping.MAX_MOFFSET) | (end + rnd.nextInt(-3, 4)) & SegmentMapping.MAX_MOFFSET;
            };
        }
    }
}
