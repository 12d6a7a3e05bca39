package io.obd4j.daemon.cli;

import io.obd4j.core.format.lsmt.CommitArgs;
import io.obd4j.core.format.zfile.ZFileOptions;
import io.obd4j.core.image.Image;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code overlaybd-merge}: flattens a stack of local layers into one committed layer. */
@Command(name = "merge", mixinStandardHelpOptions = true, description = {
    "Flatten the image made of LAYER files (bottom -> top; LSMT, ZFile or tar-wrapped) into one layer "
        + "(overlaybd-merge). ZFile-compressed (CRC on) unless --no-compress. OUTPUT is created exclusively "
        + "unless -f (overlaybd-merge would truncate it).",
    "The merged layer's vsize is the top layer's, its parent uuid the bottom layer's; record tags keep the "
        + "source layer (as overlaybd's flatten)."})
public final class MergeCommand extends ToolCommand {
    @Mixin
    OutputOptions outputOptions;

    @Mixin
    ZFileOptionsMixin zopts;

    @Mixin
    ImageLayersMixin image;

    @Option(names = "--compress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "ZFile-compress the output (default: on).")
    boolean compress;

    @Option(names = "-t", description = "Wrap the output in overlaybd's tar layout.")
    boolean tar;

    @Option(names = "--uuid", paramLabel = "UUID", description = "The merged layer's uuid (default: null).")
    String uuid;

    @Option(names = {"-m", "--message"}, paramLabel = "MSG", description = "User tag of the merged layer.")
    String message;

    @Parameters(index = "0", paramLabel = "OUTPUT")
    Path output;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "LAYER")
    List<Path> layers;

    @Override
    Integer run() throws Exception {
        // overlaybd-merge builds its ZFile without the header overwrite (new_zfile_builder(..., false))
        ZFileOptions z = compress ? zopts.options(false) : null;
        try (Image img = image.open(layers)) {
            outputOptions.writeLayer(output, z, tar, "merge", img.index().blockCount() * 512,
                    out -> img.flatten(CommitArgs.of(uuid, null, message), out));
        }
        spec.commandLine().getOut().println("merged into " + output);
        return 0;
    }
}
