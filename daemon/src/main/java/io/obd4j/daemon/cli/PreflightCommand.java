package io.obd4j.daemon.cli;

import io.obd4j.core.config.ConfigException;
import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.OverlaybdConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code obd4j preflight}: is this host ready for TCMU devices? One line per check, exit 1 if any failed. */
@Command(name = "preflight", mixinStandardHelpOptions = true, description = {
    "Check that this host can serve TCMU devices: configfs mounted, target_core_user, tcm_loop and uio "
        + "available, root, and the obd4j daemon answering on its API (serviceConfig). Prints 'ok', 'FAIL' or "
        + "'warn' per check with how to fix it; exit 1 if any check failed."})
public final class PreflightCommand extends ToolCommand {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = OverlaybdConfig.DEFAULT_PATH,
            description = "The daemon's global config, for serviceConfig (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--root", hidden = true, defaultValue = "/",
            description = "Directory standing for / (proc, sys, lib/modules): for tests.")
    Path root;

    @Override
    Integer run() throws Exception {
        HostChecks host = new HostChecks(root);
        List<PreflightCheck> checks = new java.util.ArrayList<>(host.kernel());
        checks.add(host.permissions());
        checks.add(daemonCheck());
        PrintWriter out = spec.commandLine().getOut();
        boolean failed = false;
        for (PreflightCheck c : checks) {
            out.println(c.line());
            failed |= c.state() == PreflightCheck.State.FAIL;
        }
        out.flush();
        return failed ? CliErrors.FAILED : 0;
    }

    private PreflightCheck daemonCheck() {
        String what = "obd4j daemon answers on its API";
        OverlaybdConfig cfg;
        try {
            cfg = ConfigLoader.loadGlobal(config).config();
        } catch (ConfigException e) {
            return PreflightCheck.fail(what, e.getMessage(), "fix " + config + " or give --config FILE");
        }
        return DaemonProbe.check(what, cfg.serviceConfig(), config);
    }
}
