package io.obd4j.daemon;

import io.obd4j.daemon.cli.AttachCommand;
import io.obd4j.daemon.cli.BackingImageCommand;
import io.obd4j.daemon.cli.CliErrors;
import io.obd4j.daemon.cli.CommitCommand;
import io.obd4j.daemon.cli.ConvertCommand;
import io.obd4j.daemon.cli.CreateCommand;
import io.obd4j.daemon.cli.DetachCommand;
import io.obd4j.daemon.cli.ExportCommand;
import io.obd4j.daemon.cli.ImportRawCommand;
import io.obd4j.daemon.cli.InfoCommand;
import io.obd4j.daemon.cli.MergeCommand;
import io.obd4j.daemon.cli.PreflightCommand;
import io.obd4j.daemon.cli.SnapshotCommand;
import io.obd4j.daemon.cli.SyncCommand;
import io.obd4j.daemon.cli.VolumeCommand;
import io.obd4j.daemon.cli.ZfileCommand;
import io.obd4j.iscsi.NettyDefaults;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code obd4j}: the picocli root. {@code obd4j daemon} runs the service; the CLI tools of
 * {@code io.obd4j.daemon.cli} are registered in {@link #commandLine()}.
 */
@Command(name = "obd4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "overlaybd-compatible block-device service for container images (Java).")
public final class Main implements Runnable {

    /** Version from the jar manifest ({@code Implementation-Version}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"obd4j " + (v == null ? "(development build)" : v)};
        }
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        NettyDefaults.apply();
        System.exit(commandLine().execute(args));
    }

    /** The root command with every subcommand. Add new subcommands (CLI tools) here. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand("daemon", new DaemonCommand());
        cl.addSubcommand("create", new CreateCommand());
        cl.addSubcommand("commit", new CommitCommand());
        cl.addSubcommand("zfile", new ZfileCommand());
        cl.addSubcommand("merge", new MergeCommand());
        cl.addSubcommand("export", new ExportCommand());
        cl.addSubcommand("import-raw", new ImportRawCommand());
        cl.addSubcommand("info", new InfoCommand());
        cl.addSubcommand("sync", new SyncCommand());
        cl.addSubcommand("convert", new ConvertCommand());
        cl.addSubcommand("snapshot", new SnapshotCommand());
        cl.addSubcommand("backing-image", new BackingImageCommand());
        cl.addSubcommand("volume", new VolumeCommand());
        cl.addSubcommand("attach", new AttachCommand());
        cl.addSubcommand("detach", new DetachCommand());
        cl.addSubcommand("preflight", new PreflightCommand());
        cl.setExecutionExceptionHandler(new CliErrors());
        cl.addSubcommand("help", new CommandLine.HelpCommand());
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
