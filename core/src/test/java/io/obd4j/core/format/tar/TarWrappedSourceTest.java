package io.obd4j.core.format.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TarWrappedSourceTest {
    @TempDir
    Path tmp;

    @Test
    void theCommitZtFixtureIsATarWithThePayloadAt1536() throws Exception {
        Path p = Fixtures.layer("commit1.commit-zt-lz4-4k.tar");
        byte[] raw = Files.readAllBytes(p);
        try (LocalFileSource src = LocalFileSource.open(p)) {
            assertThat(TarWrappedSource.isTar(src)).isTrue();
            TarWrappedSource tar = TarWrappedSource.open(src);
            assertThat(tar.payloadOffset()).isEqualTo(
                    Fixtures.fixture("commit1.commit-zt-lz4-4k.tar").get("zfile").get("tar_data_offset").asLong());
            assertThat(tar.size()).isEqualTo(201_244);
            ByteBuffer all = ByteBuffer.allocate(300_000);
            assertThat(tar.read(all, 0)).isEqualTo(201_244);
            assertThat(all.flip()).isEqualTo(ByteBuffer.wrap(raw, 1536, 201_244));
            assertThat(tar.read(ByteBuffer.allocate(10), 201_244)).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 511, 512, 100_000})
    void ourWrapperRoundTrips(int size) throws Exception {
        byte[] payload = new byte[size];
        new SplittableRandom(size).nextBytes(payload);
        Path p = tmp.resolve("w.tar");
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            TarWrapper w = TarWrapper.create(ch, TarWrapper.DEFAULT_MODE);
            try (LocalFileSource half = LocalFileSource.open(p)) {
                assertThat(TarWrappedSource.isTar(half)).as("placeholder is not a valid tar").isFalse();
            }
            w.write(ByteBuffer.wrap(payload));
            w.close();
        }
        byte[] file = Files.readAllBytes(p);
        assertThat(file.length).isEqualTo(1536 + (size + 511) / 512 * 512 + 1024);
        assertThat(Arrays.copyOfRange(file, 1536 + size, file.length)).containsOnly(0);
        try (LocalFileSource src = LocalFileSource.open(p)) {
            assertThat(TarWrappedSource.isTar(src)).isTrue();
            TarWrappedSource tar = TarWrappedSource.open(src);
            assertThat(tar.size()).isEqualTo(size);
            byte[] back = new byte[size];
            tar.readFully(ByteBuffer.wrap(back), 0);
            assertThat(back).isEqualTo(payload);
        }
    }

    @Test
    void plainUstarWithoutPaxUsesTheUstarSizeAndOffset512() throws Exception {
        byte[] h = new byte[512];
        TarHeaderFormat.putString(h, 0, 100, "layer");
        TarHeaderFormat.putOctal(h, TarHeaderFormat.MODE_OFFSET, 8, 0644);
        TarHeaderFormat.putOctalNoNul(h, TarHeaderFormat.SIZE_OFFSET, 12, 700);
        h[TarHeaderFormat.TYPEFLAG_OFFSET] = '0';
        TarHeaderFormat.putString(h, TarHeaderFormat.MAGIC_OFFSET, 6, "ustar");
        h[TarHeaderFormat.VERSION_OFFSET] = '0';
        h[TarHeaderFormat.VERSION_OFFSET + 1] = '0';
        TarHeaderFormat.putChecksum(h);
        byte[] file = new byte[512 + 1024 + 1024];
        System.arraycopy(h, 0, file, 0, 512);
        Arrays.fill(file, 512, 512 + 700, (byte) 7);
        Path p = tmp.resolve("plain.tar");
        Files.write(p, file);
        try (LocalFileSource src = LocalFileSource.open(p)) {
            TarWrappedSource tar = TarWrappedSource.open(src);
            assertThat(tar.payloadOffset()).isEqualTo(512);
            assertThat(tar.size()).isEqualTo(700);
        }
        file[TarHeaderFormat.CHKSUM_OFFSET + 3] ^= 1;
        Files.write(p, file);
        try (LocalFileSource src = LocalFileSource.open(p)) {
            assertThat(TarWrappedSource.isTar(src)).as("bad checksum").isFalse();
        }
    }

    @Test
    void aPayloadThatDoesNotStartWhereOverlaybdReadsIsRefused() throws Exception {
        byte[] headers = TarWrapper.headers(100, TarWrapper.DEFAULT_MODE);
        // a PAX record longer than one block pushes the member header to 1536 and its data to 2048
        byte[] file = new byte[4096];
        System.arraycopy(headers, 0, file, 0, 512);
        TarHeaderFormat.putOctalNoNul(file, TarHeaderFormat.SIZE_OFFSET, 12, 600);
        Arrays.fill(file, TarHeaderFormat.CHKSUM_OFFSET, TarHeaderFormat.CHKSUM_OFFSET + 8, (byte) 0);
        byte[] pax = new byte[512];
        System.arraycopy(file, 0, pax, 0, 512);
        TarHeaderFormat.putChecksum(pax);
        System.arraycopy(pax, 0, file, 0, 512);
        byte[] rec = ("600 comment=" + "x".repeat(600 - 13) + "\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(rec, 0, file, 512, rec.length);
        System.arraycopy(headers, 1024, file, 1536, 512);
        Path p = tmp.resolve("long.tar");
        Files.write(p, file);
        try (LocalFileSource src = LocalFileSource.open(p)) {
            assertThat(TarWrappedSource.isTar(src)).isTrue();
            assertThatThrownBy(() -> TarWrappedSource.open(src)).isInstanceOf(FormatException.class)
                    .hasMessageContaining("data offset").hasMessageContaining("1536");
        }
    }

    @Test
    void aTruncatedTarIsRefused() throws Exception {
        byte[] raw = Files.readAllBytes(Fixtures.layer("commit1.commit-zt-lz4-4k.tar"));
        Path p = tmp.resolve("trunc.tar");
        Files.write(p, Arrays.copyOf(raw, 100_000));
        try (LocalFileSource src = LocalFileSource.open(p)) {
            assertThatThrownBy(() -> TarWrappedSource.open(src)).isInstanceOf(FormatException.class)
                    .hasMessageContaining("tar member size");
        }
    }
}
