package io.obd4j.core.config;

/**
 * obd4j's own section {@code "obd4j"} of overlaybd.json (overlaybd ignores it): which front ends to start.
 * {@code tcmu.enable} (default true: behave as overlaybd-tcmu), {@code iscsi} (default off, loopback) and
 * {@code dataDir} (default {@code /var/lib/obd4j}: volume snapshot records and restored volumes), and
 * {@code backingImages} (where backing images are stored).
 */
public record Obd4jConfig(TcmuConfig tcmu, IscsiConfig iscsi, String dataDir, BackingImagesConfig backingImages) {
    /** {@code obd4j.tcmu}. */
    public record TcmuConfig(boolean enable) {
    }

    /** {@code obd4j.iscsi}: the iSCSI target; {@code blockSize} is the logical block size it reports. */
    public record IscsiConfig(boolean enable, String address, int port, ChapConfig chap, int blockSize) {
    }

    /** {@code obd4j.iscsi.chap}: empty {@code user} = no CHAP; mutual CHAP when {@code mutualUser} is set. */
    public record ChapConfig(String user, String secret, String mutualUser, String mutualSecret) {
        public boolean enabled() {
            return !user.isEmpty();
        }
    }

    /**
     * {@code obd4j.backingImages}: the data directory, the idle timeout of URL downloads and how often ready
     * backing images are re-hashed (0 = only when a volume opens them).
     */
    public record BackingImagesConfig(String dir, int idleTimeoutSeconds, int checkIntervalSeconds) {
        public static final String DEFAULT_DIR = "/var/lib/obd4j/backing-images";
    }

    static Obd4jConfig read(ConfigNode n) throws ConfigException {
        ConfigNode t = n.object("tcmu");
        TcmuConfig tcmu = new TcmuConfig(t.bool("enable", true));
        t.finish();
        ConfigNode i = n.object("iscsi");
        boolean enable = i.bool("enable", false);
        String address = Addresses.ipv4(i, "address", "127.0.0.1");
        int port = (int) i.integer("port", 3260, 0, 65535);
        ConfigNode c = i.object("chap");
        ChapConfig chap = new ChapConfig(c.string("user", ""), c.string("secret", ""),
                c.string("mutualUser", ""), c.string("mutualSecret", ""));
        if (chap.enabled() && chap.secret().isEmpty()) {
            throw c.invalid("secret", "a non-empty secret when chap.user is set");
        }
        if (!chap.mutualUser().isEmpty() && chap.mutualSecret().isEmpty()) {
            throw c.invalid("mutualSecret", "a non-empty secret when chap.mutualUser is set");
        }
        c.finish();
        int blockSize = (int) i.uint32("blockSize", 512);
        if (blockSize != 512 && blockSize != 4096) {
            throw i.invalid("blockSize", "one of [512, 4096]");
        }
        i.finish();
        String dataDir = n.string("dataDir", "/var/lib/obd4j");
        ConfigNode b = n.object("backingImages");
        BackingImagesConfig backing = new BackingImagesConfig(b.string("dir", BackingImagesConfig.DEFAULT_DIR),
                (int) b.integer("idleTimeoutSeconds", 60, 1, 86_400),
                (int) b.integer("checkIntervalSeconds", 3600, 0, 86_400 * 7));
        b.finish();
        n.finish();
        return new Obd4jConfig(tcmu, new IscsiConfig(enable, address, port, chap, blockSize), dataDir, backing);
    }
}
