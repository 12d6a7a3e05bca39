package io.obd4j.core.format.lsmt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LsmtFoundationTest {

    @Test
    void decodesTheCommittedFixtureHeaderAndTrailerAndReencodesThemByteForByte() throws Exception {
        byte[] file = Files.readAllBytes(Fixtures.layer("commit1.lsmt"));
        LsmtHeader header = LsmtHeader.decode(file, 0, "commit1.lsmt", 0);
        LsmtHeader trailer = LsmtHeader.decode(file, file.length - 4096, "commit1.lsmt", file.length - 4096);
        assertThat(header.flags()).isEqualTo(LsmtHeaderFormat.FLAGS_COMMIT_HEADER);
        assertThat(trailer.flags()).isEqualTo(LsmtHeaderFormat.FLAGS_TRAILER);
        assertThat(trailer.indexSize()).isEqualTo(256);
        assertThat(trailer.indexOffset() + trailer.indexSize() * 16).isEqualTo(file.length - 4096);
        assertThat(trailer.virtualSize()).isEqualTo(64L << 20);
        assertThat(header.encode()).isEqualTo(Arrays.copyOfRange(file, 0, 4096));
        assertThat(trailer.encode()).isEqualTo(Arrays.copyOfRange(file, file.length - 4096, file.length));
    }

    @Test
    void badMagicNamesFileFieldAndOffset() {
        byte[] junk = new byte[4096];
        assertThatThrownBy(() -> LsmtHeader.decode(junk, 0, "x.lsmt", 8192))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("x.lsmt").hasMessageContaining("magic0").hasMessageContaining("8192");
    }

    @Test
    void invalidMappingHasTheDocumentedBytes() {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        SegmentMapping.INVALID.write(b);
        assertThat(b.array()).containsExactly(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        b.flip();
        assertThat(SegmentMapping.read(b)).isEqualTo(SegmentMapping.INVALID);
    }

    @Test
    void packedWordsRoundTripEveryField() {
        SegmentMapping m = new SegmentMapping(SegmentMapping.MAX_OFFSET - 5, 16383, SegmentMapping.MAX_MOFFSET, true,
                255);
        assertThat(SegmentMapping.of(m.word0(), m.word1())).isEqualTo(m);
        assertThat(SegmentMapping.tag(SegmentMapping.withTag(m.word1(), 7))).isEqualTo(7);
        assertThat(m.mend()).isEqualTo(m.moffset());
    }

    @Test
    void uuidStringsAreUpperCaseStorageOrderHex() {
        LayerUuid u = LayerUuid.parse("a0000000-0000-4000-8000-000000000001");
        assertThat(u.toString()).isEqualTo("A0000000-0000-4000-8000-000000000001");
        assertThat(LayerUuid.NULL.toString()).isEqualTo("00000000-0000-0000-0000-000000000000");
        assertThat(LayerUuid.isValid("A0000000-0000-4000-8000-00000000000")).isFalse();
        assertThat(LayerUuid.parseOrNull("")).isEqualTo(LayerUuid.NULL);
        assertThat(LayerUuid.random().toString()).matches("[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-.*");
    }
}
