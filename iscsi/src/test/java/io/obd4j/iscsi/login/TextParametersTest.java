package io.obd4j.iscsi.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.obd4j.iscsi.codec.PduException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextParametersTest {
    private static TextParameters parse(String s) throws PduException {
        return TextParameters.parse(Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parsesPairsInOrderAndEncodesBack() throws Exception {
        TextParameters p = parse("InitiatorName=iqn.x\0HeaderDigest=CRC32C,None\0Empty=\0");
        assertThat(p.asMap()).containsExactly(java.util.Map.entry("InitiatorName", "iqn.x"),
            java.util.Map.entry("HeaderDigest", "CRC32C,None"), java.util.Map.entry("Empty", ""));
        assertThat(new String(p.encode(), StandardCharsets.UTF_8))
            .isEqualTo("InitiatorName=iqn.x\0HeaderDigest=CRC32C,None\0Empty=\0");
        assertThat(parse("A=1").get("A")).isEqualTo("1");
    }

    @Test
    void refusesMalformedText() {
        assertThatThrownBy(() -> parse("NoEquals\0")).isInstanceOf(PduException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> parse("=value\0")).isInstanceOf(PduException.class);
        assertThatThrownBy(() -> parse("A=1\0A=2\0")).isInstanceOf(PduException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> parse("K".repeat(64) + "=1\0")).isInstanceOf(PduException.class);
        assertThatThrownBy(() -> parse("K=" + "v".repeat(8193) + "\0")).isInstanceOf(PduException.class)
            .hasMessageContaining("8192");
    }

    @Test
    void toStringShowsKeysOnly() throws Exception {
        assertThat(parse("CHAP_R=0xdeadbeef\0").toString()).isEqualTo("[CHAP_R]").doesNotContain("dead");
    }
}
