package io.obd4j.daemon.backing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The first part of a multipart body, read through reads split at awkward sizes. */
class MultipartFileStreamTest {
    private static final String BOUNDARY = "xYzZy";

    private static byte[] body(byte[] content) {
        byte[] head = ("preamble\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(content, 0, all, head.length, content.length);
        System.arraycopy(tail, 0, all, head.length + content.length, tail.length);
        return all;
    }

    /** Hands out at most {@code chunk} bytes per read. */
    private static InputStream trickle(byte[] b, int chunk) {
        return new ByteArrayInputStream(b) {
            @Override
            public synchronized int read(byte[] dst, int off, int len) {
                return super.read(dst, off, Math.min(len, chunk));
            }
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 100, 65536, 1 << 20})
    void contentComesOutWholeWhateverTheReadSizes(int chunk) throws IOException {
        byte[] content = new byte[200_000];
        new SplittableRandom(chunk).nextBytes(content);
        // near-delimiters inside the content must pass through
        byte[] near = ("\r\n--" + BOUNDARY.substring(0, 3)).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(near, 0, content, 70_000, near.length);
        System.arraycopy(near, 0, content, content.length - near.length, near.length);
        try (InputStream in = MultipartFileStream.open(trickle(body(content), chunk), BOUNDARY)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void boundaryIsTakenFromTheContentTypeQuotedOrNot() {
        assertThat(MultipartFileStream.boundary("multipart/form-data; boundary=abc")).isEqualTo("abc");
        assertThat(MultipartFileStream.boundary("Multipart/Form-Data; charset=x; boundary=\"a b\"")).isEqualTo("a b");
        assertThat(MultipartFileStream.boundary("application/octet-stream")).isNull();
    }

    @Test
    void aBodyWithoutTheClosingBoundaryIsAnError() throws IOException {
        byte[] b = body(new byte[10]);
        byte[] cut = java.util.Arrays.copyOf(b, b.length - 12);
        try (InputStream in = MultipartFileStream.open(new ByteArrayInputStream(cut), BOUNDARY)) {
            assertThatThrownBy(in::readAllBytes).hasMessageContaining("without the closing boundary");
        }
        assertThatThrownBy(() -> MultipartFileStream.open(new ByteArrayInputStream(new byte[100]), BOUNDARY))
                .hasMessageContaining("multipart body: expected --" + BOUNDARY);
    }
}
