package io.obd4j.core.config;

/** {@code gzipCacheConfig}: cache of decompressed turboOCI gzip targets (code default refill 1 MiB). */
public record GzipCacheConfig(boolean enable, String cacheDir, long cacheSizeGB, long refillSize) {
    static GzipCacheConfig read(ConfigNode n) throws ConfigException {
        boolean enable = n.bool("enable", false);
        String dir = n.string("cacheDir", "/opt/overlaybd/gzip_cache");
        long size = n.uint32("cacheSizeGB", 4);
        long refill = n.uint32("refillSize", 1024 * 1024);
        if (refill == 0 || refill % 4096 != 0) {
            throw n.invalid("refillSize", "a positive multiple of 4096");
        }
        n.finish();
        return new GzipCacheConfig(enable, dir, size, refill);
    }
}
