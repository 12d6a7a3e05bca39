package io.obd4j.daemon.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.format.lsmt.LsmtReader;
import io.obd4j.core.io.LocalFileSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** File-level helpers: is a layer sealed, which local layers a config stacks, quiet removal. */
final class LayerFiles {
    private static final Logger LOG = LoggerFactory.getLogger(LayerFiles.class);

    private LayerFiles() {
    }

    /** True when {@code file} is a complete read-only LSMT layer (header, index and trailer all valid). */
    static boolean sealed(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (LocalFileSource src = LocalFileSource.open(file); LsmtLayer l = LsmtReader.open(src, file.toString())) {
            return l.index() != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The local {@code lowers[].file} paths of a config.v1.json; empty when the file is missing or unreadable. */
    static Set<String> localLowers(Path config) {
        Set<String> out = new HashSet<>();
        if (!Files.isRegularFile(config)) {
            return out;
        }
        try {
            for (JsonNode l : SnapshotRecord.MAPPER.readTree(config.toFile()).path("lowers")) {
                if (l.path("file").isTextual()) {
                    out.add(l.path("file").textValue());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", config, e.toString());
        }
        return out;
    }

    static void remove(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            LOG.info("removed {}", file);
        }
    }
}
