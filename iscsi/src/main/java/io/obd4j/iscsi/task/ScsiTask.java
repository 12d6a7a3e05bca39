package io.obd4j.iscsi.task;

import io.netty.buffer.ByteBuf;
import io.obd4j.core.scsi.Cdb;
import io.obd4j.core.scsi.ItNexus;
import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.core.scsi.ScsiResponse;
import io.obd4j.iscsi.codec.ScsiCommand;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One SCSI task of a session: its command, device, buffers, write-data state and abort state. Event-loop only,
 * except {@link #run}: the task is its own work item on a SCSI worker, so the hot path allocates no closures.
 * Reusable: a session keeps finished tasks for its next commands ({@link #init}).
 */
final class ScsiTask implements Runnable {
    enum State { RECEIVING, RUNNING, DONE }

    ScsiCommand command;
    ScsiDevice device;
    int lun;
    boolean windowed;
    ByteBuf dataOut;
    /** dataOut is a slice of the received PDU (immediate data), not a buffer of its own. */
    boolean dataOutShared;
    ByteBuf dataIn;
    R2tTracker r2t;
    /** Bytes of data buffers counted against the session's budget. */
    long bufferBytes;
    State state = State.RECEIVING;
    boolean aborted;
    private boolean slotReleased;
    private List<Runnable> whenDone;
    private ScsiTaskHandler handler;
    private ItNexus nexus;
    private ByteBuffer out;
    private ByteBuffer in;
    private final Cdb cdb = new Cdb();
    private final ByteBuffer cdbBytes = ByteBuffer.allocate(Cdb.MAX_LENGTH);
    private final ScsiResponse response = new ScsiResponse();

    ScsiTask(ScsiCommand command, ScsiDevice device, int lun, boolean windowed) {
        init(command, device, lun, windowed);
    }

    /** (Re)starts this task object for a new command; returns this. */
    ScsiTask init(ScsiCommand cmd, ScsiDevice lunDevice, int lunNumber, boolean inWindow) {
        this.command = cmd;
        this.device = lunDevice;
        this.lun = lunNumber;
        this.windowed = inWindow;
        dataOut = null;
        dataOutShared = false;
        dataIn = null;
        r2t = null;
        bufferBytes = 0;
        state = State.RECEIVING;
        aborted = false;
        slotReleased = false;
        whenDone = null;
        out = null;
        in = null;
        return this;
    }

    /** Prepares the run on a worker: the CDB and the data buffers' NIO views (from their positions). */
    void prepare(ScsiTaskHandler owner, ItNexus through, ByteBuffer dataOutView, ByteBuffer dataInView) {
        this.handler = owner;
        this.nexus = through;
        this.out = dataOutView;
        this.in = dataInView;
        byte[] bytes = command.cdb();
        cdbBytes.clear();
        cdbBytes.put(bytes, 0, Math.min(bytes.length, cdbBytes.capacity())).flip();
        cdb.wrap(cdbBytes);
        state = State.RUNNING;
    }

    /** On a worker: executes the command, then hands the task back to its session's event loop. */
    @Override
    public void run() {
        device.execute(cdb, out, in, response, nexus);
        handler.finishedOnWorker(this);
    }

    /**
     * On the event loop: executes the command here if it is a READ of bytes already in memory (never waiting for
     * the device); false when it must run on a worker.
     */
    boolean runIfCached() {
        return in != null && out == null && in.remaining() <= ScsiTaskHandler.LOOP_READ_MAX
            && device.executeIfCached(cdb, in, response, nexus);
    }

    ScsiResponse response() {
        return response;
    }

    /** True the first time: the task's command-window slot is given back exactly once. */
    boolean releaseSlot() {
        if (!windowed || slotReleased) {
            return false;
        }
        slotReleased = true;
        return true;
    }

    void whenDone(Runnable action) {
        if (state == State.DONE) {
            action.run();
            return;
        }
        if (whenDone == null) {
            whenDone = new ArrayList<>(1);
        }
        whenDone.add(action);
    }

    /** Releases buffers and runs the waiting actions (task management responses). */
    void finish() {
        state = State.DONE;
        if (dataOut != null) {
            dataOut.release();
            dataOut = null;
        }
        if (dataIn != null) {
            dataIn.release();
            dataIn = null;
        }
        if (whenDone != null) {
            List<Runnable> actions = whenDone;
            whenDone = null;
            actions.forEach(Runnable::run);
        }
    }
}
