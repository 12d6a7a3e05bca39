package io.obd4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.OverlaybdConfig;
import io.obd4j.daemon.image.RawFileDevice;
import io.obd4j.nativeio.SdNotify;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code obd4j preflight}'s daemon check against a real daemon's API (TCP and unix socket). */
class PreflightDaemonTest {
    @TempDir
    Path dir;

    private OverlaybdConfig config(Path file, String address) throws Exception {
        Files.writeString(file, "{\"serviceConfig\": {\"enable\": true, \"address\": \"" + address + "\"}, "
                + "\"enableAudit\": false}");
        return ConfigLoader.loadGlobal(file).config();
    }

    private static String preflight(Path config) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        cl.execute("preflight", "--config", config.toString());
        return out.toString();
    }

    @Test
    void aDaemonWithoutTcmuFailsTheCheck() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path file = dir.resolve("overlaybd.json");
        OverlaybdConfig cfg = config(file, "http://127.0.0.1:" + port);
        try (Daemon daemon = new Daemon(cfg, new RawFileDevice.Opener(), List.of(), new SdNotify(null),
                cfg::download)) {
            daemon.start();
            assertThat(preflight(file)).contains("FAIL obd4j daemon answers on its API: the daemon at http://127.0.0.1:"
                    + port + " does not serve TCMU; fix: set obd4j.tcmu.enable to true in " + file + " and restart it");
        }
    }

    @Test
    void aDaemonWhoseTcmuIsUnavailableFailsTheCheckOverAUnixSocket() throws Exception {
        Path file = dir.resolve("overlaybd.json");
        String address = "unix://" + dir.resolve("api.sock");
        OverlaybdConfig cfg = config(file, address);
        TcmuFrontEnd tcmu = new TcmuFrontEnd(dir.resolve("no-module/target_core_user"));
        try (Daemon daemon = new Daemon(cfg, new RawFileDevice.Opener(), List.of(tcmu), new SdNotify(null),
                cfg::download)) {
            daemon.start();
            assertThat(preflight(file)).contains("FAIL obd4j daemon answers on its API: the daemon at " + address
                    + " reports tcmu unavailable (no kernel module target_core_user); fix: modprobe "
                    + "target_core_user, then systemctl restart obd4j");
        }
    }
}
