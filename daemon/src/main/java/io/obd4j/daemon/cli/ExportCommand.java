package io.obd4j.daemon.cli;

import io.obd4j.core.image.Image;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Writes an image (layers + optional writable layer) to a sparse raw disk file. */
@Command(name = "export", mixinStandardHelpOptions = true, description = {
    "Write the image made of LAYER files (bottom -> top) and an optional --upper writable layer to the raw "
        + "disk file OUTPUT of the image's virtual size. Unmapped, discarded and all-zero 4 KiB blocks are left as "
        + "holes, so OUTPUT stays sparse. OUTPUT is created exclusively unless -f."})
public final class ExportCommand extends ToolCommand {
    @Mixin
    OutputOptions outputOptions;

    @Mixin
    ImageLayersMixin image;

    @Parameters(index = "0", paramLabel = "OUTPUT")
    Path output;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "LAYER")
    List<Path> layers;

    @Override
    Integer run() throws Exception {
        try (Image img = image.open(layers)) {
            LayerOutput.createFile(output, outputOptions.force).close();
            boolean done = false;
            try (RandomAccessFile file = new RandomAccessFile(output.toFile(), "rw");
                 Progress progress = outputOptions.progress("export", img.index().blockCount() * 512)) {
                SparseExport.export(img, img.index(), file, progress);
                done = true;
            } finally {
                if (!done) {
                    Files.deleteIfExists(output);
                }
            }
            spec.commandLine().getOut().println("exported " + img.size() + " bytes to " + output);
        }
        return 0;
    }
}
