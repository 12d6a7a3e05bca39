package io.obd4j.core.scsi;

/**
 * A command ends in CHECK CONDITION with this sense. The one exception type of the SCSI layer: command code
 * throws it, {@link ScsiDevice} turns it into a response and never lets it escape. No stack trace is captured
 * unless a cause is given (an initiator can provoke these at line rate).
 */
public final class ScsiException extends Exception {
    private static final long serialVersionUID = 1L;

    private static final ScsiException RESERVATION_CONFLICT = new ScsiException(ScsiStatus.RESERVATION_CONFLICT);

    private final transient Sense sense;
    private final ScsiStatus status;

    public ScsiException(Sense sense) {
        super(sense.toString(), null, false, false);
        this.sense = sense;
        this.status = ScsiStatus.CHECK_CONDITION;
    }

    private ScsiException(ScsiStatus status) {
        super(status.name(), null, false, false);
        this.sense = null;
        this.status = status;
    }

    /** The command ends in RESERVATION CONFLICT status, without sense data (SAM-5). Shared: no stack trace. */
    public static ScsiException reservationConflict() {
        return RESERVATION_CONFLICT;
    }

    public ScsiException(Sense sense, String detail) {
        super(sense + ": " + detail, null, false, false);
        this.sense = sense;
        this.status = ScsiStatus.CHECK_CONDITION;
    }

    /** For failures of the underlying device (I/O errors): keeps the cause and its stack trace. */
    public ScsiException(Sense sense, String detail, Throwable cause) {
        super(sense + ": " + detail, cause);
        this.sense = sense;
        this.status = ScsiStatus.CHECK_CONDITION;
    }

    /** The sense of a CHECK CONDITION; null for the other statuses. */
    public Sense sense() {
        return sense;
    }

    /** CHECK CONDITION, or RESERVATION CONFLICT. */
    public ScsiStatus status() {
        return status;
    }
}
