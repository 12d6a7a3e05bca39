package io.obd4j.nativeio;

import java.io.IOException;

/**
 * A failed libc call: names the call, its arguments, the errno and its {@code strerror} text, e.g.
 * {@code pread(fd=7, count=4096, offset=8192) failed: errno 5 (Input/output error)}.
 */
public class NativeIoException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    public NativeIoException(String call, String arguments, int errno) {
        super(call + "(" + arguments + ") failed: errno " + errno + " (" + Posix.strerror(errno) + ")");
        this.call = call;
        this.errno = errno;
    }

    /** A protocol-level failure reported by the kernel as an errno (e.g. a netlink NLMSG_ERROR). */
    public NativeIoException(String call, String arguments, int errno, String detail) {
        super(call + "(" + arguments + ") failed: errno " + errno + " (" + Posix.strerror(errno) + ")"
                + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.call = call;
        this.errno = errno;
    }

    /** The libc function (or protocol request) that failed. */
    public String call() {
        return call;
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }
}
