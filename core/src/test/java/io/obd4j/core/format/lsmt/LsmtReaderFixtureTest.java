package io.obd4j.core.format.lsmt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.obd4j.core.format.FormatException;
import io.obd4j.core.image.ImageOracle;
import io.obd4j.core.image.LayerStack;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Plain LSMT fixtures written by overlaybd-commit / close_seal: index dumps, image hashes, refusals. */
class LsmtReaderFixtureTest {

    @ParameterizedTest
    @CsvSource({"commit1, commit1.lsmt", "rw1-sealed, rw1.sealed", "stack-l2, stack-l2.lsmt"})
    void opensTheLayerAndReadsTheImageOverlaybdReads(String fixture, String file) throws Exception {
        JsonNode f = Fixtures.fixture(fixture);
        try (LsmtLayer layer = LsmtReader.open(LocalFileSource.open(Fixtures.layer(file)), file)) {
            ImageOracle.assertIndexMatches(layer.index(), Fixtures.expectedIndex(fixture), layer.virtualSize());
            JsonNode trailer = f.get("trailer");
            if (trailer != null) {
                assertThat(layer.uuid()).isEqualTo(trailer.get("uuid").asText());
                assertThat(layer.parentUuid()).isEqualTo(trailer.get("parent_uuid").asText());
                assertThat(new String(layer.userTag(), "UTF-8")).isEqualTo(trailer.get("user_tag").asText());
            }
            LayerStack stack = LayerStack.of(List.of(layer));
            ImageOracle.assertImageMatches(stack, f.get("expected"));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "corrupt.commit1.lsmt-index-size-huge|LSMT RO index size 1099511627776 exceeds maximum 1000000",
        "corrupt.commit1.lsmt-index-size-past-eof|invalid index bytes or size"})
    void corruptedTrailersAreRefusedWithOverlaybdsText(String file, String text) throws Exception {
        JsonNode f = Fixtures.fixture(file);
        assertThat(f.get("expected_outcome").asText()).contains(text);
        try (LocalFileSource src = LocalFileSource.open(Fixtures.layer(file))) {
            assertThatThrownBy(() -> LsmtReader.open(src, file)).isInstanceOf(FormatException.class)
                    .hasMessageContaining(text).hasMessageContaining(file)
                    .hasMessageContaining("trailer.index_size").hasMessageContaining("420904");
        }
    }
}
