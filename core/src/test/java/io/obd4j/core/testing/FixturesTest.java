package io.obd4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class FixturesTest {
    @Test
    void findsTheSharedFixturesAndTheirManifest() {
        assertThat(Files.isRegularFile(Fixtures.layer("commit1.lsmt"))).isTrue();
        assertThat(Fixtures.fixture("rw1").get("kind").asText()).isEqualTo("lsmt-rw");
    }
}
