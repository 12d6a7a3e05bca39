package io.obd4j.daemon.cli;

import io.obd4j.core.format.tar.TarWrappedSource;
import io.obd4j.core.format.zfile.ZFileChecksumException;
import io.obd4j.core.format.zfile.ZFileOptions;
import io.obd4j.core.format.zfile.ZFileReader;
import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code overlaybd-zfile}: compress, decompress ({@code -x}) or check ({@code --verify}) a ZFile. */
@Command(name = "zfile", mixinStandardHelpOptions = true, description = {
    "Compress SOURCE into the ZFile TARGET (overlaybd-zfile), decompress it (-x), or check every block's CRC "
        + "(--verify SOURCE). With only one file when compressing, the data is read from stdin and the file is "
        + "the TARGET. TARGET is created exclusively unless -f."})
public final class ZfileCommand extends ToolCommand {
    private static final int CHUNK = 1 << 20;

    @Mixin
    ProgressOptions progressOptions;

    @Mixin
    ZFileOptionsMixin zopts;

    @Option(names = "-t", description = "Compress: wrap the ZFile in overlaybd's tar layout (tar input is always "
            + "detected when decompressing or verifying).")
    boolean tar;

    @Option(names = "-x", description = "Decompress SOURCE into TARGET.")
    boolean extract;

    @Option(names = "--verify", description = "Check the CRC of every block of SOURCE.")
    boolean verify;

    @Option(names = "-f", description = "Overwrite TARGET if it exists.")
    boolean force;

    @Option(names = "--no-crc", description = "Compress without per-block CRCs.")
    boolean noCrc;

    @Parameters(index = "0", paramLabel = "SOURCE")
    Path source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TARGET")
    Path target;

    @Override
    Integer run() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (verify) {
            return verify(out);
        }
        if (extract) {
            requireTarget();
            out.println("decompress file " + source + " as " + target);
            decompress();
            out.println("decompress file done.");
            return 0;
        }
        if (target == null) {
            // overlaybd-zfile: with one file the data comes from stdin and that file is the target
            out.println("compress file  as " + source);
            compress(Channels.newChannel(System.in), 0, source);
        } else {
            out.println("compress file " + source + " as " + target);
            try (ReadableByteChannel in = Files.newByteChannel(source)) {
                compress(in, Files.size(source), target);
            }
        }
        out.println("compress file done.");
        return 0;
    }

    private void requireTarget() {
        if (target == null) {
            throw new IllegalArgumentException("-x needs SOURCE and TARGET");
        }
    }

    private void compress(ReadableByteChannel in, long total, Path to) throws IOException {
        ZFileOptions z = zopts.options(false).withVerify(!noCrc);
        try (Progress progress = progress("zfile", total)) {
            LayerOutput.write(to, force, z, tar, progress, out -> {
                ByteBuffer buf = ByteBuffer.allocate(CHUNK);
                while (in.read(buf) >= 0) {
                    if (!buf.hasRemaining()) {
                        drain(buf, out);
                    }
                }
                drain(buf, out);
            });
        }
    }

    private Progress progress(String label, long total) {
        return Progress.start(progressOptions, spec.commandLine().getErr(), label, total);
    }

    private static void drain(ByteBuffer buf, WritableByteChannel to) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            to.write(buf);
        }
        buf.clear();
    }

    private void decompress() throws IOException {
        try (ZFileReader z = openZFile(source);
             Progress progress = progress("unzip", z.size())) {
            LayerOutput.write(target, force, null, false, progress, out -> {
                ByteBuffer buf = ByteBuffer.allocate(CHUNK);
                for (long pos = 0; pos < z.size(); ) {
                    buf.clear().limit((int) Math.min(CHUNK, z.size() - pos));
                    z.readFully(buf, pos);
                    pos += buf.position();
                    drain(buf, out);
                }
            });
        }
    }

    private int verify(PrintWriter out) throws IOException {
        try (ZFileReader z = openZFile(source)) {
            z.validate();
        } catch (ZFileChecksumException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("obd4j zfile: crc check error in block " + e.block() + ": " + e.getMessage());
            err.flush();
            out.println(source + " is not a valid zfile blob or checksum can't be found.");
            return CliErrors.FAILED;
        }
        out.println(source + " is a valid zfile blob.");
        return 0;
    }

    /** Opens a ZFile, looking through overlaybd's tar wrapping if present. */
    static ZFileReader openZFile(Path path) throws IOException {
        LocalFileSource raw = LocalFileSource.open(path);
        BlockSource src = raw;
        try {
            if (TarWrappedSource.isTar(raw)) {
                src = TarWrappedSource.open(raw);
            }
            return ZFileReader.open(src);
        } catch (IOException | RuntimeException e) {
            src.close();
            throw e;
        }
    }
}
