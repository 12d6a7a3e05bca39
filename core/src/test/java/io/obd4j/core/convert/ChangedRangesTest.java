package io.obd4j.core.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void widensToWholeSectorsAndDropsEmptyRanges() {
        assertThat(ChangedRanges.union(List.of(new Extent(1000, 30), new Extent(5000, 0))))
                .containsExactly(new Extent(512, 1024));
        assertThat(ChangedRanges.union(List.of())).isEmpty();
    }

    @Test
    void refusesNegativeRanges() {
        assertThatThrownBy(() -> ChangedRanges.union(List.of(new Extent(-512, 512))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }
}
