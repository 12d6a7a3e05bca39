package io.obd4j.core.scsi;

import java.nio.ByteBuffer;

/** Copies emulated response data into the caller's data-in buffer, truncated as SPC-4 §4.2.5.6 requires. */
final class DataIn {
    private DataIn() {
    }

    /**
     * Copies the first {@code min(length, allocation)} bytes of {@code src} to {@code dataIn} (at its position,
     * at most {@code dataIn.remaining()}), records the bytes produced in {@code rsp} and returns the bytes the
     * command wanted to transfer ({@code min(length, allocation)}) for the residual.
     */
    static long copy(byte[] src, int length, long allocation, ByteBuffer dataIn, ScsiResponse rsp) {
        int wanted = (int) Math.min(length, allocation);
        int n = Math.min(wanted, dataIn.remaining());
        if (n > 0) {
            dataIn.put(dataIn.position(), src, 0, n);
        }
        rsp.dataInLength(n);
        return wanted;
    }
}
