package io.obd4j.core.convert;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.ext4.Extent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangedRangesTest {
    @Test
    void mergesOverlappingAndTouchingRangesInOrder() {
        List<Extent> in = List.of(new Extent(8192, 4096), new Extent(0, 4096), new Extent(4096, 4096),
                new Extent(65536, 4096), new Extent(66000, 100));
        assertThat(ChangedRanges.union(in)).containsExactly(new Extent(0, 12288), new Extent(65536, 4096));
        assertThat(ChangedRanges.bytes(ChangedRanges.union(in))).isEqualTo(16384);
    }

    @Test
    void widensToWholeSectors() {
        assertThat(ChangedRanges.union(List.of(new Extent(1000, 30), new Extent(1400, 200))))
                .containsExactly(new Extent(512, 1536));
        assertThat(ChangedRanges.union(List.of())).isEmpty();
    }
}
