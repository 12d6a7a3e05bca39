package io.obd4j.daemon.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** e2fsprogs' own view of an ext4 image file: {@code e2fsck -fn}, and debugfs {@code stat}, {@code ea_list}, rdump. */
final class Ext4Inspector {
    private final Path image;

    Ext4Inspector(Path image) {
        this.image = image;
    }

    /** Exit code and output of a tool run. */
    record Result(int exit, String output) {
    }

    /** One inode as {@code debugfs stat} shows it. */
    record Inode(long number, String type, int mode, int uid, int gid, int links, String text) {
    }

    static Result run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    /** {@code e2fsck -fn}: a full read-only check; exit 0 means clean. */
    Result fsck() throws IOException, InterruptedException {
        return run(List.of("e2fsck", "-fn", image.toString()));
    }

    String debugfs(String request) throws IOException, InterruptedException {
        Result r = run(List.of("debugfs", "-R", request, image.toString()));
        if (r.exit() != 0) {
            throw new IOException("debugfs -R '" + request + "' failed: " + r.output());
        }
        return r.output();
    }

    /** {@code rdump / out}: the whole tree copied out (root owners and modes kept when run as root). */
    void rdump(Path out) throws IOException, InterruptedException {
        debugfs("rdump / " + out);
    }

    Inode stat(String path) throws IOException, InterruptedException {
        String s = debugfs("stat " + path);
        Matcher head = Pattern.compile("Inode: (\\d+)\\s+Type: (\\S+(?: special)?)\\s+Mode:\\s+(\\d+)").matcher(s);
        Matcher owner = Pattern.compile("User:\\s+(\\d+)\\s+Group:\\s+(\\d+)").matcher(s);
        Matcher links = Pattern.compile("Links: (\\d+)").matcher(s);
        if (!head.find() || !owner.find() || !links.find()) {
            throw new IOException("debugfs stat " + path + ": unexpected output " + s);
        }
        return new Inode(Long.parseLong(head.group(1)), head.group(2), Integer.parseInt(head.group(3), 8),
                Integer.parseInt(owner.group(1)), Integer.parseInt(owner.group(2)), Integer.parseInt(links.group(1)),
                s);
    }

    /** The xattrs as {@code name = "value"} lines of {@code ea_list}, sorted. */
    List<String> xattrs(String path) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        for (String line : debugfs("ea_list " + path).split("\n")) {
            String t = line.trim();
            if (t.contains(" = ")) {
                out.add(t.replaceFirst(" \\(\\d+\\) = ", " = "));
            }
        }
        out.sort(null);
        return out;
    }
}
