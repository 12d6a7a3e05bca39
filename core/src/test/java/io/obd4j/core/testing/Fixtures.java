package io.obd4j.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.obd4j.core.format.tar.TarHeaderFormat;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Locates {@code ../shared} (the C++-made conformance fixtures and the peer scripts) for tests. The build passes
 * it as the system property {@code obd4j.shared}; otherwise the parents of the working directory are searched.
 * Missing fixtures fail the test: they are oracles, not optional extras.
 */
public final class Fixtures {
    private static volatile JsonNode manifest;

    private Fixtures() {
    }

    /** The {@code shared/} directory beside the checkout. */
    public static Path shared() {
        String prop = System.getProperty("obd4j.shared");
        if (prop != null && Files.isDirectory(Path.of(prop, "fixtures"))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("fixtures"))) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException("shared/ (fixtures and peer tools) not found beside the checkout; "
                + "set -Dobd4j.shared=/path/to/shared");
    }

    /** {@code shared/fixtures/overlaybd}. */
    public static Path overlaybd() {
        return shared().resolve("fixtures/overlaybd");
    }

    /** A file under {@code shared/fixtures/overlaybd/layers}. */
    public static Path layer(String name) {
        return overlaybd().resolve("layers").resolve(name);
    }

    /**
     * Extracts a one-member (GNU or ustar) fixture {@code .tar.gz} into {@code dir} with a tiny reader of its own
     * (512-byte header: name, octal size; then the data), so the code under test is not its own oracle.
     */
    public static Path extractSingleMember(Path tarGz, Path dir) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarGz), 1 << 16)) {
            byte[] h = new DataInputStream(in).readNBytes(TarHeaderFormat.BLOCK);
            int nameEnd = 0;
            while (nameEnd < 100 && h[nameEnd] != 0) {
                nameEnd++;
            }
            String name = new String(h, 0, nameEnd, StandardCharsets.US_ASCII);
            long size = TarHeaderFormat.parseOctal(h, TarHeaderFormat.SIZE_OFFSET, 12);
            Path out = dir.resolve(Path.of(name).getFileName().toString());
            try (OutputStream os = Files.newOutputStream(out)) {
                byte[] buf = new byte[1 << 16];
                for (long left = size; left > 0; ) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n <= 0) {
                        throw new EOFException(tarGz + ": member " + name + " ends " + left + " bytes early");
                    }
                    os.write(buf, 0, n);
                    left -= n;
                }
            }
            return out;
        }
    }

    /** {@code shared/tools/<script>}. */
    public static Path tool(String script) {
        return shared().resolve("tools").resolve(script);
    }

    /** The parsed MANIFEST.json. */
    public static JsonNode manifest() {
        JsonNode m = manifest;
        if (m == null) {
            try {
                m = new ObjectMapper().readTree(overlaybd().resolve("MANIFEST.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            manifest = m;
        }
        return m;
    }

    /** The manifest entry of one fixture, by name. */
    public static JsonNode fixture(String name) {
        for (JsonNode f : manifest().get("fixtures")) {
            if (name.equals(f.get("name").asText())) {
                return f;
            }
        }
        throw new IllegalArgumentException("no fixture named " + name + " in MANIFEST.json");
    }

    /** {@code expected/<name>.index.json} parsed. */
    public static JsonNode expectedIndex(String name) throws IOException {
        return new ObjectMapper().readTree(overlaybd().resolve("expected").resolve(name + ".index.json").toFile());
    }
}
