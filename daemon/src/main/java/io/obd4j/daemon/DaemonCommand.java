package io.obd4j.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.config.ConfigException;
import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.DownloadConfig;
import io.obd4j.core.config.OverlaybdConfig;
import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.metrics.Obd4jMetrics;
import io.obd4j.daemon.image.FormatImageOpener;
import io.obd4j.nativeio.SdNotify;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code obd4j daemon}: runs the service until SIGTERM/SIGINT. Exit 0 after a clean stop, 2 on a config error. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = "Run the obd4j service (the overlaybd-tcmu equivalent).")
final class DaemonCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonCommand.class);
    static final int EXIT_CONFIG = 2;
    static final int EXIT_START = 1;

    @Option(names = {"-c", "--config"}, description = "global config (default: ${DEFAULT-VALUE})")
    Path config = Path.of(OverlaybdConfig.DEFAULT_PATH);

    @Parameters(arity = "0..1", paramLabel = "CONFIG",
            description = "global config as a positional argument, as overlaybd-tcmu takes it (overrides --config)")
    Path positionalConfig;

    @Option(names = "--service-address", description = "enable the API on this address (http://IPv4:port or "
            + "unix:///path), overriding serviceConfig")
    String serviceAddress;

    @Option(names = "--exporter-port", description = "enable the Prometheus exporter on this port, overriding "
            + "exporterConfig")
    Integer exporterPort;

    @Option(names = "--exporter-address", description = "exporter listen address (default 0.0.0.0)")
    String exporterAddress;

    @Option(names = "--log-path", description = "log file, overriding logConfig.logPath (\"\" = stderr)")
    String logPath;

    @Override
    public Integer call() throws Exception {
        OverlaybdConfig cfg;
        try {
            cfg = load();
        } catch (ConfigException e) {
            System.err.println("obd4j: " + e.getMessage());
            return EXIT_CONFIG;
        }
        DaemonLogging.configure(cfg.effectiveLog());
        Obd4jMetrics metrics = new Obd4jMetrics();
        AuditLog audit = AuditLog.fromConfig(cfg.enableAudit(), cfg.auditPath());
        FormatImageOpener opener = new FormatImageOpener(cfg, audit, metrics);
        Daemon daemon = new Daemon(cfg, opener, FrontEnds.create(cfg), SdNotify.fromEnvironment(),
                () -> currentDownload(cfg), metrics);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            opener.close();
            audit.close();
            DaemonLogging.shutdown();
        }, "obd4j-shutdown"));
        Signals.install(stop::countDown, () -> {
            DaemonLogging.reopen();
            audit.reopen();
        });
        try {
            daemon.start();
        } catch (Exception e) {
            LOG.error("startup failed: {}", e.getMessage(), e);
            System.err.println("obd4j: startup failed: " + e.getMessage());
            return EXIT_START;
        }
        stop.await();
        daemon.close();
        return 0;
    }

    /** The config file with the command-line overrides applied, validated as a whole; warnings are logged. */
    OverlaybdConfig load() throws ConfigException {
        return load(true);
    }

    private OverlaybdConfig load(boolean logWarnings) throws ConfigException {
        if (positionalConfig != null) {
            config = positionalConfig;
        }
        String text;
        try {
            text = Files.readString(config);
        } catch (IOException e) {
            throw new ConfigException(config.toString(), "cannot read: " + e, e);
        }
        if (serviceAddress == null && exporterPort == null && exporterAddress == null && logPath == null) {
            return parse(text, config.toString(), logWarnings);
        }
        JsonNode tree;
        try {
            tree = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            tree = null;
        }
        if (!(tree instanceof ObjectNode)) {
            return parse(text, config.toString(), logWarnings); // throws the loader's message for this file
        }
        ObjectNode root = (ObjectNode) tree;
        if (serviceAddress != null) {
            root.putObject("serviceConfig").put("enable", true).put("address", serviceAddress);
        }
        if (exporterPort != null || exporterAddress != null) {
            ObjectNode exp = root.withObjectProperty("exporterConfig");
            exp.put("enable", true);
            if (exporterPort != null) {
                exp.put("port", exporterPort);
            }
            if (exporterAddress != null) {
                exp.put("address", exporterAddress);
            }
        }
        if (logPath != null) {
            root.withObjectProperty("logConfig").put("logPath", logPath);
            root.put("logPath", logPath);
        }
        return parse(root.toString(), config + " (with command-line overrides)", logWarnings);
    }

    private static OverlaybdConfig parse(String json, String name, boolean logWarnings) throws ConfigException {
        return (logWarnings ? ConfigLoader.parseGlobal(json, name) : ConfigLoader.reparseGlobal(json, name)).config();
    }

    /** overlaybd re-reads the global config's download section on every device open. */
    private DownloadConfig currentDownload(OverlaybdConfig startup) {
        try {
            return load(false).download();
        } catch (ConfigException e) {
            LOG.warn("re-reading {} for download defaults: {}", config, e.getMessage());
            return startup.download();
        }
    }
}
