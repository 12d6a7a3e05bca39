package io.obd4j.core.scsi;

import java.nio.ByteBuffer;

/**
 * One family of commands (the dispatch table maps opcodes to these). Implementations are stateless apart from
 * the {@link LogicalUnit} they serve, hence safe to call from many threads at once.
 */
interface CommandHandler {

    /** Data direction of {@code cdb} (an opcode this handler is registered for). */
    DataDirection direction(Cdb cdb);

    /** Data-out bytes {@code cdb} needs from the initiator; 0 when it moves no data out. */
    long dataOutLength(Cdb cdb);

    /**
     * Executes {@code cdb}. Reads data-out from {@code dataOut}'s position to its limit and writes data-in at
     * {@code dataIn}'s position, never past the limits and without moving either position; sets
     * {@link ScsiResponse#dataInLength} for IN commands.
     *
     * @return the bytes the command itself wants to move in its data direction (for the residual)
     * @throws ScsiException to end the command in CHECK CONDITION with its sense
     */
    long execute(Cdb cdb, ByteBuffer dataOut, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException;

    /** Executes {@code cdb} sent through {@code nexus}; only the reservation commands look at the nexus. */
    default long execute(Cdb cdb, ByteBuffer dataOut, ByteBuffer dataIn, ScsiResponse rsp, ItNexus nexus)
            throws ScsiException {
        return execute(cdb, dataOut, dataIn, rsp);
    }
}
