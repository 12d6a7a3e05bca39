package io.obd4j.registry.convert;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.format.lsmt.LayerUuid;
import io.obd4j.registry.Digest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdsTest {
    static final Digest A = Digest.sha256("a".getBytes());
    static final Digest B = Digest.sha256("b".getBytes());

    @Test
    void chainIdsFollowTheImageSpec() {
        // Expected value from: printf "%s %s" sha256:<a> sha256:<b> | sha256sum
        assertThat(ChainIds.of(List.of(A, B))).containsExactly(A,
                Digest.ofSha256(java.util.HexFormat.of().parseHex(
                        "51c0c8ace48498d6f5fee6b0592cc06f2da0f3cbe09c5a34a97dce85c3889676")));
        assertThat(ChainIds.of(List.of())).isEmpty();
    }

    @Test
    void uuidIsTheFirst32HexDigitsDashedAsTheConvertorDoes() {
        String u = ChainIds.uuid(A);
        assertThat(u).isEqualTo("ca978112-ca1b-bdca-fac2-31b39a23dc4d");
        assertThat(LayerUuid.isValid(u)).isTrue();
    }
}
