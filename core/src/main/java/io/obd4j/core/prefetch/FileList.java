package io.obd4j.core.prefetch;

import io.obd4j.core.ext4.Ext4Filesystem;
import io.obd4j.core.ext4.Ext4Inode;
import io.obd4j.core.ext4.FileExtent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * overlaybd's {@code DynamicPrefetcher} list (spec §9.3): at most 64 KiB, one path per line, spaces trimmed, lines
 * not matching overlaybd's path pattern skipped; a path ending in {@code /} is walked recursively. {@link #plan}
 * turns the paths into reads of the merged image (layer 0): for every extent of every file, {@code min(extent
 * length, what is left of the 512-rounded file size)} bytes at the extent's disk offset.
 */
public final class FileList {
    private static final Logger LOG = LoggerFactory.getLogger(FileList.class);
    /** overlaybd's {@code MAX_FILE_SIZE}. */
    public static final int MAX_LIST_BYTES = 65536;
    /** overlaybd's regex, verbatim. */
    private static final Pattern PATH = Pattern.compile("((\\/)?((([a-zA-Z0-9_\\-\\.]+\\/)*[a-zA-Z0-9_\\-\\.]+\\/?)"
            + "|(\\.\\.?))?)");
    private static final int SECTOR = 512;

    private final List<String> paths;

    private FileList(List<String> paths) {
        this.paths = List.copyOf(paths);
    }

    public List<String> paths() {
        return paths;
    }

    /** Reads a list file; a file over 64 KiB is refused as overlaybd refuses it. */
    public static FileList read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_LIST_BYTES) {
            throw new IOException(file + ": prefetch list file too large (" + size + " bytes > " + MAX_LIST_BYTES
                    + ")");
        }
        return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    /** Parses list text: one path per line. */
    public static FileList parse(String text) {
        List<String> out = new ArrayList<>();
        for (String raw : text.split("\n", -1)) {
            String line = trimSpaces(raw);
            if (line.isEmpty()) {
                continue;
            }
            if (!PATH.matcher(line).matches()) {
                LOG.warn("Prefetch: skipping list line {}: not a path overlaybd accepts", line);
                continue;
            }
            out.add(line);
        }
        return new FileList(out);
    }

    /** overlaybd trims only the ' ' character; a '\r' or tab stays and fails the pattern. */
    private static String trimSpaces(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == ' ') {
            a++;
        }
        while (b > a && s.charAt(b - 1) == ' ') {
            b--;
        }
        return s.substring(a, b);
    }

    /**
     * The reads that warm every listed file of {@code fs}. A path that cannot be resolved is logged and skipped,
     * as overlaybd skips it.
     */
    public List<TraceRecord> plan(Ext4Filesystem fs) {
        List<TraceRecord> out = new ArrayList<>();
        for (String entry : paths) {
            List<String> files;
            try {
                files = entry.endsWith("/") ? fs.walk(entry) : List.of(entry);
            } catch (IOException e) {
                LOG.warn("Prefetch: {}: {}", entry, e.getMessage());
                continue;
            }
            for (String f : files) {
                try {
                    addFile(fs, fs.resolve(f), out);
                } catch (IOException e) {
                    LOG.warn("Prefetch: get extents failed: {}: {}", f, e.getMessage());
                }
            }
        }
        return out;
    }

    private static void addFile(Ext4Filesystem fs, Ext4Inode file, List<TraceRecord> out) throws IOException {
        long left = (file.size() + SECTOR - 1) / SECTOR * SECTOR;
        int bs = fs.blockSize();
        for (FileExtent e : fs.extents(file)) {
            long count = Math.min((long) e.length() * bs, left);
            if (count <= 0) {
                break;
            }
            left -= count;
            out.add(TraceRecord.read(0, count, e.physical() * bs));
        }
    }
}
