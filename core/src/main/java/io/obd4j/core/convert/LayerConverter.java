package io.obd4j.core.convert;

import io.obd4j.core.ext4.Ext4Image;
import io.obd4j.core.ext4.Ext4Options;
import io.obd4j.core.ext4.Extent;
import io.obd4j.core.format.lsmt.CommitArgs;
import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.LayerUuid;
import io.obd4j.core.format.lsmt.LsmtWritableFile;
import io.obd4j.core.format.tar.TarWrapper;
import io.obd4j.core.format.zfile.ZFileOptions;
import io.obd4j.core.format.zfile.ZFileWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Converts the layers of one image, bottom first, into overlaybd layer blobs. The ext4 filesystem lives in one sparse
 * raw file of the virtual size, made once; each layer tar is applied to it, and the ranges that changed (for the
 * first layer also what mkfs wrote) are copied into a fresh append-only RW layer that is committed (spec §1.8) into
 * a ZFile (CRC on, header rewritten, as {@code overlaybd-commit -z}) inside overlaybd's tar wrapping (§2.9). The
 * stack of committed layers therefore reads exactly as the raw file does after the same layers.
 */
public final class LayerConverter implements Closeable {
    private static final int COPY_CHUNK = 1 << 20;

    private final Path workDir;
    private final Path raw;
    private final Ext4Image fs;
    private final long vsize;
    private final ZFileOptions zfile;
    private List<Extent> mkfsRanges;
    private int layers;

    private LayerConverter(Path workDir, Path raw, Ext4Image fs, long vsize, ZFileOptions zfile,
            List<Extent> mkfsRanges) {
        this.workDir = workDir;
        this.raw = raw;
        this.fs = fs;
        this.vsize = vsize;
        this.zfile = zfile;
        this.mkfsRanges = mkfsRanges;
    }

    /**
     * Makes the empty filesystem of {@code vsize} bytes in {@code workDir} (which must exist and will hold the raw
     * file and the layer blobs).
     */
    public static LayerConverter create(Path workDir, long vsize, Ext4Options fsOptions, ZFileOptions zfile)
            throws IOException {
        if (!zfile.overwriteHeader() || !zfile.verify()) {
            throw new IllegalArgumentException("layer blobs are written as overlaybd-commit -z does: CRC on and "
                    + "header rewritten");
        }
        Path raw = workDir.resolve("rootfs.raw");
        Ext4Image fs = Ext4Image.create(raw, vsize, fsOptions);
        try {
            return new LayerConverter(workDir, raw, fs, vsize, zfile, fs.dataExtents());
        } catch (IOException | RuntimeException e) {
            fs.close();
            throw e;
        }
    }

    /**
     * Applies the next layer and writes its blob.
     *
     * @param tar        the uncompressed layer tar (read to its end-of-archive, not closed)
     * @param layerName  names the layer in errors (its digest)
     * @param uuid       the committed layer's uuid (36 chars)
     * @param parentUuid the layer below's uuid, or null for the first
     * @param progress   told the tar bytes applied
     */
    public LayerBlob convert(InputStream tar, String layerName, String uuid, String parentUuid,
            LongConsumer progress) throws IOException {
        List<Extent> ranges = new ArrayList<>(fs.apply(tar, layerName, progress));
        if (mkfsRanges != null) {
            ranges.addAll(mkfsRanges);
            mkfsRanges = null;
        }
        int n = layers++;
        Path data = workDir.resolve("layer-" + n + ".data");
        Path index = workDir.resolve("layer-" + n + ".index");
        Path out = workDir.resolve("layer-" + n + ".tar");
        LayerInfo info = new LayerInfo(vsize, LayerUuid.parse(uuid),
                parentUuid == null ? LayerUuid.NULL : LayerUuid.parse(parentUuid), new byte[0], false);
        try (LsmtWritableFile layer = LsmtWritableFile.create(data, index, info)) {
            copyRanges(ChangedRanges.union(ranges), layer);
            layer.flush();
            writeBlob(layer, CommitArgs.of(uuid, parentUuid, null), out);
        } finally {
            Files.deleteIfExists(data);
            Files.deleteIfExists(index);
        }
        return new LayerBlob(out, sha256(out), Files.size(out));
    }

    private void copyRanges(List<Extent> ranges, LsmtWritableFile layer) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(COPY_CHUNK);
        try (FileChannel in = FileChannel.open(raw, StandardOpenOption.READ)) {
            for (Extent e : ranges) {
                long end = Math.min(e.offset() + e.length(), vsize);
                for (long off = e.offset(); off < end; off += buf.capacity()) {
                    int len = (int) Math.min(buf.capacity(), end - off);
                    buf.clear().limit(len);
                    while (buf.hasRemaining()) {
                        int r = in.read(buf, off + buf.position());
                        if (r < 0) {
                            // Past the raw file's end: the filesystem never wrote there; it reads as zeros.
                            buf.put(new byte[buf.remaining()]);
                        }
                    }
                    buf.flip();
                    layer.write(buf, off);
                }
            }
        }
    }

    private void writeBlob(LsmtWritableFile layer, CommitArgs args, Path out) throws IOException {
        try (FileChannel file = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            TarWrapper tar = TarWrapper.create(file, TarWrapper.DEFAULT_MODE);
            ZFileWriter z = ZFileWriter.create(tar, out.toString(), zfile);
            layer.commit(args, z.asChannel());
            z.finish();
            tar.close();
            file.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(out);
            throw e;
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buf = ByteBuffer.allocate(COPY_CHUNK);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf.clear()) >= 0) {
                md.update(buf.flip());
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Filesystem options that depend only on {@code seed} (the source manifest digest) and {@code timestamp} (epoch
     * seconds; outside the 32-bit range the base layer's date): the filesystem uuid and directory hash seed are
     * name-based uuids of the seed, every time the
     * filesystem records (mkfs and inode change times) is the timestamp. The same image thus makes the same filesystem.
     */
    public static Ext4Options deterministicFs(String seed, long timestamp) {
        UUID uuid = UUID.nameUUIDFromBytes(("obd4j convert fs uuid " + seed).getBytes(StandardCharsets.UTF_8));
        UUID hashSeed = UUID.nameUUIDFromBytes(("obd4j convert hash seed " + seed).getBytes(StandardCharsets.UTF_8));
        long t = timestamp >= 1 && timestamp <= 0x7FFF_FFFFL ? timestamp : Ext4Options.BASE_LAYER_TIME;
        return Ext4Options.defaults().withUuid(uuid).withHashSeed(hashSeed).withTimestamp(t);
    }

    /** The raw filesystem image as it stands after the layers converted so far. */
    public Path rawFile() {
        return raw;
    }

    /** Closes the filesystem and deletes the raw file (the layer blobs stay). */
    @Override
    public void close() throws IOException {
        try {
            fs.close();
        } finally {
            Files.deleteIfExists(raw);
        }
    }
}
