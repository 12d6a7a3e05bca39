package io.obd4j.core.format.lsmt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Index0Test {

    @Test
    void insertVectorOfTheCppTest() throws Exception {
        Index0 idx = new Index0();
        long[][] in = {{0, 20, 0}, {10, 15, 50}, {30, 100, 20}, {5, 10, 3}, {40, 10, 123}, {200, 10, 2133},
            {150, 100, 21}};
        for (long[] m : in) {
            idx.insert(m[0], (int) m[1], m[2], false, 0);
        }
        assertThat(records(idx)).containsExactly("0,5,0", "5,10,3", "15,10,55", "30,10,20", "40,10,123",
                "50,80,40", "150,100,21");
        assertThat(idx.blockCount()).isEqualTo(5 + 10 + 10 + 10 + 10 + 80 + 100);
    }

    @Test
    void lookupTrimsAndZeroedRecordsKeepTheirMoffset() throws Exception {
        Index0 idx = new Index0();
        idx.insert(0, 10, 0, false, 0);
        idx.insert(10, 10, 50, true, 0);
        idx.insert(100, 10, 20, false, 0);
        List<String> got = new ArrayList<>();
        idx.lookup(5, 10, (o, l, m, z, t) -> got.add(o + "," + l + "," + m + "," + z));
        assertThat(got).containsExactly("5,5,5,false", "10,5,50,true");
        got.clear();
        idx.lookup(16, 100, (o, l, m, z, t) -> got.add(o + "," + l + "," + m + "," + z));
        assertThat(got).containsExactly("16,4,50,true", "100,10,20,false");
        assertThat(idx.lookup(26, 10, (o, l, m, z, t) -> got.add("x"))).isZero();
        idx.insert(12, 0, 99, false, 0);
        assertThat(idx.size()).isEqualTo(3);
        assertThat(idx.blockCount()).isEqualTo(20);
    }

    /** A random insert sequence checked against a per-sector model (the Layered.Indexes idea). */
    @ParameterizedTest
    @CsvSource({"1,300", "2,300", "3,4", "4,4", "5,2"})
    void randomInsertsMatchAPerSectorModel(long seed, int maxLen) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        int space = 8192;
        long[] model = new long[space];
        java.util.Arrays.fill(model, -1);
        Index0 idx = new Index0();
        for (int i = 0; i < 6000; i++) {
            int off = rnd.nextInt(space - 1);
            // Mostly short records (many chunks); now and then one spanning a large part of the space.
            int cap = rnd.nextInt(50) == 0 ? 3000 : maxLen;
            int len = 1 + rnd.nextInt(Math.min(cap, space - off));
            boolean zeroed = rnd.nextInt(5) == 0;
            long moff = 8 + rnd.nextInt(1 << 20);
            idx.insert(off, len, moff, zeroed, 0);
            for (int s = 0; s < len; s++) {
                model[off + s] = zeroed ? -2 : moff + s;
            }
        }
        long[] seen = new long[space];
        java.util.Arrays.fill(seen, -1);
        long[] prevEnd = {-1};
        long[] blocks = {0};
        idx.forEach((o, l, m, z, t) -> {
            assertThat(o).isGreaterThanOrEqualTo(prevEnd[0]);
            prevEnd[0] = o + l;
            for (int s = 0; s < l; s++) {
                seen[(int) o + s] = z ? -2 : m + s;
            }
            blocks[0] += z ? 0 : l;
        });
        assertThat(seen).isEqualTo(model);
        assertThat(idx.blockCount()).isEqualTo(blocks[0]);
        assertThat(idx.dump().length / 2).isEqualTo(idx.size());
        // Random lookups agree with the model too (trimming at both ends).
        for (int q = 0; q < 500; q++) {
            int off = rnd.nextInt(space);
            int len = 1 + rnd.nextInt(space - off);
            long[] got = new long[len];
            java.util.Arrays.fill(got, -1);
            idx.lookup(off, len, (o, l, m, z, t) -> {
                for (int s = 0; s < l; s++) {
                    got[(int) (o - off) + s] = z ? -2 : m + s;
                }
            });
            assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(model, off, off + len));
        }
    }

    static List<String> records(SegmentIndex idx) throws Exception {
        List<String> out = new ArrayList<>();
        idx.forEach((o, l, m, z, t) -> out.add(o + "," + l + "," + m));
        return out;
    }
}
