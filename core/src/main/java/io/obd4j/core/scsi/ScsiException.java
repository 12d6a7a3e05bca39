package io.obd4j.core.scsi;

/**
 * A command ends in CHECK CONDITION with this sense. The one exception type of the SCSI layer: command code
 * throws it, {@link ScsiDevice} turns it into a response and never lets it escape. No stack trace is captured
 * unless a cause is given (an initiator can provoke these at line rate).
 */
public final class ScsiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Sense sense;

    public ScsiException(Sense sense) {
        super(sense.toString(), null, false, false);
        this.sense = sense;
    }

    public ScsiException(Sense sense, String detail) {
        super(sense + ": " + detail, null, false, false);
        this.sense = sense;
    }

    /** For failures of the underlying device (I/O errors): keeps the cause and its stack trace. */
    public ScsiException(Sense sense, String detail, Throwable cause) {
        super(sense + ": " + detail, cause);
        this.sense = sense;
    }

    public Sense sense() {
        return sense;
    }
}
