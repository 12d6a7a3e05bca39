package io.obd4j.core.config;

/**
 * {@code upper} of config.v1.json: the writable layer's files (both must already exist). If either {@code index}
 * or {@code data} is empty the device is read-only. {@code vsize}, written by the snapshotter, is ignored as in
 * overlaybd (the size lives in the index header).
 */
public record UpperConfig(String index, String data, String target, String gzipIndex) {
    static UpperConfig read(ConfigNode n) throws ConfigException {
        n.ignore("vsize");
        UpperConfig c = new UpperConfig(n.string("index", ""), n.string("data", ""), n.string("target", ""),
                n.string("gzipIndex", ""));
        n.finish();
        return c;
    }

    public boolean isWritable() {
        return !index.isEmpty() && !data.isEmpty();
    }
}
