package io.obd4j.daemon.api;

import io.netty.channel.epoll.Epoll;
import io.obd4j.core.config.OverlaybdConfig;
import io.obd4j.daemon.Daemon;
import io.obd4j.daemon.image.RawFileDevice;
import io.obd4j.nativeio.SdNotify;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** serviceConfig.address = unix:///path: the API on a unix socket, queried with curl --unix-socket. */
class UnixSocketApiTest {
    @TempDir
    Path dir;

    @Test
    void apiAnswersOnAUnixSocket() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll transport unavailable");
        Path sock = dir.resolve("api.sock");
        OverlaybdConfig cfg = ApiServerTest.sampleOnFreeLoopbackPorts("unix://" + sock);
        try (Daemon daemon = new Daemon(cfg, new RawFileDevice.Opener(), List.of(), new SdNotify(null),
                cfg::download)) {
            daemon.start();
            Process curl = new ProcessBuilder("curl", "-s", "-w", " %{http_code}", "--unix-socket", sock.toString(),
                    "http://localhost/health").redirectErrorStream(true).start();
            assertThat(curl.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).startsWith("{\"status\":\"ok\"").endsWith(" 200");
        }
    }
}
