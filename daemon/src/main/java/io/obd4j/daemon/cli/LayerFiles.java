package io.obd4j.daemon.cli;

import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.ImageConfig;
import io.obd4j.core.config.LayerConfig;
import io.obd4j.core.format.BlobUnwrapper;
import io.obd4j.core.format.lsmt.LsmtHeader;
import io.obd4j.core.format.lsmt.LsmtHeaderFormat;
import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.format.lsmt.LsmtReader;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.image.Image;
import io.obd4j.core.image.LayerStack;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Opens local layer files (LSMT, ZFile, tar-wrapped; overlaybd's detection order) into core objects. */
final class LayerFiles {
    private LayerFiles() {
    }

    /** Opens one read-only layer file, unwrapping tar and ZFile. */
    static LsmtLayer open(Path file) throws IOException {
        LocalFileSource raw = LocalFileSource.open(file);
        BlockSource lsmt = null;
        try {
            lsmt = BlobUnwrapper.unwrap(raw);
            return LsmtReader.open(lsmt, file.toString());
        } catch (IOException | RuntimeException e) {
            (lsmt != null ? lsmt : raw).close();
            throw e;
        }
    }

    /** Opens and stacks {@code bottomToTop}. */
    static LayerStack stack(List<Path> bottomToTop) throws IOException {
        List<LsmtLayer> layers = new ArrayList<>();
        try {
            for (Path p : bottomToTop) {
                layers.add(open(p));
            }
            return LayerStack.of(layers);
        } catch (IOException | RuntimeException e) {
            for (LsmtLayer l : layers) {
                l.close();
            }
            throw e;
        }
    }

    /**
     * Opens an image: {@code lowers} bottom → top (may be empty when {@code upper} is given) and an optional
     * writable layer {@code DATA,INDEX} (opened read-only: the tools never write to it).
     */
    static Image image(List<Path> lowers, String upper) throws IOException {
        if (lowers.isEmpty() && upper == null) {
            throw new IllegalArgumentException("no layers given");
        }
        LayerStack stack = lowers.isEmpty() ? null : stack(lowers);
        try {
            RwLayer rw = upper == null ? null : openUpper(upper);
            return Image.open(stack, rw);
        } catch (IOException | RuntimeException e) {
            if (stack != null) {
                stack.close();
            }
            throw e;
        }
    }

    /** Opens {@code DATA,INDEX} (or {@code DATA} of a sparse layer) read-only. */
    static RwLayer openUpper(String spec) throws IOException {
        String[] parts = spec.split(",", -1);
        if (parts.length > 2 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("--upper wants DATA,INDEX (or DATA of a sparse layer): '" + spec + "'");
        }
        Path index = parts.length == 2 && !parts[1].isEmpty() ? Path.of(parts[1]) : null;
        return RwLayer.open(Path.of(parts[0]), index, false);
    }

    /** Decodes the LSMT header at offset 0 of a plain (unwrapped) file. */
    static LsmtHeader readHeader(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(LsmtHeaderFormat.SPACE);
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                // keep reading until the header is complete or EOF
            }
            return LsmtHeader.decode(Arrays.copyOf(b.array(), b.position()), 0, file.toString(), 0);
        }
    }

    /** The local lower files of a {@code config.v1.json}, bottom → top, and its upper as {@code DATA,INDEX}. */
    record ConfigLayers(List<Path> lowers, String upper) {
    }

    static ConfigLayers fromConfig(Path config) throws IOException {
        ImageConfig c = ConfigLoader.loadImage(config).config();
        List<Path> lowers = new ArrayList<>();
        for (int i = 0; i < c.lowers().size(); i++) {
            lowers.add(localFile(config, c.lowers().get(i), i));
        }
        String upper = null;
        if (c.upper() != null && c.upper().isWritable()) {
            upper = c.upper().data() + "," + c.upper().index();
        }
        return new ConfigLayers(lowers, upper);
    }

    private static Path localFile(Path config, LayerConfig l, int i) throws IOException {
        if (!l.file().isEmpty()) {
            return Path.of(l.file());
        }
        if (!l.dir().isEmpty()) {
            for (String name : List.of("overlaybd.commit", ".commit", "overlaybd.sealed")) {
                Path p = Path.of(l.dir(), name);
                if (Files.exists(p)) {
                    return p;
                }
            }
        }
        throw new IOException(config + ": lowers[" + i + "] has no local file (dir '" + l.dir() + "', digest '"
                + l.digest() + "'); the tools read local layers only");
    }
}
