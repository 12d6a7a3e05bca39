package io.obd4j.daemon.cli;

import io.obd4j.core.format.lsmt.CommitArgs;
import io.obd4j.core.format.lsmt.Committer;
import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.format.zfile.ZFileOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Parameters;

/** {@code overlaybd-commit}: a writable layer (or a sealed one) → a committed read-only layer. */
@Command(name = "commit", mixinStandardHelpOptions = true, description = {
    "Commit a writable layer into a read-only layer (overlaybd-commit).",
    "  commit [opts] DATA INDEX OUTPUT      append-only layer",
    "  commit [opts] DATA OUTPUT            sparse layer",
    "  commit --seal DATA [INDEX]           seal DATA in place (index + trailer appended; prints nothing)",
    "  commit --commit-sealed DATA OUTPUT   commit a sealed data file",
    "OUTPUT is created exclusively unless -f. --uuid/--parent-uuid that are not 36-char UUIDs are ignored "
        + "(null uuid / inherited parent), as overlaybd does."})
public final class CommitCommand extends ToolCommand {
    @Mixin
    OutputOptions outputOptions;

    @Mixin
    ZFileOptionsMixin zopts;

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "Commit message (user tag, <= 256 bytes).")
    String message;

    @Option(names = "--uuid", paramLabel = "UUID", description = "The committed layer's uuid.")
    String uuid;

    @Option(names = {"-p", "--parent-uuid"}, paramLabel = "UUID", description = "Parent uuid (default: inherited).")
    String parentUuid;

    @Option(names = "-z", description = "Compress the output as a ZFile (CRC on, header overwritten).")
    boolean zfile;

    @Option(names = "-t", description = "With -z: wrap the output in overlaybd's tar layout.")
    boolean tar;

    @Option(names = "--seal", description = "Seal DATA in place instead of committing.")
    boolean seal;

    @Option(names = {"--commit-sealed", "--commit_sealed"}, description = "DATA is sealed; commit it to OUTPUT.")
    boolean commitSealed;

    @Parameters(arity = "1..3", paramLabel = "FILE", description = "DATA [INDEX] [OUTPUT]")
    List<Path> files;

    @Override
    Integer run() throws Exception {
        if (seal && commitSealed) {
            throw new IllegalArgumentException("--seal and --commit-sealed exclude each other");
        }
        if (seal) {
            sealInPlace();
            return 0;
        }
        warnIgnoredOptions();
        if (commitSealed) {
            commitSealedFile();
        } else {
            commitWritable();
        }
        spec.commandLine().getOut().println("overlaybd-commit has committed files SUCCESSFULLY");
        return 0;
    }

    /** As overlaybd-commit: ZFile options, and -t, mean nothing without -z. */
    private void warnIgnoredOptions() {
        if (zfile) {
            return;
        }
        ParseResult p = spec.commandLine().getParseResult();
        if (p.hasMatchedOption("--bs") || p.hasMatchedOption("--algorithm")) {
            spec.commandLine().getErr().println("WARNING option '--bs' and '--algorithm' will be ignored without '-z'");
        }
        if (tar) {
            spec.commandLine().getErr().println("WARNING option '-t' will be ignored without '-z'");
        }
    }

    private void sealInPlace() throws IOException {
        if (files.size() > 2) {
            throw new IllegalArgumentException("--seal takes DATA [INDEX]");
        }
        RwLayer layer = RwLayer.open(files.get(0), files.size() == 2 ? files.get(1) : null, true);
        layer.seal();
    }

    private void commitSealedFile() throws IOException {
        if (files.size() != 2) {
            throw new IllegalArgumentException("--commit-sealed takes DATA OUTPUT");
        }
        try (LsmtLayer layer = LayerFiles.open(files.get(0))) {
            long total = layer.index().blockCount() * 512;
            write(files.get(1), total, out -> Committer.commitSealed(layer, args(), out));
        }
    }

    private void commitWritable() throws IOException {
        Path data = files.get(0);
        boolean sparse = LayerFiles.readHeader(data).isSparse();
        Path index;
        Path output;
        if (files.size() == 3) {
            index = files.get(1);
            output = files.get(2);
        } else if (files.size() == 2 && sparse) {
            index = null;
            output = files.get(1);
        } else {
            throw new IllegalArgumentException(sparse ? "commit of a sparse layer takes DATA OUTPUT"
                    : "commit of an append-only layer takes DATA INDEX OUTPUT");
        }
        try (RwLayer layer = RwLayer.open(data, index, false)) {
            long total = layer.index().blockCount() * 512;
            write(output, total, out -> layer.commit(args(), out));
        }
    }

    private CommitArgs args() {
        return CommitArgs.of(uuid, parentUuid, message);
    }

    private void write(Path output, long total, LayerOutput.Producer producer) throws IOException {
        ZFileOptions z = zfile ? zopts.options(true) : null;
        outputOptions.writeLayer(output, z, zfile && tar, "commit", total, producer);
    }
}
