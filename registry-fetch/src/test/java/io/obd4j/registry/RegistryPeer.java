package io.obd4j.registry;

import io.obd4j.core.testing.Fixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Debian's docker-registry started by shared/tools/registry.sh on free loopback ports; {@link #close} stops it. */
public final class RegistryPeer implements AutoCloseable {
    private final Map<String, String> env;
    private final Map<String, String> exports;

    private RegistryPeer(Map<String, String> env, Map<String, String> exports) {
        this.env = env;
        this.exports = exports;
    }

    /** Starts a registry; {@code modes} are registry.sh flags ({@code --auth}, {@code --tls}, {@code --redirect}). */
    public static RegistryPeer start(Path stateDir, String... modes) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>();
        env.put("REGISTRY_PORT", Integer.toString(freePort()));
        env.put("REGISTRY_REDIRECT_PORT", Integer.toString(freePort()));
        env.put("PEER_STATE_DIR", stateDir.toString());
        List<String> cmd = new ArrayList<>(List.of(Fixtures.tool("registry.sh").toString(), "start"));
        cmd.addAll(List.of(modes));
        String out = run(cmd, env);
        Map<String, String> exports = new HashMap<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("export ")) {
                int eq = line.indexOf('=');
                exports.put(line.substring(7, eq), line.substring(eq + 1).trim());
            }
        }
        if (!exports.containsKey("REGISTRY_URL")) {
            run(List.of(Fixtures.tool("registry.sh").toString(), "stop"), env);
            throw new IOException("registry.sh start printed no REGISTRY_URL: " + out);
        }
        return new RegistryPeer(env, exports);
    }

    private static String run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(cmd + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** A port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public URI url() {
        return URI.create(exports.get("REGISTRY_URL"));
    }

    public int port() {
        return url().getPort();
    }

    /** Null unless started with --auth. */
    public String user() {
        return exports.get("REGISTRY_USER");
    }

    public String password() {
        return exports.get("REGISTRY_PASSWORD");
    }

    /** Null unless started with --tls. */
    public Path ca() {
        String ca = exports.get("REGISTRY_CA");
        return ca == null ? null : Path.of(ca);
    }

    /** Null unless started with --redirect. */
    public URI blobServer() {
        String b = exports.get("REGISTRY_BLOB_URL");
        return b == null ? null : URI.create(b);
    }

    public Repository repository(String name) throws RegistryException {
        return Repository.of(url(), name);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of(Fixtures.tool("registry.sh").toString(), "stop"), env);
    }
}
