package io.obd4j.core.config;

import java.util.regex.Pattern;

/**
 * One {@code lowers[]} entry of config.v1.json. Local candidates, in order: {@code file}, {@code dir/overlaybd.commit},
 * {@code dir/.commit}, {@code dir/overlaybd.sealed}; otherwise the remote blob {@code digest} of {@code size} bytes.
 * {@code targetFile}/{@code targetDigest}/{@code gzipIndex} describe turboOCI layers.
 */
public record LayerConfig(String file, String dir, String digest, long size, String targetFile, String targetDigest,
                          String gzipIndex) {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    static LayerConfig read(ConfigNode n) throws ConfigException {
        LayerConfig c = new LayerConfig(n.string("file", ""), n.string("dir", ""), digest(n, "digest"),
                n.uint64("size", 0), n.string("targetFile", ""), digest(n, "targetDigest"),
                n.string("gzipIndex", ""));
        n.finish();
        return c;
    }

    private static String digest(ConfigNode n, String key) throws ConfigException {
        String d = n.string(key, "");
        if (!d.isEmpty() && !DIGEST.matcher(d).matches()) {
            throw n.invalid(key, "sha256:<64 lowercase hex digits>");
        }
        return d;
    }

    /** True when the layer is (also) a remote blob. */
    public boolean isRemote() {
        return !digest.isEmpty();
    }
}
