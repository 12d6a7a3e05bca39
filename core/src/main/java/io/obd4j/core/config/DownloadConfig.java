package io.obd4j.core.config;

/**
 * {@code download}: background download of whole layer blobs (global default, and per image in
 * {@code config.v1.json}, where a missing section is copied from the global config on every device open).
 * {@code delay}/{@code delayExtra} in seconds; {@code maxMBps <= 0} means unthrottled.
 */
public record DownloadConfig(boolean enable, int delay, int delayExtra, int maxMBps, int tryCnt, long blockSize) {
    static DownloadConfig read(ConfigNode n) throws ConfigException {
        DownloadConfig c = new DownloadConfig(
                n.bool("enable", false),
                (int) n.integer("delay", 300, 0, Integer.MAX_VALUE),
                (int) n.integer("delayExtra", 30, 0, Integer.MAX_VALUE),
                n.int32("maxMBps", 100),
                (int) n.integer("tryCnt", 5, 0, Integer.MAX_VALUE),
                n.integer("blockSize", 262144, 1, ConfigNode.UINT32_MAX));
        n.finish();
        return c;
    }
}
