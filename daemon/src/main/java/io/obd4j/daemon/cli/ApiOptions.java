package io.obd4j.daemon.cli;

import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.OverlaybdConfig;
import io.obd4j.core.config.ServiceConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where the daemon's API is: {@code serviceConfig.address} of the global config ({@code -c}, as {@code preflight}
 * reads it), or {@code --api}; and {@code --json} for the API's JSON instead of tables.
 */
final class ApiOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = OverlaybdConfig.DEFAULT_PATH,
            scope = ScopeType.INHERIT,
            description = "The daemon's global config, for serviceConfig.address (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--api", paramLabel = "ADDRESS", scope = ScopeType.INHERIT,
            description = "The API address instead of the config's: http://IPv4:port or unix:///path.")
    String api;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the API's JSON instead of a table.")
    boolean json;

    DaemonClient client() throws Exception {
        if (api != null) {
            return new DaemonClient(api);
        }
        ServiceConfig s = ConfigLoader.loadGlobal(config).config().serviceConfig();
        if (!s.enable()) {
            throw new IllegalStateException("serviceConfig.enable is false in " + config + ": the daemon serves no "
                    + "API; enable it and restart the daemon, or give --api");
        }
        return new DaemonClient(s.address());
    }
}
