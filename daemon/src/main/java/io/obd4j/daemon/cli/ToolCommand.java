package io.obd4j.daemon.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every obd4j tool shares: its picocli spec (for the output streams), {@code --verbose}, and logging set up from
 * it before the tool runs.
 */
abstract class ToolCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Override
    public final Integer call() throws Exception {
        CliLogging.configure(common.verbose);
        return run();
    }

    /** The tool itself, once logging is configured; returns the exit code. */
    abstract Integer run() throws Exception;
}
