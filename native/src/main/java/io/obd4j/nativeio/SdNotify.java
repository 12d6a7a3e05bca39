package io.obd4j.nativeio;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * systemd's {@code sd_notify}: sends newline-separated {@code KEY=VALUE} state to the datagram socket named by
 * {@code $NOTIFY_SOCKET} (a path, or {@code @name} in the abstract namespace). When the variable is unset the
 * service was not started with {@code Type=notify} and {@link #isEnabled()} is false; every send is then skipped,
 * exactly as libsystemd does.
 */
public final class SdNotify implements AutoCloseable {
    private final String address;
    private UnixDatagramSocket socket;

    /** Notifies {@code address}; null means "not under systemd". */
    public SdNotify(String address) {
        this.address = address == null || address.isEmpty() ? null : address;
    }

    /** Uses {@code $NOTIFY_SOCKET}. */
    public static SdNotify fromEnvironment() {
        return new SdNotify(System.getenv("NOTIFY_SOCKET"));
    }

    public boolean isEnabled() {
        return address != null;
    }

    /** {@code READY=1}, with an optional {@code STATUS=}. */
    public void ready(String status) throws NativeIoException {
        notify(status == null ? "READY=1" : "READY=1\nSTATUS=" + status);
    }

    public void status(String status) throws NativeIoException {
        notify("STATUS=" + status);
    }

    public void stopping() throws NativeIoException {
        notify("STOPPING=1");
    }

    public void watchdog() throws NativeIoException {
        notify("WATCHDOG=1");
    }

    /** Sends {@code state} verbatim as one datagram; returns false when not under systemd. */
    public synchronized boolean notify(String state) throws NativeIoException {
        if (address == null) {
            return false;
        }
        if (socket == null) {
            socket = UnixDatagramSocket.open();
        }
        byte[] bytes = state.getBytes(StandardCharsets.UTF_8);
        ByteBuffer datagram = ByteBuffer.allocateDirect(bytes.length);
        datagram.put(bytes).flip();
        socket.send(address, datagram);
        return true;
    }

    @Override
    public synchronized void close() throws NativeIoException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
