package io.obd4j.daemon.image;

import io.obd4j.core.image.ForwardingBlockDevice;
import io.obd4j.core.image.Image;
import io.obd4j.core.io.BlockSource;
import io.obd4j.registry.download.BackgroundDownloader;
import io.obd4j.registry.download.DownloadProgress;
import io.obd4j.registry.download.SwitchableBlockSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A device opened by {@link FormatImageOpener}: the {@link Image} (merged lowers + writable upper) plus what the API
 * reports about it (its layers, where each is read from, background-download progress), and the device's
 * background downloader, stopped on close.
 */
public final class OpenedImage extends ForwardingBlockDevice {
    private final Image image;
    private final BackgroundDownloader downloader;
    private final DevicePrefetch prefetch;
    private volatile List<Layer> layers;
    private volatile String upper;

    /**
     * One read-only layer, bottom first: {@code origin} is the local path or the blob URL, {@code source} the live
     * source (a remote one switches to local once downloaded), {@code download} its progress or null.
     */
    public record Layer(String origin, String digest, BlockSource source, DownloadProgress download) {
        /** {@code local}, {@code remote} or {@code downloaded} (a remote layer switched to its local copy). */
        public String location() {
            if (source instanceof SwitchableBlockSource s) {
                return s.current() instanceof io.obd4j.core.io.LocalFileSource ? "downloaded" : "remote";
            }
            return "local";
        }
    }

    OpenedImage(Image image, List<Layer> layers, String upper, BackgroundDownloader downloader,
                DevicePrefetch prefetch) {
        super(image);
        this.prefetch = prefetch;
        this.image = image;
        this.layers = List.copyOf(layers);
        this.upper = upper;
        this.downloader = downloader;
    }

    public Image image() {
        return image;
    }

    /** Read-only layers, bottom first. */
    public List<Layer> layers() {
        return layers;
    }

    /** The writable layer's data file, or null for a read-only image. */
    public String upper() {
        return upper;
    }

    /** After a live snapshot: the sealed upper is the new top lower and {@code newUpper} is writable. */
    void restacked(String sealed, String newUpper) {
        List<Layer> l = new ArrayList<>(layers);
        l.add(new Layer(sealed, "", null, null));
        layers = List.copyOf(l);
        upper = newUpper;
    }

    public boolean downloading() {
        return downloader != null && downloader.isRunning();
    }

    /** The device's trace record/replay or file-list prefetch (mode DISABLED when none). */
    public DevicePrefetch prefetch() {
        return prefetch;
    }

    /** Stops a prefetch replay (or dumps a recording) and the background download, then closes the image. */
    @Override
    public void close() throws IOException {
        prefetch.close();
        if (downloader != null) {
            downloader.close();
        }
        image.close();
    }
}
