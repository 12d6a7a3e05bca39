package io.obd4j.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.registry.convert.RegistryImageSource;
import io.obd4j.registry.sync.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A converted layer is read from the registry as one stream: cut mid-body by {@link FaultProxy}, it is reopened where
 * the good bytes end (ranged GET from that offset) and the layer reads back whole; a source that keeps failing
 * without progress fails the layer with the reason.
 */
class ConvertSourceResumeTest extends RegistryPeerTest {
    static final int SIZE = 3 << 20;
    static TestBlob blob;

    FaultProxy proxy;
    RegistryClient client;

    @BeforeAll
    static void push() throws Exception {
        blob = pushRandomBlob("obd4j/convert-src", SIZE, 11);
    }

    @BeforeEach
    void startProxy() throws Exception {
        proxy = new FaultProxy(peer.url());
        proxy.stallMillis = 3000;
        client = RegistryClient.builder().retry(new RetryPolicy(2, Duration.ofMillis(20), Duration.ofSeconds(1),
                Duration.ofSeconds(2))).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        proxy.close();
    }

    InputStream open() throws Exception {
        RegistryImageSource src = new RegistryImageSource(client, Repository.of(proxy.url(), "obd4j/convert-src"),
                "latest");
        return src.openBlob(new Descriptor("", blob.digest(), SIZE, null, null, null));
    }

    @Test
    void streamCutTwiceResumesWhereTheGoodBytesEnd() throws Exception {
        proxy.faults.addAll(List.of(FaultProxy.Fault.TRUNCATE, FaultProxy.Fault.TRUNCATE));
        try (InputStream in = open()) {
            assertThat(in.readAllBytes()).isEqualTo(blob.bytes());
        }
        assertThat(proxy.ranges).hasSizeGreaterThanOrEqualTo(3);
        assertThat(proxy.ranges.get(0)).isEqualTo("bytes=0-");
        long second = Long.parseLong(proxy.ranges.get(1).replaceAll("bytes=(\\d+)-", "$1"));
        assertThat(second).isPositive().isLessThan(SIZE);
    }

    @Test
    void sourceThatNeverDeliversFailsWithTheReason() {
        proxy.faults.addAll(Collections.nCopies(40, FaultProxy.Fault.STATUS_500));
        assertThatThrownBy(() -> {
            try (InputStream in = open()) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("blob stream broke 4 times at byte 0");
    }
}
