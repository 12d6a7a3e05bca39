package io.obd4j.daemon.cli;

import io.obd4j.core.format.lsmt.CommitArgs;
import io.obd4j.core.format.lsmt.Committer;
import io.obd4j.core.format.lsmt.LayerUuid;
import io.obd4j.core.format.lsmt.LsmtHeader;
import io.obd4j.core.format.lsmt.LsmtHeaderFormat;
import io.obd4j.core.format.zfile.ZFileOptions;
import io.obd4j.core.io.LocalFileSource;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A raw disk image → one committed layer, all-zero 4 KiB blocks left unmapped. */
@Command(name = "import-raw", mixinStandardHelpOptions = true, description = {
    "Turn the raw disk image RAW (size a multiple of 512) into the committed layer OUTPUT of the same virtual "
        + "size. All-zero 4 KiB blocks are not stored (they stay unmapped and read as zeros). The layer is "
        + "written by the committer directly from RAW, without a temporary writable layer. OUTPUT is created "
        + "exclusively unless -f."})
public final class ImportRawCommand extends ToolCommand {
    @Mixin
    OutputOptions outputOptions;

    @Mixin
    ZFileOptionsMixin zopts;

    @Option(names = {"-z", "--zfile"}, description = "ZFile-compress the layer (CRC on, header overwritten).")
    boolean zfile;

    @Option(names = "-t", description = "Wrap the output in overlaybd's tar layout.")
    boolean tar;

    @Option(names = "--uuid", paramLabel = "UUID", description = "The layer's uuid (default: null).")
    String uuid;

    @Option(names = {"-p", "--parent-uuid"}, paramLabel = "UUID", description = "Parent uuid (default: null).")
    String parentUuid;

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "User tag.")
    String message;

    @Parameters(index = "0", paramLabel = "RAW")
    Path raw;

    @Parameters(index = "1", paramLabel = "OUTPUT")
    Path output;

    @Override
    Integer run() throws Exception {
        ZFileOptions z = zfile ? zopts.options(true) : null;
        CommitArgs args = CommitArgs.of(uuid, parentUuid, message);
        try (LocalFileSource src = LocalFileSource.open(raw)) {
            long vsize = src.size();
            ZeroBlockScan scan;
            try (Progress p = outputOptions.progress("scan", vsize)) {
                scan = ZeroBlockScan.scan(src, p);
            }
            LsmtHeader source = LsmtHeader.of(LsmtHeaderFormat.FLAGS_RW_DATA, 0, 0, vsize, LayerUuid.NULL,
                    LayerUuid.NULL, new byte[0]);
            outputOptions.writeLayer(output, z, tar, "import", scan.mappedBytes(),
                    out -> Committer.compact(scan.words(), scan.count(), List.of(src), source, source, args, out));
            spec.commandLine().getOut().println("imported " + raw + " (" + vsize + " bytes, "
                    + scan.mappedBytes() + " non-zero) as " + output);
        }
        return 0;
    }
}
