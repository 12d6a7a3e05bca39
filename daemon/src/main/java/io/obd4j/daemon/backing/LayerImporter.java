package io.obd4j.daemon.backing;

import io.obd4j.core.format.FormatException;
import io.obd4j.core.format.lsmt.CommitArgs;
import io.obd4j.core.format.lsmt.Committer;
import io.obd4j.core.format.lsmt.LayerUuid;
import io.obd4j.core.format.lsmt.LsmtHeader;
import io.obd4j.core.format.lsmt.LsmtHeaderFormat;
import io.obd4j.core.format.zfile.CompressionAlgorithm;
import io.obd4j.core.format.zfile.ZFileDetector;
import io.obd4j.core.format.zfile.ZFileHeader;
import io.obd4j.core.format.zfile.ZFileHeaderFormat;
import io.obd4j.core.format.zfile.ZFileOptions;
import io.obd4j.core.format.zfile.ZFileWriter;
import io.obd4j.core.image.LayerStack;
import io.obd4j.core.io.LocalFileSource;
import io.obd4j.daemon.cli.ZeroBlockScan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Turns a transferred source file into the committed layer a volume stacks on: an overlaybd layer (LSMT, ZFile or
 * tar-wrapped) is kept as it is; qcow2 goes through {@code qemu-img convert -O raw} first; raw is committed with
 * all-zero 4 KiB blocks left unmapped (the {@code import-raw} path).
 */
final class LayerImporter {
    private static final byte[] QCOW2_MAGIC = {'Q', 'F', 'I', (byte) 0xfb};

    /** What the source was and the size of the disk the layer presents. */
    record Imported(String format, long virtualSize) {
    }

    private final String qemuImg;

    LayerImporter(String qemuImg) {
        this.qemuImg = qemuImg;
    }

    /**
     * Writes the layer for {@code source} to {@code layer} (created, forced to disk) as {@code settings} ask: the disk
     * size must be a multiple of the block size, and a compressed setting stores the layer as a ZFile of that
     * algorithm and block size (an overlaybd source that is a ZFile already must have those); {@code source} is
     * consumed.
     */
    Imported importLayer(Path source, Path layer, VolumeSettings settings) throws IOException {
        Imported plain = importPlain(source, layer);
        if (plain.virtualSize() % settings.blockSize() != 0) {
            Files.deleteIfExists(layer);
            throw new IOException("the " + plain.format() + " image is " + plain.virtualSize() + " bytes, not a "
                    + "multiple of the volume block size " + settings.blockSize());
        }
        ZFileOptions z = settings.zfile();
        try {
            ZFileHeader existing = zfileHeader(layer);
            if (existing != null) {
                checkCompression(existing, settings);
            } else if (z != null) {
                compress(layer, z);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(layer);
            throw e;
        }
        return plain;
    }

    private Imported importPlain(Path source, Path layer) throws IOException {
        if (hasQcow2Magic(source)) {
            Path raw = source.resolveSibling(source.getFileName() + ".raw");
            try {
                convertQcow2(source, raw);
                return new Imported("qcow2", importRaw(raw, layer));
            } finally {
                Files.deleteIfExists(raw);
            }
        }
        Long overlaybd = overlaybdSize(source);
        if (overlaybd != null) {
            Files.move(source, layer);
            try (FileChannel ch = FileChannel.open(layer, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            return new Imported("overlaybd", overlaybd);
        }
        return new Imported("raw", importRaw(source, layer));
    }

    /** The ZFile header of {@code file}, or null when it is not a ZFile. */
    private static ZFileHeader zfileHeader(Path file) throws IOException {
        try (LocalFileSource src = LocalFileSource.open(file)) {
            if (ZFileDetector.detect(src) != ZFileDetector.Result.ZFILE) {
                return null;
            }
            ByteBuffer area = ByteBuffer.allocate(ZFileHeaderFormat.SPACE);
            src.read(area, 0);
            return ZFileHeaderFormat.decode(area.flip());
        }
    }

    private static void checkCompression(ZFileHeader h, VolumeSettings settings) throws IOException {
        CompressionAlgorithm algo = CompressionAlgorithm.ofCode(h.algo());
        String has = (algo == null ? "algo " + h.algo() : algo.name().toLowerCase(java.util.Locale.ROOT)) + "/"
                + h.blockSize();
        String wants = settings.compression() + (settings.zfile() == null ? "" : "/" + settings.compressionBlockSize());
        if (settings.zfile() == null || algo == null || !algo.equals(settings.zfile().algorithm())
                || h.blockSize() != settings.compressionBlockSize()) {
            throw new IOException("the source is a ZFile layer compressed " + has + " but the backing image's "
                    + "compression is " + wants + "; give the same compression or an uncompressed layer");
        }
    }

    /** Replaces the plain layer by a ZFile of it. */
    private static void compress(Path layer, ZFileOptions z) throws IOException {
        Path tmp = layer.resolveSibling(layer.getFileName() + ".zfile");
        try (FileChannel in = FileChannel.open(layer, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                     StandardOpenOption.READ)) {
            ZFileWriter w = ZFileWriter.create(out, layer.toString(), z);
            WritableByteChannel plain = w.asChannel();
            for (long at = 0, size = in.size(); at < size; ) {
                at += in.transferTo(at, size - at, plain);
            }
            w.finish();
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, layer, StandardCopyOption.REPLACE_EXISTING);
    }

    private static boolean hasQcow2Magic(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return java.util.Arrays.equals(head, QCOW2_MAGIC);
        }
    }

    /** The virtual size when {@code file} opens as an overlaybd layer, else null. */
    private static Long overlaybdSize(Path file) throws IOException {
        try (LayerStack s = LayerStack.openBlobs(List.of(LocalFileSource.open(file)))) {
            return s.size();
        } catch (FormatException e) {
            return null;
        }
    }

    private void convertQcow2(Path qcow2, Path raw) throws IOException {
        if (!onPath(qemuImg)) {
            throw new IOException("the source is a qcow2 image; converting it needs " + qemuImg
                    + " (Debian package qemu-utils), which is not installed");
        }
        Process p = new ProcessBuilder(qemuImg, "convert", "-f", "qcow2", "-O", "raw", "-S", "4k",
                qcow2.toString(), raw.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(1, TimeUnit.DAYS) || p.exitValue() != 0) {
                throw new IOException(qemuImg + " convert of " + qcow2 + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(qemuImg + " convert interrupted", e);
        }
    }

    private static boolean onPath(String exe) {
        if (exe.contains("/")) {
            return Files.isExecutable(Path.of(exe));
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }

    private static long importRaw(Path raw, Path layer) throws IOException {
        try (LocalFileSource src = LocalFileSource.open(raw)) {
            long vsize = src.size();
            ZeroBlockScan scan = ZeroBlockScan.scan(src);
            LsmtHeader header = LsmtHeader.of(LsmtHeaderFormat.FLAGS_RW_DATA, 0, 0, vsize, LayerUuid.NULL,
                    LayerUuid.NULL, new byte[0]);
            try (FileChannel out = FileChannel.open(layer, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                Committer.compact(scan.words(), scan.count(), List.of(src), header, header,
                        CommitArgs.of(null, null, "obd4j backing image"), out);
                out.force(true);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(layer);
                throw e;
            }
            return vsize;
        }
    }
}
