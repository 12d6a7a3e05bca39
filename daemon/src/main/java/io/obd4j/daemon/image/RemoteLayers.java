package io.obd4j.daemon.image;

import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.config.CacheConfig;
import io.obd4j.core.config.CredentialConfig;
import io.obd4j.core.config.OpenErrors;
import io.obd4j.core.config.OverlaybdConfig;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.metrics.Obd4jMetrics;
import io.obd4j.registry.BlobRangeReader;
import io.obd4j.registry.BlobUrl;
import io.obd4j.registry.RegistryClient;
import io.obd4j.registry.RegistryException;
import io.obd4j.registry.RegistryStats;
import io.obd4j.registry.auth.CredentialsFile;
import io.obd4j.registry.cache.CachePool;
import io.obd4j.registry.cache.CachedBlobSource;
import io.obd4j.registry.download.LayerDownload;
import io.obd4j.registry.download.SwitchableBlockSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;

/**
 * The registry side of device opens, shared by every device (overlaybd's one cache fs + registry fs): one
 * {@link RegistryClient} with the configured credentials and user agent, one blob cache at
 * {@code cacheConfig.cacheDir} bounded to {@code cacheSizeGB} (created on the first remote layer), and the
 * {@link RegistryStats} the metrics exporter reads.
 */
final class RemoteLayers implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteLayers.class);

    private final OverlaybdConfig config;
    private final AuditLog audit;
    private final Obd4jMetrics metrics;
    private final RegistryStats stats = new RegistryStats();
    private RegistryClient client;
    private CachePool pool;

    /** A remote layer opened for reading, and its background-download job when one is due. */
    record Opened(SwitchableBlockSource source, LayerDownload download) {
    }

    RemoteLayers(OverlaybdConfig config, AuditLog audit, Obd4jMetrics metrics) {
        this.config = config;
        this.audit = audit;
        this.metrics = metrics;
    }

    RegistryStats stats() {
        return stats;
    }

    /** Cache capacity and use, or null before the first remote layer. */
    synchronized CachePool pool() {
        return pool;
    }

    /**
     * Opens {@code layer} through the cache (reads counted by the {@code pread} meter, refills by {@code download}).
     * With {@code download} set and a layer {@code dir}, also prepares its background download.
     */
    Opened open(LayerSource.Remote layer, boolean download) throws ImageServiceException {
        try {
            RegistryClient c = client();
            BlobUrl url = BlobUrl.of(repoOf(layer), layer.digest());
            BlockSource raw = new MeteredSource(BlobRangeReader.open(c, url, layer.size()), metrics.download());
            BlockSource cached = new MeteredSource(new CachedBlobSource(raw, layer.digest(), pool(c)),
                    metrics.pread());
            SwitchableBlockSource sw = new SwitchableBlockSource(cached);
            LayerDownload job = null;
            if (download && !layer.dir().isEmpty()) {
                BlockSource src = new MeteredSource(BlobRangeReader.open(c, url, layer.size()), metrics.download());
                job = new LayerDownload(Path.of(layer.dir()), url.digest(), layer.size(), src, sw);
            } else if (download) {
                LOG.warn("layer {} ({}) has no dir: no background download", layer.index(), layer.remotePath());
            }
            return new Opened(sw, job);
        } catch (IOException e) {
            throw remoteFailure(layer, e);
        }
    }

    /** overlaybd's text for a remote open that failed: {@code failed to open remote file <path>: <reason>}. */
    static ImageServiceException remoteFailure(LayerSource.Remote layer, IOException e) {
        return new ImageServiceException(ImageServiceException.Kind.FAILED,
                OpenErrors.remoteFile(layer.remotePath(), reason(e)), e);
    }

    /** The errno overlaybd's registry fs would have set, as its resultFile reason. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RegistryException r && r.status() > 0) {
                int s = r.status();
                int errno = s == 401 || s == 403 ? OpenErrors.EPERM : s == 404 ? OpenErrors.ENOENT
                        : s == 429 ? OpenErrors.EBUSY : OpenErrors.EIO;
                return OpenErrors.reason(errno, "");
            }
            if (t instanceof HttpTimeoutException) {
                return OpenErrors.reason(OpenErrors.ETIMEDOUT, "");
            }
            if (t instanceof ConnectException) {
                return OpenErrors.reason(OpenErrors.ENOTCONN, "");
            }
        }
        return OpenErrors.reason(OpenErrors.EIO, "");
    }

    private static String repoOf(LayerSource.Remote layer) {
        String url = layer.url();
        return url.substring(0, url.length() - layer.digest().length() - 1);
    }

    private synchronized RegistryClient client() {
        if (client == null) {
            RegistryClient.Builder b = RegistryClient.builder().stats(stats).userAgent(config.userAgent());
            CredentialConfig cred = config.effectiveCredentials();
            if (CredentialConfig.FILE.equals(cred.mode()) && !cred.path().isEmpty()) {
                b.credentials(new CredentialsFile(Path.of(cred.path())));
            } else if (!cred.mode().isEmpty()) {
                LOG.warn("credentialConfig.mode {}: not supported by obd4j; registries are accessed anonymously",
                        cred.mode());
            }
            if (config.p2pConfig().enable()) {
                b.p2pPrefix(config.p2pConfig().address());
            }
            client = b.build();
        }
        return client;
    }

    private synchronized CachePool pool(RegistryClient c) throws IOException {
        if (pool == null) {
            CacheConfig cache = config.effectiveCache();
            if (!CacheConfig.FILE.equals(cache.cacheType())) {
                LOG.warn("cacheConfig.cacheType {}: obd4j uses its file cache at {} instead", cache.cacheType(),
                        cache.cacheDir());
            }
            pool = CachePool.open(Path.of(cache.cacheDir()), cache.cacheSizeGB() << 30, (int) cache.refillSize(),
                    stats, audit);
            LOG.info("blob cache {} ({} GiB, refill {} bytes)", cache.cacheDir(), cache.cacheSizeGB(),
                    cache.refillSize());
        }
        return pool;
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
        }
        if (client != null) {
            client.close();
        }
    }
}
