package io.obd4j.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * docker-registry on a free loopback port via {@code shared/tools/registry.sh} (found through
 * {@code -Dobd4j.shared=…}, else {@code ../shared} beside the working directory).
 */
final class LoopbackRegistry implements AutoCloseable {
    private final Map<String, String> env = new HashMap<>();
    private final Path script;
    final URI url;
    /** The registry process, to charge it the CPU it spends serving a transfer. */
    final long pid;

    LoopbackRegistry(Path stateDir, String... flags) throws IOException, InterruptedException {
        String shared = System.getProperty("obd4j.shared", Path.of("").toAbsolutePath().resolveSibling("shared")
                .toString());
        script = Path.of(shared, "tools", "registry.sh");
        if (!Files.isExecutable(script)) {
            throw new IOException(script + " not found: pass -Dobd4j.shared=/path/to/shared");
        }
        env.put("REGISTRY_PORT", Integer.toString(freePort()));
        env.put("REGISTRY_REDIRECT_PORT", Integer.toString(freePort()));
        env.put("PEER_STATE_DIR", stateDir.toString());
        String[] cmd = new String[flags.length + 2];
        cmd[0] = script.toString();
        cmd[1] = "start";
        System.arraycopy(flags, 0, cmd, 2, flags.length);
        String out = run(List.of(cmd));
        String u = null;
        long p = -1;
        for (String line : out.split("\n")) {
            if (line.startsWith("export REGISTRY_URL=")) {
                u = line.substring("export REGISTRY_URL=".length()).trim();
            } else if (line.startsWith("export REGISTRY_PID=")) {
                p = Long.parseLong(line.substring("export REGISTRY_PID=".length()).trim());
            }
        }
        pid = p;
        if (u == null) {
            run(List.of(script.toString(), "stop"));
            throw new IOException("registry.sh printed no REGISTRY_URL: " + out);
        }
        url = URI.create(u);
    }

    /** The registry's user+system CPU seconds so far ({@code /proc/PID/stat}), or NaN when unknown. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private String run(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(cmd + " failed");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of(script.toString(), "stop"));
    }
}
