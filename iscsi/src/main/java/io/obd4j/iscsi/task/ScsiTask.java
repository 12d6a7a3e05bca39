package io.obd4j.iscsi.task;

import io.netty.buffer.ByteBuf;
import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.iscsi.codec.ScsiCommand;
import java.util.ArrayList;
import java.util.List;

/** One SCSI task of a session: its command, device, buffers, write-data state and abort state. Event-loop only. */
final class ScsiTask {
    enum State { RECEIVING, RUNNING, DONE }

    final ScsiCommand command;
    final ScsiDevice device;
    final int lun;
    final boolean windowed;
    ByteBuf dataOut;
    ByteBuf dataIn;
    R2tTracker r2t;
    State state = State.RECEIVING;
    boolean aborted;
    private boolean slotReleased;
    private List<Runnable> whenDone;

    ScsiTask(ScsiCommand command, ScsiDevice device, int lun, boolean windowed) {
        this.command = command;
        this.device = device;
        this.lun = lun;
        this.windowed = windowed;
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
