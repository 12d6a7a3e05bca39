package io.obd4j.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.obd4j.core.config.ServiceConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Asks a running daemon for {@code GET /health} on its serviceConfig address (HTTP or unix socket). */
final class DaemonProbe {
    private static final long TIMEOUT_SECONDS = 5;

    private DaemonProbe() {
    }

    static PreflightCheck check(String what, ServiceConfig service, Path configFile) {
        if (!service.enable()) {
            return PreflightCheck.warn(what, "serviceConfig.enable is false in " + configFile
                    + ", so whether the daemon runs is not checked",
                    "set serviceConfig.enable to true, or check 'systemctl status obd4j'");
        }
        String start = "start it: systemctl start obd4j (or obd4j daemon --config " + configFile + ")";
        String body;
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "obd4j-preflight");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<String> reply = pool.submit(() -> get(service));
            body = reply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return PreflightCheck.fail(what, "no answer at " + service.address() + ": " + e.getCause().getMessage(),
                    start);
        } catch (TimeoutException e) {
            return PreflightCheck.fail(what, "no answer at " + service.address() + " in " + TIMEOUT_SECONDS + " s",
                    "check the daemon's log; restart it: systemctl restart obd4j");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PreflightCheck.fail(what, "interrupted", "");
        } finally {
            pool.shutdownNow();
        }
        return judge(what, service.address(), body, configFile);
    }

    /** The health body's verdict on the TCMU front end. */
    static PreflightCheck judge(String what, String address, String body, Path configFile) {
        JsonNode health;
        try {
            health = new ObjectMapper().readTree(body);
        } catch (IOException e) {
            String why = e.getMessage().lines().findFirst().orElse("");
            return PreflightCheck.fail(what, address + "/health is not JSON: " + why,
                    "is serviceConfig.address the obd4j daemon's?");
        }
        for (JsonNode f : health.path("frontEnds")) {
            if ("tcmu".equals(f.path("name").asText())) {
                String status = f.path("status").asText();
                // a serving TCMU front end reports its device count
                if (status.matches("\\d+ devices?")) {
                    return PreflightCheck.ok(what, address + ", tcmu: " + status);
                }
                return PreflightCheck.fail(what, "the daemon at " + address + " reports tcmu " + status,
                        "modprobe target_core_user, then systemctl restart obd4j");
            }
        }
        return PreflightCheck.fail(what, "the daemon at " + address + " does not serve TCMU",
                "set obd4j.tcmu.enable to true in " + configFile + " and restart it");
    }

    /** The body of a 200 reply to {@code GET /health}. */
    private static String get(ServiceConfig service) throws IOException {
        SocketAddress to = service.isUnixSocket() ? UnixDomainSocketAddress.of(service.unixPath())
                : new InetSocketAddress(service.host(), service.port());
        try (SocketChannel ch = SocketChannel.open(to)) {
            String request = "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (ch.read(in.clear()) > 0) {
                reply.write(in.array(), 0, in.position());
            }
            String text = reply.toString(StandardCharsets.UTF_8);
            int headerEnd = text.indexOf("\r\n\r\n");
            String status = text.lines().findFirst().orElse("");
            if (headerEnd < 0 || !status.matches("HTTP/1\\.[01] 200.*")) {
                throw new IOException("GET /health answered '" + status + "'");
            }
            return text.substring(headerEnd + 4);
        }
    }
}
