package io.obd4j.core.format.lsmt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each check of the read-only open (spec §1.4), on mutated copies of commit1.lsmt and on built files. */
class LsmtReaderTest {
    private static byte[] commit1;
    private static int trailer;
    private static int indexOffset;

    @BeforeAll
    static void load() throws Exception {
        commit1 = Files.readAllBytes(Fixtures.layer("commit1.lsmt"));
        trailer = commit1.length - 4096;
        indexOffset = (int) le(commit1).getLong(trailer + LsmtHeaderFormat.INDEX_OFFSET_OFFSET);
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static LsmtLayer open(byte[] file) throws Exception {
        return LsmtReader.open(new ByteArraySource("mut.lsmt", file), "mut.lsmt");
    }

    private static void refused(byte[] file, String... texts) {
        var a = assertThatThrownBy(() -> open(file)).isInstanceOf(FormatException.class)
                .hasMessageContaining("mut.lsmt");
        for (String t : texts) {
            a.hasMessageContaining(t);
        }
    }

    @Test
    void tooShortForAHeader() {
        refused(Arrays.copyOf(commit1, 4095), "failed to read file header.");
        refused(new byte[0], "failed to read file header.");
    }

    @Test
    void headerMagicAndHeaderBit() {
        byte[] f = commit1.clone();
        f[3] ^= 1;
        refused(f, "header.magic", "header magic/type don't match");
        f = commit1.clone();
        f[20] ^= 1;
        refused(f, "header magic/type don't match");
        f = commit1.clone();
        f[LsmtHeaderFormat.FLAGS_OFFSET] &= ~1;
        refused(f, "header.flags", "header magic/type don't match");
        f = commit1.clone();
        f[LsmtHeaderFormat.FLAGS_OFFSET] &= ~2;
        refused(f, "header.flags", "uncognized file type");
    }

    @Test
    void trailerMagicAndFlags() {
        String text = "trailer magic, trailer type, file type or sealedness doesn't match";
        for (int bit : new int[] {0, 1, 2}) {
            byte[] f = commit1.clone();
            f[trailer + LsmtHeaderFormat.FLAGS_OFFSET] ^= (byte) (1 << bit);
            refused(f, "trailer.flags", text, String.valueOf(trailer + LsmtHeaderFormat.FLAGS_OFFSET));
        }
        byte[] f = commit1.clone();
        f[trailer + 9] ^= 0x40;
        refused(f, "trailer.magic", text);
        refused(Arrays.copyOf(commit1, 4096), text);
    }

    /** overlaybd FileTest.reject_oversized_index: 1,000,000 records open, 1,000,001 are refused. */
    @Test
    void rejectOversizedIndex() throws Exception {
        LayerFileBuilder b = new LayerFileBuilder();
        for (int i = 0; i < 1_000_000; i++) {
            b.zeroed(i * 2L, 1);
        }
        byte[] f = b.build(1L << 30, LayerUuid.random(), LayerUuid.NULL, "");
        int t = f.length - 4096;
        assertThat(le(f).getLong(t + LsmtHeaderFormat.INDEX_SIZE_OFFSET)).isEqualTo(1_000_192L);
        refused(f, "LSMT RO index size 1000192 exceeds maximum 1000000");
        le(f).putLong(t + LsmtHeaderFormat.INDEX_SIZE_OFFSET, 1_000_001L);
        refused(f, "LSMT RO index size 1000001 exceeds maximum 1000000", "trailer.index_size");
        le(f).putLong(t + LsmtHeaderFormat.INDEX_SIZE_OFFSET, 1_000_000L);
        assertThat(open(f).index().size()).isEqualTo(1_000_000);
        le(f).putLong(t + LsmtHeaderFormat.INDEX_SIZE_OFFSET, -1L);
        refused(f, "LSMT RO index size 18446744073709551615 exceeds maximum 1000000");
    }

    @Test
    void indexMustFitBetweenIndexOffsetAndTrailer() throws Exception {
        byte[] f = commit1.clone();
        le(f).putLong(trailer + LsmtHeaderFormat.INDEX_SIZE_OFFSET, 257);
        refused(f, "invalid index bytes or size");
        f = commit1.clone();
        le(f).putLong(trailer + LsmtHeaderFormat.INDEX_OFFSET_OFFSET, indexOffset + 16);
        refused(f, "invalid index bytes or size");
        // C++ subtracts in unsigned arithmetic: an index_offset past the trailer offset wraps and passes that
        // check; the index is then read from the trailer itself (or the read fails when past EOF).
        f = commit1.clone();
        le(f).putLong(trailer + LsmtHeaderFormat.INDEX_OFFSET_OFFSET, f.length - 8);
        refused(f, "failed to read index.");
        f = commit1.clone();
        le(f).putLong(trailer + LsmtHeaderFormat.INDEX_SIZE_OFFSET, 0);
        le(f).putLong(trailer + LsmtHeaderFormat.INDEX_OFFSET_OFFSET, Long.MIN_VALUE + 5);
        assertThat(open(f).index().size()).isZero();
    }

    @Test
    void recordsMustBeOrdered() {
        byte[] f = commit1.clone();
        byte[] first = Arrays.copyOfRange(f, indexOffset, indexOffset + 16);
        System.arraycopy(f, indexOffset + 16, f, indexOffset, 16);
        System.arraycopy(first, 0, f, indexOffset + 16, 16);
        refused(f, "index[1].offset", "incorrect segment mappings: disordered",
                String.valueOf(indexOffset + 16));
    }

    @Test
    void mappedOffsetsMustStayInsideTheDataArea() throws Exception {
        long end = indexOffset / 512;
        byte[] f = commit1.clone();
        // record 0 is data {0, 3, 8}: moffset+length may reach end but not pass it
        le(f).putLong(indexOffset + 8, end - 3);
        assertThat(open(f).index().moffset(0)).isEqualTo(end - 3);
        le(f).putLong(indexOffset + 8, end - 2);
        refused(f, "index[0].moffset", "!within [ 8 " + end + " ]: mapped offset out of range");
        le(f).putLong(indexOffset + 8, 7);
        refused(f, "mapped offset out of range");
        // record 2 is zeroed: moffset may equal end
        int z = indexOffset + 2 * 16 + 8;
        f = commit1.clone();
        assertThat(SegmentMapping.zeroed(le(f).getLong(z))).isTrue();
        le(f).putLong(z, end | (1L << 55));
        assertThat(open(f).index().zeroed(2)).isTrue();
        le(f).putLong(z, (end + 1) | (1L << 55));
        refused(f, "index[2].moffset", "mapped offset out of range");
    }

    @Test
    void tagsOnDiskAreClearedAndTheLayerInfoComesFromTheTrailer() throws Exception {
        byte[] f = commit1.clone();
        f[indexOffset + 15] = 7;
        f[LsmtHeaderFormat.VIRTUAL_SIZE_OFFSET] = 1;
        LsmtLayer l = open(f);
        assertThat(l.index().tag(0)).isZero();
        assertThat(l.virtualSize()).isEqualTo(64L << 20);
        assertThat(l.uuid()).isEqualTo("A0000000-0000-4000-8000-000000000001");
        assertThat(l.index().size()).isEqualTo(47);
    }
}
