package io.obd4j.registry;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Receives a response body either into a caller's array (blob ranges: exactly where the bytes belong, failing if
 * more arrive than fit) or into a small growable array with a hard cap (manifests, tokens, error bodies: excess is
 * discarded so the connection stays reusable). Completes with the number of bytes kept.
 */
final class BodyCollector implements HttpResponse.BodySubscriber<Integer> {
    private final CompletableFuture<Integer> result = new CompletableFuture<>();
    private final boolean fixed;
    private final int offset;
    private final int capacity;
    private byte[] target;
    private int count;
    private Flow.Subscription subscription;

    private BodyCollector(byte[] target, int offset, int capacity, boolean fixed) {
        this.target = target;
        this.offset = offset;
        this.capacity = capacity;
        this.fixed = fixed;
    }

    /** Into {@code target[offset, offset + capacity)}; a longer body fails the exchange. */
    static BodyCollector into(byte[] target, int offset, int capacity) {
        return new BodyCollector(target, offset, capacity, true);
    }

    /** Into a new array of at most {@code cap} bytes; the rest of a longer body is read and dropped. */
    static BodyCollector capped(int cap) {
        return new BodyCollector(new byte[Math.min(cap, 4096)], 0, cap, false);
    }

    /** The kept bytes of a {@link #capped} collector. */
    byte[] bytes() {
        return Arrays.copyOf(target, count);
    }

    @Override
    public CompletionStage<Integer> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer b : items) {
            int n = b.remaining();
            if (count + n > capacity) {
                if (fixed) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("response body longer than the "
                            + capacity + " bytes requested"));
                    return;
                }
                n = capacity - count;
            }
            if (!fixed && count + n > target.length) {
                target = Arrays.copyOf(target, Math.min(capacity, Math.max(target.length * 2, count + n)));
            }
            b.get(target, offset + count, n);
            count += n;
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(count);
    }
}
