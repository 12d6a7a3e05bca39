package io.obd4j.core.format.zfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obd4j.core.format.BlobUnwrapper;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** overlaybd's {@code baselayers/ext4_64} (spec §12.2): a 2021 ZFile with garbage in its header. */
class Ext4BaseLayerTest {
    @TempDir
    Path tmp;

    @Test
    void theOld2021ZFileDecompressesToTheManifestDigest() throws Exception {
        JsonNode f = Fixtures.fixture("ext4_64");
        Path ext4 = Fixtures.extractSingleMember(Fixtures.layer("ext4_64.tar.gz"), tmp);
        assertThat(sha256(ext4)).isEqualTo(f.get("extracted_sha256").asText());
        try (BlockSource lsmt = BlobUnwrapper.unwrap(LocalFileSource.open(ext4))) {
            ZFileReader z = (ZFileReader) lsmt;
            ZFileFixtureTest.checkFields(z, f.get("zfile"));
            assertThat(z.metadata().header().isDigestEnabled()).isFalse();
            assertThat(z.metadata().inUse().indexOffset()).isEqualTo(4_207_947L);
            assertThat(z.size()).isEqualTo(f.get("decompressed").get("size").asLong());
            assertThat(ZFileFixtureTest.sha256(z, 1 << 20)).isEqualTo(f.get("decompressed").get("sha256").asText());
            z.validate();
        }
    }

    static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(Files.readAllBytes(p));
        return HexFormat.of().formatHex(md.digest());
    }
}
