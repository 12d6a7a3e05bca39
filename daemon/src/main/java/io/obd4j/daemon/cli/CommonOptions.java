package io.obd4j.daemon.cli;

import picocli.CommandLine.Option;

/** The option every tool takes: {@code --verbose}. */
final class CommonOptions {
    @Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;
}
