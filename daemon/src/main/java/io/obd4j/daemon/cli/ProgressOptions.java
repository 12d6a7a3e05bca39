package io.obd4j.daemon.cli;

import picocli.CommandLine.Option;

/** {@code --progress / --no-progress} of the long-running tools. */
final class ProgressOptions {
    @Option(names = "--progress", negatable = true,
            description = "Show (or with --no-progress hide) the progress bar on stderr. Default: shown only when "
                    + "stdin/stdout and stderr are a terminal.")
    Boolean progress;
}
