package io.obd4j.daemon.cli;

import io.obd4j.core.format.tar.TarWrapper;
import io.obd4j.core.format.zfile.ZFileOptions;
import io.obd4j.core.format.zfile.ZFileWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a tool writes a layer: the output file (created with {@code O_EXCL}; {@code -f} removes an existing one
 * first, as the C++ tools do), optionally inside overlaybd's tar wrapping ({@code -t}), optionally through a ZFile
 * writer ({@code -z}). Producers write the plain bytes sequentially into {@link #channel()}; {@link #finish()} writes
 * the ZFile table/trailer and the tar headers. Closing an unfinished output deletes the partial file.
 */
final class LayerOutput implements Closeable {
    private final Path path;
    private final FileChannel file;
    private final TarWrapper tar;
    private final ZFileWriter zfile;
    private final WritableByteChannel channel;
    private boolean finished;

    private LayerOutput(Path path, FileChannel file, TarWrapper tar, ZFileWriter zfile, Progress progress) {
        this.path = path;
        this.file = file;
        this.tar = tar;
        this.zfile = zfile;
        WritableByteChannel inner = zfile != null ? zfile.asChannel() : tar != null ? tar : file;
        this.channel = new CountingChannel(inner, progress);
    }

    /**
     * Creates {@code path}.
     *
     * @param zfile ZFile options, or null for plain bytes
     * @param tar   wrap everything in overlaybd's tar layout
     */
    static LayerOutput create(Path path, boolean force, ZFileOptions zfile, boolean tar, Progress progress)
            throws IOException {
        FileChannel file = createFile(path, force);
        try {
            TarWrapper t = tar ? TarWrapper.create(file, TarWrapper.DEFAULT_MODE) : null;
            SeekableByteChannel under = t != null ? t : file;
            ZFileWriter z = zfile != null ? ZFileWriter.create(under, path.toString(), zfile) : null;
            return new LayerOutput(path, file, t, z, progress);
        } catch (IOException | RuntimeException e) {
            file.close();
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /**
     * Creates {@code path} as {@link #create} does, lets {@code producer} write the plain bytes into it, then
     * finishes it; if anything fails, the partial file is removed.
     */
    static void write(Path path, boolean force, ZFileOptions zfile, boolean tar, Progress progress, Producer producer)
            throws IOException {
        try (LayerOutput out = create(path, force, zfile, tar, progress)) {
            producer.writeTo(out.channel());
            out.finish();
        }
    }

    /** Opens {@code path} for writing, {@code O_CREAT|O_EXCL}; with {@code force}, an existing file is removed. */
    static FileChannel createFile(Path path, boolean force) throws IOException {
        if (force) {
            Files.deleteIfExists(path);
        }
        return FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
    }

    /** The plain (uncompressed, unwrapped) byte stream. */
    WritableByteChannel channel() {
        return channel;
    }

    /** Completes the ZFile and the tar wrapping and forces the file to disk. */
    void finish() throws IOException {
        if (zfile != null) {
            zfile.finish();
        }
        if (tar != null) {
            tar.close();
        }
        file.force(true);
        finished = true;
    }

    @Override
    public void close() throws IOException {
        file.close();
        if (!finished) {
            Files.deleteIfExists(path);
        }
    }

    /** Writes a layer's plain (uncompressed, unwrapped) bytes sequentially. */
    @FunctionalInterface
    interface Producer {
        void writeTo(WritableByteChannel channel) throws IOException;
    }
}
