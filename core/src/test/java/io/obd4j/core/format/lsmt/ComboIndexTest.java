package io.obd4j.core.format.lsmt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComboIndexTest {

    /** The combo part of the C++ Index.merge vector: RW over RO, tag = layer number (RW = 1 over one RO layer). */
    @Test
    void upperRecordsWinAndGapsComeFromTheLowerIndex() throws Exception {
        Index0 rw = new Index0();
        rw.insert(5, 5, 0, false, 0);
        rw.insert(10, 10, 50, false, 0);
        rw.insert(100, 10, 20, false, 0);
        LsmtIndex ro = LsmtIndex.of(List.of(new SegmentMapping(0, 1, 7, false, 0), new SegmentMapping(2, 4, 5, false,
                0), new SegmentMapping(15, 10, 22, false, 0), new SegmentMapping(30, 15, 89, false, 0),
                new SegmentMapping(87, 50, 32, false, 0), new SegmentMapping(150, 10, 84, false, 0)));
        ComboIndex combo = new ComboIndex(rw, ro, 1);
        assertThat(records(combo, 0, 1000)).containsExactly("0,1,7,0", "2,3,5,0", "5,5,0,1", "10,10,50,1",
                "20,5,27,0", "30,15,89,0", "87,13,32,0", "100,10,20,1", "110,27,55,0", "150,10,84,0");
        assertThat(combo.size()).isEqualTo(10);
        assertThat(records(combo, 3, 10)).containsExactly("3,2,6,0", "5,5,0,1", "10,3,50,1");
        assertThat(records(combo, 104, 10)).containsExactly("104,6,24,1", "110,4,55,0");
    }

    @Test
    void zeroedUpperRecordsHideTheLowerLayers() throws Exception {
        Index0 rw = new Index0();
        rw.insert(10, 5, 77, true, 0);
        LsmtIndex ro = LsmtIndex.of(List.of(new SegmentMapping(0, 100, 8, false, 0)));
        ComboIndex combo = new ComboIndex(rw, ro, 3);
        assertThat(records(combo, 0, 100)).containsExactly("0,10,8,0", "10,5,77,3", "15,85,23,0");
        assertThat(combo.blockCount()).isEqualTo(95);
    }

    private static List<String> records(SegmentIndex idx, long offset, long length) throws Exception {
        List<String> out = new ArrayList<>();
        idx.lookup(offset, length, (o, l, m, z, t) -> out.add(o + "," + l + "," + m + "," + t));
        return out;
    }
}
