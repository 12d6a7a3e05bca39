package io.obd4j.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** The body channel fed the way the JDK client feeds it: chunk lists split at awkward points, then an end or error. */
class StreamingBodyTest {
    /** The publisher side: counts demand and cancellation. */
    static final class Demand implements Flow.Subscription {
        final AtomicLong requested = new AtomicLong();
        volatile boolean cancelled;

        @Override
        public void request(long n) {
            requested.addAndGet(n);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    final LongAdder counted = new LongAdder();
    final Demand demand = new Demand();

    StreamingBody body(long stallMillis) {
        StreamingBody b = new StreamingBody(stallMillis * 1_000_000L, counted);
        b.onSubscribe(demand);
        return b;
    }

    static List<ByteBuffer> chunks(byte[] data, int... cuts) {
        List<ByteBuffer> out = new ArrayList<>();
        int from = 0;
        for (int c : cuts) {
            out.add(ByteBuffer.wrap(data, from, c - from).slice());
            from = c;
        }
        out.add(ByteBuffer.wrap(data, from, data.length - from).slice());
        return out;
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @Test
    void deliversExactlyTheAnnouncedBytesAcrossChunkBoundariesAndKeepsDemandBounded() throws Exception {
        byte[] data = bytes(10_000);
        StreamingBody b = body(5000);
        b.expect(data.length);
        assertThat(demand.requested.get()).isEqualTo(StreamingBody.WINDOW);
        b.onNext(chunks(data, 1, 4096, 4097));
        b.onNext(chunks(java.util.Arrays.copyOfRange(data, 0, 0)));
        b.onComplete();
        ByteBuffer dst = ByteBuffer.allocate(data.length);
        ByteBuffer small = ByteBuffer.allocate(333);
        while (dst.hasRemaining()) {
            small.clear().limit(Math.min(333, dst.remaining()));
            assertThat(b.read(small)).isPositive();
            dst.put(small.flip());
        }
        assertThat(b.read(ByteBuffer.allocate(1))).isEqualTo(-1);
        assertThat(dst.array()).isEqualTo(data);
        assertThat(counted.sum()).isEqualTo(data.length);
        // one more chunk list requested per list consumed
        assertThat(demand.requested.get()).isEqualTo(StreamingBody.WINDOW + 2);
        assertThat(demand.cancelled).isFalse();
    }

    @Test
    void anEarlyEndIsAnErrorAndStaysOne() throws Exception {
        StreamingBody b = body(5000);
        b.expect(100);
        b.onNext(chunks(bytes(60)));
        b.onComplete();
        ByteBuffer dst = ByteBuffer.allocate(100);
        assertThat(b.read(dst)).isEqualTo(60);
        assertThatThrownBy(() -> b.read(dst)).isInstanceOf(EOFException.class).hasMessageContaining("40 bytes early");
        assertThatThrownBy(() -> b.read(dst)).isInstanceOf(EOFException.class);
    }

    @Test
    void extraBytesCancelTheExchange() throws Exception {
        StreamingBody b = body(5000);
        b.expect(10);
        b.onNext(chunks(bytes(16)));
        assertThatThrownBy(() -> b.read(ByteBuffer.allocate(16))).isInstanceOf(IOException.class)
                .hasMessageContaining("longer than announced");
        assertThat(demand.cancelled).isTrue();
    }

    @Test
    void aTransportErrorSurfacesAfterTheBytesBeforeIt() throws Exception {
        StreamingBody b = body(5000);
        b.onNext(chunks(bytes(50)));
        b.onError(new IOException("connection reset"));
        ByteBuffer dst = ByteBuffer.allocate(100);
        assertThat(b.read(dst)).isEqualTo(50);
        assertThatThrownBy(() -> b.read(dst)).hasMessage("connection reset");
    }

    @Test
    void aStallCancelsAndAClosedChannelRefusesReads() throws Exception {
        StreamingBody b = body(50);
        assertThatThrownBy(() -> b.read(ByteBuffer.allocate(10))).isInstanceOf(HttpTimeoutException.class)
                .hasMessageContaining("50 ms");
        assertThat(demand.cancelled).isTrue();

        Demand other = new Demand();
        StreamingBody c = new StreamingBody(1_000_000_000L, counted);
        c.close();
        c.onSubscribe(other);
        assertThat(other.cancelled).isTrue();
        assertThat(other.requested.get()).isZero();
        assertThatThrownBy(() -> c.read(ByteBuffer.allocate(1))).isInstanceOf(ClosedChannelException.class);
    }
}
