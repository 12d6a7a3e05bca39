package io.obd4j.core.scsi;

import java.nio.ByteBuffer;

/**
 * The outcome of one {@link ScsiDevice#execute}: status, how many data-in bytes were produced, the residual
 * against the initiator's expected transfer length, and sense data for CHECK CONDITION. Mutable and reusable:
 * a front end may keep one per task slot and pass it to {@link ScsiDevice#execute(Cdb, ByteBuffer, ByteBuffer,
 * ScsiResponse)}, so the hot path allocates nothing.
 *
 * <p>Residuals follow SAM-5 / RFC 7143 §11.4.5: the command's own transfer size (blocks × block size, or the
 * data an emulated command has up to its ALLOCATION LENGTH) is compared with the expected length the front end
 * gave (the remaining bytes of the data-in buffer for IN commands, of the data-out buffer for OUT commands).
 * More wanted than expected = overflow, less = underflow. A failed command transfers nothing: underflow of the
 * whole expected length.
 */
public final class ScsiResponse {
    private ScsiStatus status = ScsiStatus.GOOD;
    private Sense sense;
    private int dataInLength;
    private long residual;
    private boolean overflow;

    /** Back to GOOD, no data, no sense, no residual. Returns this. */
    public ScsiResponse reset() {
        status = ScsiStatus.GOOD;
        sense = null;
        dataInLength = 0;
        residual = 0;
        overflow = false;
        return this;
    }

    public ScsiStatus status() {
        return status;
    }

    public boolean isGood() {
        return status == ScsiStatus.GOOD;
    }

    /** Sense for CHECK CONDITION, otherwise null. */
    public Sense sense() {
        return sense;
    }

    /** Bytes written into the data-in buffer, starting at its position (its position is not moved). */
    public int dataInLength() {
        return dataInLength;
    }

    /** The residual count (bytes), saturated to 2^32-1 for the 32-bit wire fields; 0 when none. */
    public long residualCount() {
        return Math.min(residual, 0xFFFF_FFFFL);
    }

    /** The command wanted to transfer more than the initiator expected (iSCSI O bit). */
    public boolean isOverflow() {
        return residual != 0 && overflow;
    }

    /** The command transferred less than the initiator expected (iSCSI U bit). */
    public boolean isUnderflow() {
        return residual != 0 && !overflow;
    }

    /** Bytes of fixed-format sense {@link #writeSense} writes: 18, or 0 when there is no sense. */
    public int senseLength() {
        return sense == null ? 0 : SenseFormat.LENGTH;
    }

    /** Writes fixed-format sense at {@code dst}'s position (not moved); returns the bytes written (0 if none). */
    public int writeSense(ByteBuffer dst) {
        return sense == null ? 0 : sense.writeFixed(dst);
    }

    void good(int dataIn) {
        status = ScsiStatus.GOOD;
        sense = null;
        dataInLength = dataIn;
    }

    void status(ScsiStatus value) {
        status = value;
    }

    void checkCondition(Sense value) {
        status = ScsiStatus.CHECK_CONDITION;
        sense = value;
        dataInLength = 0;
    }

    /** A status without sense (RESERVATION CONFLICT): nothing transferred. */
    void failed(ScsiStatus value) {
        status = value;
        sense = null;
        dataInLength = 0;
    }

    void dataInLength(int value) {
        dataInLength = value;
    }

    /** Records the residual from the command's own transfer size and the front end's expected length. */
    void residual(long wanted, long expected) {
        overflow = wanted > expected;
        residual = overflow ? wanted - expected : expected - wanted;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(status.name());
        if (sense != null) {
            sb.append(' ').append(sense);
        }
        sb.append(" in=").append(dataInLength);
        if (residual != 0) {
            sb.append(overflow ? " overflow=" : " underflow=").append(residual);
        }
        return sb.toString();
    }
}
