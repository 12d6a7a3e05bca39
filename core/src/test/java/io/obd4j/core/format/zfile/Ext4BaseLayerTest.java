package io.obd4j.core.format.zfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obd4j.core.format.BlobUnwrapper;
import io.obd4j.core.format.tar.TarHeaderFormat;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.testing.Fixtures;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** overlaybd's {@code baselayers/ext4_64} (spec §12.2): a 2021 ZFile with garbage in its header. */
class Ext4BaseLayerTest {
    @TempDir
    Path tmp;

    @Test
    void theOld2021ZFileDecompressesToTheManifestDigest() throws Exception {
        JsonNode f = Fixtures.fixture("ext4_64");
        Path ext4 = extractSingleMember(Fixtures.layer("ext4_64.tar.gz"), tmp);
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

    /** A tiny tar extractor for a one-member (GNU or ustar) .tar.gz: header, octal size, data. */
    static Path extractSingleMember(Path tarGz, Path dir) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarGz))) {
            byte[] h = new DataInputStream(in).readNBytes(TarHeaderFormat.BLOCK);
            int nameEnd = 0;
            while (nameEnd < 100 && h[nameEnd] != 0) {
                nameEnd++;
            }
            String name = new String(h, 0, nameEnd, StandardCharsets.US_ASCII);
            long size = TarHeaderFormat.parseOctal(h, TarHeaderFormat.SIZE_OFFSET, 12);
            Path out = dir.resolve(Path.of(name).getFileName().toString());
            try (OutputStream os = Files.newOutputStream(out)) {
                byte[] buf = new byte[1 << 16];
                for (long left = size; left > 0; ) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    assertThat(n).isPositive();
                    os.write(buf, 0, n);
                    left -= n;
                }
            }
            return out;
        }
    }

    static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(Files.readAllBytes(p));
        return HexFormat.of().formatHex(md.digest());
    }
}
