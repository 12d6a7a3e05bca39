package io.obd4j.daemon.cli;

import picocli.CommandLine.Option;

/** Options every tool takes: {@code --verbose} and the progress bar override. */
final class CommonOptions {
    @Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;

    @Option(names = "--progress", negatable = true,
            description = "Show (or with --no-progress hide) the progress bar on stderr. Default: shown only when "
                    + "stdin/stdout and stderr are a terminal.")
    Boolean progress;
}
