/**
 * The OCI distribution client of obd4j: references and digests, the HTTP transport (auth challenges, redirects,
 * retries with overlaybd's 20 ms → 30 s backoff), manifests, tags, pushes, and
 * {@link io.obd4j.registry.BlobRangeReader}, the {@link io.obd4j.core.io.BlockSource} over one remote blob.
 *
 * <p>Built on {@link java.net.http.HttpClient}: no maintained Java registry client reads blob ranges (oras-java and
 * jib-core pull whole blobs only, see shared/DEPENDENCIES.md). Redirects are followed by this package, not by the
 * HTTP client, so that the {@code Authorization} header never goes to the storage host a registry redirects to.
 * {@code https://} registries are asked for HTTP/2 (ALPN; HTTP/1.1 when they decline), {@code http://} ones use
 * HTTP/1.1. Whole blobs stream through one ranged GET ({@link io.obd4j.registry.StreamableSource}).
 *
 * <p>Knows nothing about layer formats, caches on disk or block devices; secrets never appear in its messages.
 */
package io.obd4j.registry;
