package io.obd4j.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the fetch path, shared by the client, the blob cache and the background downloader; the daemon
 * exports {@link #snapshot()} as metrics. Cheap to update from many threads.
 */
public final class RegistryStats {
    final LongAdder requests = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder bytesFetched = new LongAdder();
    final LongAdder http2Responses = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder cacheMisses = new LongAdder();
    private final LongAdder cacheBytesRead = new LongAdder();
    private final LongAdder corruptRefetches = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder evictRequests = new LongAdder();
    private final LongAdder bytesEvicted = new LongAdder();

    /** HTTP requests sent (every attempt, every redirect hop, token requests included). */
    public long requests() {
        return requests.sum();
    }

    public long retries() {
        return retries.sum();
    }

    /** Operations that failed after their retry budget (or at once for fatal answers). */
    public long failures() {
        return failures.sum();
    }

    /** Blob payload bytes received from registries. */
    public long bytesFetched() {
        return bytesFetched.sum();
    }

    /** Responses that came over HTTP/2 (negotiated by ALPN on {@code https://} registries). */
    public long http2Responses() {
        return http2Responses.sum();
    }

    public long cacheHits() {
        return cacheHits.sum();
    }

    public long cacheMisses() {
        return cacheMisses.sum();
    }

    public long cacheBytesRead() {
        return cacheBytesRead.sum();
    }

    /** Cache pieces found corrupt (checksum, truncation) and fetched again. */
    public long corruptRefetches() {
        return corruptRefetches.sum();
    }

    /** Pieces dropped because a format reader's checksum failed ({@code BlockSource.evict}). */
    public long evictRequests() {
        return evictRequests.sum();
    }

    public void evictRequested() {
        evictRequests.increment();
    }

    public long evictions() {
        return evictions.sum();
    }

    public long bytesEvicted() {
        return bytesEvicted.sum();
    }

    public void cacheHit(long bytes) {
        cacheHits.increment();
        cacheBytesRead.add(bytes);
    }

    public void cacheMiss() {
        cacheMisses.increment();
    }

    public void corruptRefetch() {
        corruptRefetches.increment();
    }

    public void evicted(long bytes) {
        evictions.increment();
        bytesEvicted.add(bytes);
    }

    /** All counters by name, for an exporter. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("registry_requests", requests());
        m.put("registry_retries", retries());
        m.put("registry_failures", failures());
        m.put("registry_bytes_fetched", bytesFetched());
        m.put("registry_http2_responses", http2Responses());
        m.put("cache_hits", cacheHits());
        m.put("cache_misses", cacheMisses());
        m.put("cache_bytes_read", cacheBytesRead());
        m.put("cache_corrupt_refetches", corruptRefetches());
        m.put("cache_evictions", evictions());
        m.put("cache_evict_requests", evictRequests());
        m.put("cache_bytes_evicted", bytesEvicted());
        return m;
    }
}
