package io.obd4j.daemon.backing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Expected checksums: algorithm by prefix or by the hex length. */
class ChecksumTest {
    @Test
    void algorithmIsToldByPrefixOrLength() throws Exception {
        assertThat(Checksum.parse("SHA256:" + "A".repeat(64)).toString()).isEqualTo("sha256:" + "a".repeat(64));
        assertThat(Checksum.parse("b".repeat(128)).algorithm()).isEqualTo("sha512");
        assertThat(Checksum.parse("c".repeat(64)).algorithm()).isEqualTo("sha256");
        assertThatThrownBy(() -> Checksum.parse("sha512:" + "a".repeat(64))).hasMessageContaining("128 hex");
        assertThatThrownBy(() -> Checksum.parse("z".repeat(64))).isInstanceOf(BackingImageException.class);
    }
}
