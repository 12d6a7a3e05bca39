package io.obd4j.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.obd4j.core.format.FormatException;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.testing.Fixtures;
import io.obd4j.core.io.ForwardingSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Read-only stacks of C++-made layers (plain LSMT, ZFile, tar-wrapped ZFile) opened as overlaybd opens lowers:
 * unwrap the blob, open it per §1.4, merge. Each must give the manifest's merged index and image hashes.
 */
class LayerStackFixtureTest {
    @TempDir
    Path tmp;

    /** Opens the manifest's {@code layers} of {@code fixture} (lowest first), resolving paths against base. */
    static LayerStack openStack(JsonNode fixture, Path base) throws IOException {
        List<LocalFileSource> raw = new ArrayList<>();
        for (JsonNode l : fixture.get("layers")) {
            raw.add(LocalFileSource.open(base.resolve(l.asText())));
        }
        return LayerStack.openBlobs(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"stack2", "stack3", "stack-l1", "stack-l3", "commit1.lz4-4k-crc", "commit1.lz4-64k-crc",
        "commit1.zstd-4k-crc", "commit1.zstd-64k-crc", "commit1.lz4-4k-nocrc", "commit1.lz4-64k-nocrc",
        "commit1.zstd-4k-nocrc", "commit1.zstd-64k-nocrc", "commit1.commit-z-zstd-16k",
        "commit1.commit-zt-lz4-4k.tar"})
    void mergedIndexAndImageMatchTheManifest(String name) throws Exception {
        JsonNode f = Fixtures.fixture(name);
        try (LayerStack stack = openStack(f, Fixtures.overlaybd())) {
            ImageOracle.assertIndexMatches(stack.index(), Fixtures.expectedIndex(name), stack.size());
            ImageOracle.assertImageMatches(stack, f.get("expected"));
        }
    }

    @Test
    void aBadBlobClosesEverySourceGiven() throws Exception {
        List<CloseTracking> raw = List.of(new CloseTracking(Fixtures.layer("stack-l1.zfile")),
                new CloseTracking(Fixtures.layer("corrupt.commit1.lsmt-index-size-huge")));
        assertThatThrownBy(() -> LayerStack.openBlobs(raw)).isInstanceOf(FormatException.class)
                .hasMessageContaining("exceeds maximum 1000000");
        assertThat(raw).allMatch(r -> r.closed);
    }

    /** A local file source that remembers being closed. */
    static final class CloseTracking extends ForwardingSource {
        boolean closed;

        CloseTracking(Path p) throws IOException {
            super(LocalFileSource.open(p));
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }

    @Test
    void stack3TagsCountFromTheTopAndUuidsChain() throws Exception {
        try (LayerStack stack = openStack(Fixtures.fixture("stack3"), Fixtures.overlaybd())) {
            assertThat(stack.layerCount()).isEqualTo(3);
            assertThat(stack.layer(0).name()).endsWith("stack-l3.zfile");
            assertThat(stack.layer(2).name()).endsWith("stack-l1.zfile");
            for (int t = 0; t < 2; t++) {
                assertThat(stack.layer(t).parentUuid()).isEqualTo(stack.layer(t + 1).uuid());
            }
        }
    }

    /**
     * overlaybd's baselayers/ext4_64: gunzip + untar here, then ZFile → LSMT with 8323 records over 64 GiB. The image
     * is compared chunk by chunk (the 50 non-zero MiB by sha256, every other MiB must be zero), which fixes the same
     * 64 GiB as the whole-image sha256 without hashing 64 GiB of zeros.
     */
    @Test
    void ext4BaseLayer() throws Exception {
        JsonNode f = Fixtures.fixture("ext4_64");
        Path work = tmp.resolve("work");
        Files.createDirectories(work);
        Fixtures.extractSingleMember(Fixtures.layer("ext4_64.tar.gz"), work);
        try (LayerStack stack = openStack(f, tmp)) {
            assertThat(stack.index().size()).isEqualTo(8323);
            ImageOracle.assertIndexMatches(stack.index(), Fixtures.expectedIndex("ext4_64"), stack.size());
            ImageOracle.assertImageMatches(stack, f.get("expected"), false);
        }
    }
}
