package io.obd4j.core.config;

/**
 * The global config {@code /etc/overlaybd/overlaybd.json}: every key of overlaybd's {@code GlobalConfig} with its
 * code default (not the example file's values), the legacy top-level keys, and obd4j's own {@code "obd4j"}
 * section. Use the {@code effective...} methods: they apply overlaybd's fallbacks to the legacy keys.
 */
public record OverlaybdConfig(
        LogConfig logConfig, int logLevel, String logPath,
        int ioEngine,
        CacheConfig cacheConfig, String cacheType, String registryCacheDir, long registryCacheSizeGB,
        GzipCacheConfig gzipCacheConfig,
        CredentialConfig credentialConfig, String credentialFilePath,
        DownloadConfig download,
        boolean enableAudit, String auditPath, boolean enableThread,
        P2pConfig p2pConfig, ExporterConfig exporterConfig,
        String registryFsVersion, PrefetchConfig prefetchConfig, CertConfig certConfig, String userAgent,
        ServiceConfig serviceConfig, Obd4jConfig obd4j) {

    public static final String DEFAULT_PATH = "/etc/overlaybd/overlaybd.json";
    /** overlaybd sends its build version; obd4j sends its own name. */
    public static final String DEFAULT_USER_AGENT = "obd4j/0.1.0";
    public static final int IO_ENGINE_PSYNC = 0;
    public static final int IO_ENGINE_LIBAIO = 1;
    public static final int IO_ENGINE_POSIX_AIO = 2;

    static OverlaybdConfig read(ConfigNode n) throws ConfigException {
        LogConfig log = LogConfig.read(n.object("logConfig"));
        int logLevel = (int) n.integer("logLevel", 1, LogConfig.DEBUG, LogConfig.FATAL);
        String logPath = n.string("logPath", "/var/log/overlaybd.log");
        int ioEngine = (int) n.integer("ioEngine", IO_ENGINE_PSYNC, IO_ENGINE_PSYNC, IO_ENGINE_POSIX_AIO);
        CacheConfig cache = CacheConfig.read(n.object("cacheConfig"));
        String cacheType = n.oneOf("cacheType", CacheConfig.FILE, CacheConfig.FILE, CacheConfig.OCF,
                CacheConfig.DOWNLOAD);
        String cacheDir = n.string("registryCacheDir", "/opt/overlaybd/registry_cache");
        long cacheSize = n.uint32("registryCacheSizeGB", 4);
        GzipCacheConfig gzip = GzipCacheConfig.read(n.object("gzipCacheConfig"));
        CredentialConfig cred = CredentialConfig.read(n.object("credentialConfig"));
        String credFile = n.string("credentialFilePath", "/opt/overlaybd/cred.json");
        DownloadConfig download = DownloadConfig.read(n.object("download"));
        boolean audit = n.bool("enableAudit", true);
        String auditPath = n.string("auditPath", "/var/log/overlaybd-audit.log");
        boolean thread = n.bool("enableThread", false);
        P2pConfig p2p = P2pConfig.read(n.object("p2pConfig"));
        ExporterConfig exporter = ExporterConfig.read(n.object("exporterConfig"));
        String fsVersion = n.string("registryFsVersion", "v2");
        PrefetchConfig prefetch = PrefetchConfig.read(n.object("prefetchConfig"));
        CertConfig cert = CertConfig.read(n.object("certConfig"));
        String userAgent = n.string("userAgent", DEFAULT_USER_AGENT);
        ServiceConfig service = ServiceConfig.read(n.object("serviceConfig"));
        Obd4jConfig obd4j = Obd4jConfig.read(n.object("obd4j"));
        n.finish();
        OverlaybdConfig c = new OverlaybdConfig(log, logLevel, logPath, ioEngine, cache, cacheType, cacheDir,
                cacheSize, gzip, cred, credFile, download, audit, auditPath, thread, p2p, exporter, fsVersion,
                prefetch, cert, userAgent, service, obd4j);
        if (thread && CacheConfig.FILE.equals(c.effectiveCache().cacheType())) {
            throw n.invalid("enableThread", "false when the cache type is \"file\"");
        }
        return c;
    }

    /** {@code logConfig}, or the legacy {@code logLevel}/{@code logPath} (10 MiB, 3 files) when its path is empty. */
    public LogConfig effectiveLog() {
        return logConfig.logPath().isEmpty() ? new LogConfig(logLevel, logPath, 10, 3) : logConfig;
    }

    /** {@code cacheConfig}, or the legacy cache keys when its type is empty ({@code refillSize} kept). */
    public CacheConfig effectiveCache() {
        if (!cacheConfig.cacheType().isEmpty()) {
            return cacheConfig;
        }
        return new CacheConfig(cacheType, registryCacheDir, registryCacheSizeGB, cacheConfig.refillSize(),
                cacheConfig.blockSize());
    }

    /** {@code credentialConfig}, or file mode on the legacy {@code credentialFilePath} when its mode is empty. */
    public CredentialConfig effectiveCredentials() {
        if (!credentialConfig.mode().isEmpty()) {
            return credentialConfig;
        }
        return new CredentialConfig(CredentialConfig.FILE, credentialFilePath, credentialConfig.timeout(),
                "", "", "");
    }

    /** Audit is on unless disabled or its path is empty. */
    public boolean auditEnabled() {
        return enableAudit && !auditPath.isEmpty();
    }

    /** {@code "v2"} selects the v2 registry client; any other string v1, as in overlaybd. */
    public boolean registryFsV2() {
        return "v2".equals(registryFsVersion);
    }
}
