package io.obd4j.daemon.backing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link LoopbackImageServer} that answers every {@code Range: bytes=N-} with 206 and cuts the first
 * {@code cutGets} GETs off after {@code cutAt} bytes (or, when {@code stall}, leaves them silent from there until the
 * server closes).
 */
final class LoopbackFileServer extends LoopbackImageServer {
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final AtomicInteger cutsLeft;
    private final int cutAt;
    private final boolean stall;
    private final CountDownLatch closed = new CountDownLatch(1);

    LoopbackFileServer(byte[] content, int cutGets, int cutAt) throws IOException {
        this(content, cutGets, cutAt, false);
    }

    LoopbackFileServer(byte[] content, int cutGets, int cutAt, boolean stall) throws IOException {
        super(content);
        this.stall = stall;
        this.cutsLeft = new AtomicInteger(cutGets);
        this.cutAt = cutAt;
        start();
    }

    /** The Range header of every GET ("" when none), in order. */
    List<String> ranges() {
        return ranges;
    }

    @Override
    int rangeStart(HttpExchange x) {
        String range = header(x, "Range");
        ranges.add(range);
        return range.isEmpty() ? -1 : rangeFrom(range);
    }

    @Override
    void sendBody(HttpExchange x, OutputStream out, int from) throws IOException {
        if (cutsLeft.getAndDecrement() > 0) {
            out.write(content, from, Math.min(cutAt, content.length - from));
            out.flush();
            if (stall) {
                awaitClose();
            }
            // fewer bytes than announced: the JDK server drops the connection, the client sees a premature end
            x.close();
            return;
        }
        out.write(content, from, content.length - from);
        x.close();
    }

    private void awaitClose() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        super.close();
    }
}
