package io.obd4j.core.config;

/**
 * {@code cacheConfig}: registry blob cache. An empty {@code cacheType} selects the legacy top-level keys
 * (see {@link OverlaybdConfig#effectiveCache()}); {@code refillSize} applies either way.
 */
public record CacheConfig(String cacheType, String cacheDir, long cacheSizeGB, long refillSize, long blockSize) {
    public static final String FILE = "file";
    public static final String OCF = "ocf";
    public static final String DOWNLOAD = "download";

    static CacheConfig read(ConfigNode n) throws ConfigException {
        String type = n.oneOf("cacheType", "", "", FILE, OCF, DOWNLOAD);
        String dir = n.string("cacheDir", "/opt/overlaybd/registry_cache");
        long size = n.uint32("cacheSizeGB", 4);
        long refill = n.uint32("refillSize", 262144);
        if (refill < 4096 || Long.bitCount(refill) != 1) {
            throw n.invalid("refillSize", "a power of two >= 4096");
        }
        long block = n.uint32("blockSize", 65536);
        if (block < 4096 || block > 65536 || Long.bitCount(block) != 1) {
            throw n.invalid("blockSize", "one of [4096, 8192, 16384, 32768, 65536]");
        }
        n.finish();
        return new CacheConfig(type, dir, size, refill, block);
    }
}
