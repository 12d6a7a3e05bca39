package io.obd4j.daemon.cli;

import io.obd4j.core.image.BlockDevice;
import io.obd4j.core.image.LayerStack;
import io.obd4j.daemon.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code obd4j} commands in-process and hashes images for the CLI tests. */
final class Cli {
    private Cli() {
    }

    /** Exit code and captured output of one run. */
    record Run(int exit, String out, String err) {
    }

    static Run run(Object... args) {
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i].toString();
        }
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(a);
        return new Run(exit, out.toString(), err.toString());
    }

    /** sha256 of the whole virtual image. */
    static String sha256(BlockDevice dev) throws IOException {
        MessageDigest md = sha();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        for (long off = 0; off < dev.size(); off += buf.capacity()) {
            buf.clear().limit((int) Math.min(buf.capacity(), dev.size() - off));
            dev.read(buf, off);
            md.update(buf.flip());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** sha256 of the image of one layer file (LSMT, ZFile or tar). */
    static String layerSha256(Path layer) throws IOException {
        try (LayerStack s = LayerFiles.stack(List.of(layer))) {
            return sha256(s);
        }
    }

    static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
