package io.obd4j.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdNotifyTest {
    @TempDir
    Path dir;

    @Test
    void sendsStateToAPathSocket() throws Exception {
        String address = dir.resolve("notify.sock").toString();
        try (UnixDatagramSocket systemd = UnixDatagramSocket.open(); SdNotify notify = new SdNotify(address)) {
            systemd.bind(address);
            assertThat(notify.isEnabled()).isTrue();
            notify.ready("serving 2 devices");
            notify.stopping();
            assertThat(receive(systemd)).isEqualTo("READY=1\nSTATUS=serving 2 devices");
            assertThat(receive(systemd)).isEqualTo("STOPPING=1");
        }
    }

    @Test
    void sendsStateToAnAbstractSocket() throws Exception {
        String address = "@obd4j-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (UnixDatagramSocket systemd = UnixDatagramSocket.open(); SdNotify notify = new SdNotify(address)) {
            systemd.bind(address);
            notify.status("opening image");
            notify.watchdog();
            assertThat(receive(systemd)).isEqualTo("STATUS=opening image");
            assertThat(receive(systemd)).isEqualTo("WATCHDOG=1");
        }
    }

    @Test
    void withoutNotifySocketNothingIsSent() throws Exception {
        try (SdNotify notify = new SdNotify(null)) {
            assertThat(notify.isEnabled()).isFalse();
            assertThat(notify.notify("READY=1")).isFalse();
        }
    }

    @Test
    void missingSocketIsANativeIoException() throws Exception {
        try (SdNotify notify = new SdNotify(dir.resolve("absent.sock").toString())) {
            assertThatThrownBy(() -> notify.notify("READY=1"))
                    .isInstanceOfSatisfying(NativeIoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                    .hasMessageContaining("sendto(");
        }
        assertThatThrownBy(() -> UnixDatagramSocket.sockaddr("/" + "x".repeat(200)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String receive(UnixDatagramSocket socket) throws NativeIoException {
        ByteBuffer buf = ByteBuffer.allocateDirect(512);
        socket.receive(buf, true);
        buf.flip();
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
