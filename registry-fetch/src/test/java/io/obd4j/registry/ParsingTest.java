package io.obd4j.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParsingTest {
    static final String HEX = "0123456789abcdef".repeat(4);

    @Test
    void digests() throws Exception {
        Digest d = Digest.parse("sha256:" + HEX);
        assertThat(d.algorithm()).isEqualTo("sha256");
        assertThat(d.hex()).isEqualTo(HEX);
        assertThat(d.toString()).isEqualTo("sha256:" + HEX);
        assertThat(Digest.sha256(new byte[0]).toString())
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256", "md5:abcd", "sha256:ABCDEF", "sha256:0123",
        "sha256:gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg"})
    void badDigestsAreRejectedWithTheText(String text) {
        assertThatThrownBy(() -> Digest.parse(text)).isInstanceOf(RegistryException.class)
                .hasMessageContaining(text);
    }

    @Test
    void imageReferences() throws Exception {
        ImageReference r = ImageReference.parse("127.0.0.1:5000/obd4j/redis:7.0@sha256:" + HEX);
        assertThat(r.host()).isEqualTo("127.0.0.1:5000");
        assertThat(r.path()).isEqualTo("obd4j/redis");
        assertThat(r.tag()).isEqualTo("7.0");
        assertThat(r.reference()).isEqualTo("sha256:" + HEX);
        assertThat(r.repository(true).base().toString()).isEqualTo("http://127.0.0.1:5000");
        ImageReference hub = ImageReference.parse("redis");
        assertThat(hub.host()).isEqualTo("registry-1.docker.io");
        assertThat(hub.path()).isEqualTo("library/redis");
        assertThat(hub.tag()).isEqualTo("latest");
        assertThat(ImageReference.parse("localhost/a/b").host()).isEqualTo("localhost");
        assertThat(ImageReference.parse("docker.io/overlaybd/redis:x").host()).isEqualTo("registry-1.docker.io");
        assertThatThrownBy(() -> ImageReference.parse("host.io/UPPER:x")).isInstanceOf(RegistryException.class);
        assertThatThrownBy(() -> ImageReference.parse("a:b:c!")).isInstanceOf(RegistryException.class);
    }

    @Test
    void blobUrlsFromConfig() throws Exception {
        BlobUrl b = BlobUrl.of("https://registry-1.docker.io/v2/overlaybd/redis/blobs/", "sha256:" + HEX);
        assertThat(b.toString()).isEqualTo("https://registry-1.docker.io/v2/overlaybd/redis/blobs/sha256:" + HEX);
        assertThat(b.sourceName()).startsWith("/https://");
        assertThat(b.repository().name()).isEqualTo("overlaybd/redis");
        assertThatThrownBy(() -> BlobUrl.of("", "sha256:" + HEX)).hasMessageContaining("empty repoBlobUrl");
        assertThatThrownBy(() -> BlobUrl.of("https://h/x/blobs", "sha256:" + HEX))
                .isInstanceOf(RegistryException.class);
    }

    @Test
    void contentRanges() {
        ContentRange c = ContentRange.parse("bytes 10-19/100");
        assertThat(c.first).isEqualTo(10);
        assertThat(c.last).isEqualTo(19);
        assertThat(c.total).isEqualTo(100);
        assertThat(ContentRange.parse("bytes 0-0/*").total).isEqualTo(-1);
        assertThat(ContentRange.parse("bytes 5-4/10")).isNull();
        assertThat(ContentRange.parse("items 1-2/3")).isNull();
        assertThat(ContentRange.parse(null)).isNull();
        assertThat(ContentRange.parse("bytes x-1/2")).isNull();
    }

    @Test
    void backoffDoublesFrom20msTo30s() {
        RetryPolicy p = RetryPolicy.defaults();
        assertThat(p.delayNanos(1, -1)).isEqualTo(20_000_000L);
        assertThat(p.delayNanos(2, -1)).isEqualTo(40_000_000L);
        assertThat(p.delayNanos(5, -1)).isEqualTo(320_000_000L);
        assertThat(p.delayNanos(20, -1)).isEqualTo(30_000_000_000L);
        assertThat(p.delayNanos(1, 2_000_000_000L)).isEqualTo(2_000_000_000L);
        assertThat(p.delayNanos(1, 100_000_000_000L)).isEqualTo(30_000_000_000L);
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        long now = java.time.Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();
        assertThat(StatusException.retryAfterNanos("3", now)).isEqualTo(3_000_000_000L);
        assertThat(StatusException.retryAfterNanos(" 0 ", now)).isZero();
        assertThat(StatusException.retryAfterNanos("Mon, 23 Nov 2026 10:00:07 GMT", now)).isEqualTo(7_000_000_000L);
        assertThat(StatusException.retryAfterNanos("Mon, 23 Nov 2026 09:00:00 GMT", now)).isZero();
        assertThat(StatusException.retryAfterNanos("soon", now)).isEqualTo(-1);
        assertThat(StatusException.retryAfterNanos(null, now)).isEqualTo(-1);
        assertThat(StatusException.retryAfterNanos("99999999999999999", now)).isPositive();
    }

    @Test
    void exceptionUrlsHideQueryAndUserInfo() {
        assertThat(RegistryException.redact(java.net.URI.create("https://u:p@h:1/p/a?X-Sig=secret#f")))
                .isEqualTo("https://h:1/p/a");
    }
}
