package io.obd4j.core.format.zfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obd4j.core.format.BlobUnwrapper;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.testing.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every ZFile fixture of MANIFEST.json decompresses to its {@code decompressed} size/sha256, fields as listed. */
class ZFileFixtureTest {

    static List<String> zfileFixtures() {
        List<String> names = new ArrayList<>();
        for (JsonNode f : Fixtures.manifest().get("fixtures")) {
            if (f.get("kind").asText().contains("zfile") && !f.get("name").asText().equals("ext4_64")) {
                names.add(f.get("name").asText());
            }
        }
        return names;
    }

    @ParameterizedTest
    @MethodSource("zfileFixtures")
    void decompressesToTheManifestDigestWithTheManifestFields(String name) throws Exception {
        JsonNode f = Fixtures.fixture(name);
        Path path = Fixtures.overlaybd().resolve(f.get("files").get(0).get("path").asText());
        try (BlockSource lsmt = BlobUnwrapper.unwrap(LocalFileSource.open(path))) {
            assertThat(lsmt).isInstanceOf(ZFileReader.class);
            ZFileReader z = (ZFileReader) lsmt;
            checkFields(z, f.get("zfile"));
            JsonNode d = f.get("decompressed");
            assertThat(z.size()).isEqualTo(d.get("size").asLong());
            assertThat(sha256(z, 1 << 20)).isEqualTo(d.get("sha256").asText());
            assertThat(sha256(z, 12_345)).isEqualTo(d.get("sha256").asText());
        }
    }

    static void checkFields(ZFileReader z, JsonNode zf) {
        if (zf == null) {
            return;
        }
        assertThat(z.algorithm().name().toLowerCase()).isEqualTo(zf.get("algo").asText());
        assertThat(z.blockSize()).isEqualTo(zf.get("block_size").asInt());
        assertThat(z.hasBlockCrc()).isEqualTo(zf.get("crc").asBoolean());
        assertThat(z.blockCount()).isEqualTo(zf.get("blocks").asInt());
        if (zf.has("original_file_size")) {
            assertThat(z.size()).isEqualTo(zf.get("original_file_size").asLong());
        }
        if (zf.has("header_flags")) {
            assertThat(z.metadata().header().flags()).isEqualTo(zf.get("header_flags").asLong());
        }
        if (zf.has("trailer_flags")) {
            assertThat(trailer(z).flags()).isEqualTo(zf.get("trailer_flags").asLong());
        }
        ZFileHeader t = trailer(z);
        assertThat(t.indexSize()).isEqualTo(z.blockCount());
        assertThat(t.blockSize()).isEqualTo(z.blockSize());
    }

    /** The trailer at the end of the ZFile, also when the reader did not need it (overwritten header). */
    static ZFileHeader trailer(ZFileReader z) {
        try {
            ByteBuffer area = ByteBuffer.allocate(ZFileHeaderFormat.SPACE);
            z.source().readFully(area, z.source().size() - ZFileHeaderFormat.SPACE);
            return ZFileHeaderFormat.decode(area.flip());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String sha256(BlockSource src, int chunk) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(chunk);
            long size = src.size();
            for (long off = 0; off < size; ) {
                buf.clear();
                int n = src.read(buf, off);
                assertThat(n).isPositive();
                md.update(buf.array(), 0, n);
                off += n;
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
