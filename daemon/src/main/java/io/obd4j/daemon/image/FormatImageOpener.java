package io.obd4j.daemon.image;

import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.config.DownloadConfig;
import io.obd4j.core.config.OpenErrors;
import io.obd4j.core.config.OverlaybdConfig;
import io.obd4j.core.config.PrefetchConfig;
import io.obd4j.core.format.BlobUnwrapper;
import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.format.lsmt.LsmtReader;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.image.BlockDevice;
import io.obd4j.core.image.Image;
import io.obd4j.core.image.LayerStack;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.core.metrics.Obd4jMetrics;
import io.obd4j.registry.RegistryException;
import io.obd4j.registry.RegistryStats;
import io.obd4j.registry.cache.CachePool;
import io.obd4j.registry.download.BackgroundDownloader;
import io.obd4j.registry.download.DownloadOptions;
import io.obd4j.registry.download.LayerDownload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens config.v1.json images for real (spec §3.2–3.3): each lower from its local file or from the registry through
 * the blob cache, unwrapped (tar, ZFile) and read as LSMT, all merged; the writable upper (append-only or sparse)
 * stacked on top; the background download started when the config asks for it. Every failure carries overlaybd's
 * resultFile text.
 */
public final class FormatImageOpener implements ImageOpener, Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(FormatImageOpener.class);

    private final AuditLog audit;
    private final RemoteLayers remote;
    private final PrefetchConfig prefetchConfig;
    private final Obd4jMetrics metrics;

    public FormatImageOpener(OverlaybdConfig config, AuditLog audit, Obd4jMetrics metrics) {
        this.audit = audit;
        this.remote = new RemoteLayers(config, audit, metrics);
        this.prefetchConfig = config.prefetchConfig();
        this.metrics = metrics;
    }

    /** Counters of registry reads and the blob cache, for the exporter. */
    public RegistryStats registryStats() {
        return remote.stats();
    }

    /** The blob cache, or null while no remote layer was opened. */
    public CachePool cache() {
        return remote.pool();
    }

    @Override
    public BlockDevice open(ResolvedImage image) throws ImageServiceException {
        DownloadConfig dl = image.config().download().orElse(null);
        DevicePrefetch prefetch = DevicePrefetch.select(image, prefetchConfig);
        boolean download = dl != null && dl.enable() && !prefetch.recording();
        List<LsmtLayer> lsmt = new ArrayList<>();
        List<OpenedImage.Layer> layers = new ArrayList<>();
        List<LayerDownload> downloads = new ArrayList<>();
        LayerStack stack = null;
        RwLayer upper = null;
        try {
            for (LayerSource l : image.lowers()) {
                lsmt.add(openLower(l, download, layers, downloads, prefetch));
            }
            stack = lsmt.isEmpty() ? null : LayerStack.of(lsmt);
            if (image.config().upper().isWritable()) {
                upper = openUpper(image);
            } else if (stack == null) {
                throw new ImageServiceException(ImageServiceException.Kind.FAILED, OpenErrors.CREATE_DEVICE_FAILED,
                        new IOException("the config has neither lowers nor an upper"));
            }
            Image img = Image.open(stack, upper);
            BackgroundDownloader bk = null;
            if (!downloads.isEmpty()) {
                bk = new BackgroundDownloader(downloads, DownloadOptions.fromConfig(dl.delay(), dl.delayExtra(),
                        dl.maxMBps(), dl.tryCnt(), (int) dl.blockSize()), audit, image.devId()).start();
            }
            prefetch.start(image.devId(), stack, metrics);
            return new OpenedImage(img, layers, upper == null ? null : upper.dataPath().toString(), bk, prefetch);
        } catch (ImageServiceException e) {
            prefetch.close();
            closeQuietly(stack, upper, lsmt, e);
            throw e;
        } catch (IOException | RuntimeException e) {
            prefetch.close();
            closeQuietly(stack, upper, lsmt, e);
            throw new ImageServiceException(ImageServiceException.Kind.FAILED, OpenErrors.CREATE_DEVICE_FAILED, e);
        }
    }

    private LsmtLayer openLower(LayerSource l, boolean download, List<OpenedImage.Layer> layers,
                                List<LayerDownload> downloads, DevicePrefetch prefetch) throws ImageServiceException {
        if (l instanceof LayerSource.Local local) {
            BlockSource raw;
            try {
                raw = LocalFileSource.open(local.path());
                if (audit.isEnabled()) {
                    raw = new AuditedLocalSource(raw, audit);
                }
            } catch (IOException e) {
                throw new ImageServiceException(ImageServiceException.Kind.FAILED,
                        OpenErrors.localFile(local.path().toString()), e);
            }
            LsmtLayer layer = readLayer(raw, local.path().toString(), OpenErrors.switchFile(local.path().toString()),
                    l.index(), prefetch);
            layers.add(new OpenedImage.Layer(local.path().toString(), "", raw, null));
            return layer;
        }
        LayerSource.Remote r = (LayerSource.Remote) l;
        RemoteLayers.Opened opened = remote.open(r, download);
        LsmtLayer layer;
        try {
            layer = readLayer(opened.source(), r.remotePath(), OpenErrors.switchFile(r.remotePath()), l.index(),
                    prefetch);
        } catch (ImageServiceException e) {
            // a registry read failing under the format readers is a remote-open failure with its reason
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof RegistryException re) {
                    throw RemoteLayers.remoteFailure(r, re);
                }
            }
            throw e;
        }
        layers.add(new OpenedImage.Layer(r.url(), r.digest(), opened.source(),
                opened.download() == null ? null : opened.download().progress()));
        if (opened.download() != null) {
            downloads.add(opened.download());
        }
        return layer;
    }

    /**
     * Unwraps tar/ZFile (overlaybd's switch file), puts the prefetch wrapper on it (overlaybd's {@code PrefetchFile}
     * sits right there, so traces hold offsets of the unwrapped LSMT file) and reads the LSMT header, index and
     * trailer.
     */
    private static LsmtLayer readLayer(BlockSource raw, String name, String unwrapFailure, int index,
                                       DevicePrefetch prefetch) throws ImageServiceException {
        BlockSource lsmt;
        try {
            lsmt = prefetch.layer(index, BlobUnwrapper.unwrap(raw));
        } catch (IOException | RuntimeException e) {
            closeQuietly(raw);
            throw new ImageServiceException(ImageServiceException.Kind.FAILED, unwrapFailure, e);
        }
        try {
            return LsmtReader.open(lsmt, name);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lsmt);
            throw new ImageServiceException(ImageServiceException.Kind.FAILED, OpenErrors.layer(index), e);
        }
    }

    private static RwLayer openUpper(ResolvedImage image) throws ImageServiceException {
        Path data = Path.of(image.config().upper().data());
        Path index = Path.of(image.config().upper().index());
        try {
            return RwLayer.open(data, index, true);
        } catch (IOException | RuntimeException e) {
            // overlaybd records no text for a failed upper: the resultFile reads "failed:".
            throw new ImageServiceException(ImageServiceException.Kind.FAILED, "", e);
        }
    }

    @Override
    public void snapshot(BlockDevice device, ResolvedImage current, ResolvedImage next)
            throws ImageServiceException {
        if (!(device instanceof OpenedImage opened)) {
            throw new ImageServiceException(ImageServiceException.Kind.FAILED, "live snapshot of a device "
                    + current.devId() + " this opener did not open");
        }
        if (opened.isReadOnly()) {
            throw new ImageServiceException(ImageServiceException.Kind.FAILED, "device " + current.devId()
                    + " has no writable layer to snapshot");
        }
        RwLayer newUpper = openUpper(next);
        String sealed = opened.upper();
        try {
            opened.image().restack(newUpper);
        } catch (IOException | RuntimeException e) {
            closeQuietly(newUpper);
            throw new ImageServiceException(ImageServiceException.Kind.FAILED, "restack of " + current.devId()
                    + " failed: " + e.getMessage(), e);
        }
        opened.restacked(sealed, newUpper.dataPath().toString());
    }

    private static void closeQuietly(LayerStack stack, RwLayer upper, List<LsmtLayer> layers, Exception cause) {
        if (upper != null) {
            closeQuietly(upper);
        }
        if (stack != null) {
            closeQuietly(stack);
            return;
        }
        for (LsmtLayer l : layers) {
            closeQuietly(l);
        }
        LOG.debug("open failed", cause);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.warn("closing {} after a failed open: {}", c, e.toString());
        }
    }

    @Override
    public void close() {
        remote.close();
    }
}
