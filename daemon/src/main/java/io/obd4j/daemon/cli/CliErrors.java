package io.obd4j.daemon.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed tool run into one line on stderr ({@code obd4j <tool>: <message>}; a {@code FormatException}
 * message names file, field and offset) and exit code 1. The stack trace is printed only with {@code --verbose}.
 */
public final class CliErrors implements IExecutionExceptionHandler {
    /** Exit code of a tool that failed at run time (argument errors keep picocli's 2). */
    public static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + describe(ex));
        if (verbose(parsed)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    /** The message of {@code ex}, or its type when it has none. */
    static String describe(Throwable ex) {
        String m = ex.getMessage();
        if (ex instanceof java.nio.file.FileAlreadyExistsException) {
            return m + ": file exists (use -f to overwrite)";
        }
        if (ex instanceof java.nio.file.NoSuchFileException) {
            return m + ": no such file";
        }
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
