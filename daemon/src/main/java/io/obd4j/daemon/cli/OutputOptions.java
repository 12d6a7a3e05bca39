package io.obd4j.daemon.cli;

import io.obd4j.core.format.zfile.ZFileOptions;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The output side of the tools that write an OUTPUT file: {@code -f} and the progress bar on stderr. */
final class OutputOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Mixin
    ProgressOptions progressOptions;

    @Option(names = "-f", description = "Overwrite OUTPUT if it exists.")
    boolean force;

    /** A progress line on the command's stderr, as {@link Progress#start} decides. */
    Progress progress(String label, long total) {
        return Progress.start(progressOptions, mixee.commandLine().getErr(), label, total);
    }

    /** {@link LayerOutput#write} with {@code -f} and a progress line labelled {@code label} over {@code total}. */
    void writeLayer(Path output, ZFileOptions zfile, boolean tar, String label, long total,
                    LayerOutput.Producer producer) throws IOException {
        try (Progress p = progress(label, total)) {
            LayerOutput.write(output, force, zfile, tar, p, producer);
        }
    }
}
