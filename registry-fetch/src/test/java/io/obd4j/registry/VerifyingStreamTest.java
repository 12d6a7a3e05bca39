package io.obd4j.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The source side of a blob copy refuses short, long and corrupt bodies, whole or in upload chunks. */
class VerifyingStreamTest {
    private final byte[] data = bytes(100_000);
    private final Digest digest = Digest.sha256(data);

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new SplittableRandom(3).nextBytes(b);
        return b;
    }

    private VerifyingStream over(byte[] body, AtomicLong progress) {
        return new VerifyingStream(new ByteArrayInputStream(body), digest, data.length, progress::addAndGet);
    }

    @Test
    void exactBodyPassesAndReportsProgress() throws IOException {
        AtomicLong progress = new AtomicLong();
        VerifyingStream in = over(data, progress);
        assertThat(in.readAllBytes()).isEqualTo(data);
        in.verifyComplete();
        in.verifyComplete();
        assertThat(progress.get()).isEqualTo(data.length);
    }

    @Test
    void shortLongAndCorruptBodiesFail() {
        assertThatThrownBy(() -> over(Arrays.copyOf(data, data.length - 1), new AtomicLong()).readAllBytes())
                .hasMessageContaining("ended after 99999 of 100000 bytes");
        assertThatThrownBy(() -> over(Arrays.copyOf(data, data.length + 1), new AtomicLong()).readAllBytes())
                .hasMessageContaining("is longer than its 100000 bytes");
        byte[] corrupt = data.clone();
        corrupt[54_321] ^= 1;
        assertThatThrownBy(() -> over(corrupt, new AtomicLong()).readAllBytes())
                .hasMessageContaining("does not match its digest");
    }

    @Test
    void chunksSplitTheStreamAndTheEndIsStillChecked() throws IOException {
        VerifyingStream in = over(data, new AtomicLong());
        byte[] joined = new byte[data.length];
        int at = 0;
        for (int chunk : new int[] {1, 4095, 65_536, 30_368}) {
            InputStream part = in.limited(chunk);
            byte[] got = part.readAllBytes();
            assertThat(got).hasSize(chunk);
            System.arraycopy(got, 0, joined, at, chunk);
            at += chunk;
        }
        assertThat(joined).isEqualTo(data);
        in.verifyComplete();

        VerifyingStream shortOne = new VerifyingStream(new ByteArrayInputStream(data, 0, 10), digest, data.length,
                n -> { });
        assertThatThrownBy(() -> shortOne.limited(20).readAllBytes()).hasMessageContaining("ended after 10 of");
    }
}
