package io.obd4j.iscsi.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChapTest {
    private static byte[] range16() {
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void md5ResponseMatchesIndependentVectors() {
        // Vectors computed with Python's hashlib.md5(id || secret || challenge).
        assertThat(HexFormat.of().formatHex(Chap.response(1, "secret".getBytes(StandardCharsets.UTF_8), range16())))
            .isEqualTo("740e86463bda3a4d7017d6e0fba0699d");
        byte[] challenge = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        assertThat(Chap.encodeHex(Chap.response(0xef, "0123456789abcdef".getBytes(StandardCharsets.UTF_8),
            challenge))).isEqualTo("0xa3d51b4af16cf2bdb0fe09c01fa67a6d");
    }

    @Test
    void binaryValuesInHexAndBase64() {
        assertThat(Chap.decodeBinary("0x0aFF")).containsExactly(0x0a, 0xff);
        assertThat(Chap.decodeBinary("0XABC")).containsExactly(0x0a, 0xbc);
        assertThat(Chap.decodeBinary("0bAQID")).containsExactly(1, 2, 3);
        assertThat(Chap.decodeBinary("0xZZ")).isNull();
        assertThat(Chap.decodeBinary("1234")).isNull();
        assertThat(Chap.decodeBinary(null)).isNull();
    }

    @Test
    void configNeverPrintsSecrets() {
        ChapConfig c = ChapConfig.mutual("alice", "s3cr3t-one", "target", "s3cr3t-two");
        assertThat(c.toString()).contains("alice").contains("target").doesNotContain("s3cr3t");
    }
}
