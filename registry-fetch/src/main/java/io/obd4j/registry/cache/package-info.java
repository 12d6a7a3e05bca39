/**
 * The local blob cache under {@code registryCacheDir}: blobs are cached in refill-sized aligned pieces, one file per
 * piece ({@code <dir>/<digest>/<index>.piece}) carrying a CRC32C per 4 KiB page, so a flipped byte or a truncated
 * file is found on the next read, evicted, fetched again and counted, never handed to the device. The
 * {@link io.obd4j.registry.cache.CachePool} bounds the total size ({@code registryCacheSizeGB}) with LRU eviction
 * that skips pieces being read, and rebuilds its state from the directory after a restart. Knows nothing about
 * HTTP or layer formats: it caches any {@link io.obd4j.core.io.BlockSource}.
 */
package io.obd4j.registry.cache;
