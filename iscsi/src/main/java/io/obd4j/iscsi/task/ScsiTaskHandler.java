package io.obd4j.iscsi.task;

import io.netty.util.concurrent.EventExecutor;
import io.obd4j.core.scsi.ItNexus;
import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.core.scsi.ScsiResponse;
import io.obd4j.core.scsi.ScsiStatus;
import io.obd4j.core.scsi.Sense;
import io.obd4j.iscsi.codec.Bhs;
import io.obd4j.iscsi.codec.Pdu;
import io.obd4j.iscsi.codec.PduException;
import io.obd4j.iscsi.codec.RejectReason;
import io.obd4j.iscsi.codec.ScsiCommand;
import io.obd4j.iscsi.codec.TargetPdus;
import io.obd4j.iscsi.login.SessionParameters;
import java.nio.ByteBuffer;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jctools.queues.MpscArrayQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SCSI tasks of one session, on its event loop: accepts commands (with immediate data), collects Data-Out
 * (unsolicited and R2T-solicited), runs each command on the {@link TaskExecutor}, and sends the result back from
 * the event loop. Task management aborts tasks here.
 */
public final class ScsiTaskHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ScsiTaskHandler.class);
    /** Largest transfer one command may ask for; larger ones fail with INVALID FIELD IN CDB. */
    public static final int MAX_TRANSFER = 32 * 1024 * 1024;
    /** Data buffers one session may hold at once; commands beyond it get TASK SET FULL instead of memory. */
    public static final long BUFFER_BUDGET = 256L * 1024 * 1024;
    /**
     * Largest READ the event loop serves itself when the page cache holds all of it (a memory copy, never a wait for
     * the device: no hand-off to a worker and back). Larger reads go to workers so that their copies run beside the
     * loop's sends; {@code -Dobd4j.iscsi.loopReadMax=0} sends every read to a worker.
     */
    static final int LOOP_READ_MAX = Integer.getInteger("obd4j.iscsi.loopReadMax", 128 << 10);

    private final PduSink sink;
    private final SessionParameters params;
    private final Map<Integer, ScsiDevice> luns;
    private final TaskExecutor executor;
    private final EventExecutor loop;
    private final ItNexus nexus;
    private final IntObjectMap<ScsiTask> tasks = new IntObjectHashMap<>();
    /** Finished task objects kept for the next commands (at most maxTasks). */
    private final ArrayDeque<ScsiTask> spare = new ArrayDeque<>();
    /** Tasks the workers finished, drained on the event loop in batches with one flush. */
    private final MpscArrayQueue<ScsiTask> finished;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drainFinished;
    private final int maxTasks;
    private int nextTag;
    private long buffered;
    private boolean closed;

    /**
     * {@code maxTasks} bounds the tasks of the session, immediate ones included (the window bounds the rest);
     * {@code nexus} is the session's I_T nexus, which the devices see for reservations.
     */
    public ScsiTaskHandler(PduSink sink, SessionParameters params, Map<Integer, ScsiDevice> luns,
                           TaskExecutor executor, EventExecutor loop, int maxTasks, ItNexus nexus) {
        this.nexus = nexus;
        this.maxTasks = maxTasks;
        this.finished = new MpscArrayQueue<>(Math.max(2, maxTasks));
        this.sink = sink;
        this.params = params;
        this.luns = luns;
        this.executor = executor;
        this.loop = loop;
    }

    public int activeTasks() {
        return tasks.size();
    }

    /** A SCSI Command PDU (its data segment is immediate data). {@code windowed} = it consumed a CmdSN. */
    public void command(Pdu pdu, boolean windowed) throws PduException {
        ScsiCommand cmd = ScsiCommand.of(pdu);
        if (tasks.containsKey(cmd.itt())) {
            throw new PduException(RejectReason.TASK_IN_PROGRESS, false, "InitiatorTaskTag", "not in use",
                Integer.toHexString(cmd.itt()));
        }
        int lun = LunAddress.decode(cmd.lun());
        ScsiDevice device = lun < 0 ? null : luns.get(lun);
        if (device == null && cmd.cdb()[0] == LunFallback.REPORT_LUNS) {
            device = luns.values().iterator().next();
        }
        ScsiTask reuse = spare.poll();
        ScsiTask task = reuse == null ? new ScsiTask(cmd, device, lun, windowed)
            : reuse.init(cmd, device, lun, windowed);
        int edtl = cmd.expectedDataTransferLength();
        int immediate = pdu.dataLength();
        if (immediate > 0 && (!cmd.write() || !params.immediateData || immediate > edtl
            || immediate > params.firstBurstLength)) {
            throw new PduException(RejectReason.PROTOCOL_ERROR, true, "immediate data length",
                "<= min(EDTL " + edtl + ", FirstBurstLength " + params.firstBurstLength + ") with ImmediateData=Yes",
                immediate);
        }
        if (!windowed && tasks.size() >= maxTasks) {
            throw new PduException(RejectReason.IMMEDIATE_COMMAND_REJECT, false, "immediate SCSI command",
                "at most " + maxTasks + " tasks in the session", tasks.size());
        }
        tasks.put(cmd.itt(), task);
        long needed = edtl <= 0 ? 0 : (long) edtl * ((cmd.write() ? 1 : 0) + (cmd.read() ? 1 : 0));
        if (tasks.size() > maxTasks || buffered + needed > BUFFER_BUDGET) {
            LOG.debug("task 0x{}: {} tasks / {} buffered bytes: TASK SET FULL", Integer.toHexString(cmd.itt()),
                tasks.size(), buffered);
            releaseSlot(task);
            DataInSequencer.status(sink, task, ScsiStatus.TASK_SET_FULL.code(), null);
            done(task);
            return;
        }
        if (edtl < 0 || edtl > MAX_TRANSFER) {
            LOG.warn("task 0x{}: ExpectedDataTransferLength {} over the {} byte limit", Integer.toHexString(cmd.itt()),
                edtl & 0xffffffffL, MAX_TRANSFER);
            reply(task, Sense.INVALID_FIELD_IN_CDB);
            return;
        }
        task.bufferBytes = needed;
        buffered += needed;
        if (cmd.write() && edtl > 0 && immediate == edtl) {
            // all the data came with the command: the worker writes straight from the received bytes, no copy
            task.dataOut = pdu.data().retainedSlice();
            task.dataOutShared = true;
        } else if (cmd.write() && edtl > 0) {
            task.dataOut = sink.alloc().directBuffer(edtl, edtl);
            task.dataOut.writeBytes(pdu.data(), pdu.data().readerIndex(), immediate);
            int unsolicited = params.initialR2T ? immediate : params.firstBurstLength;
            task.r2t = new R2tTracker(edtl, immediate, unsolicited, params.maxBurstLength, params.maxOutstandingR2T);
            if (!task.r2t.complete()) {
                sendR2ts(task);
                return;
            }
        }
        if (cmd.read() && edtl > 0) {
            task.dataIn = sink.alloc().directBuffer(edtl, edtl);
        }
        start(task);
    }

    /** A SCSI Data-Out PDU. */
    public void dataOut(Pdu pdu) throws PduException {
        ScsiTask task = tasks.get(pdu.initiatorTaskTag());
        if (task == null) {
            LOG.debug("Data-Out for unknown, finished or aborted task 0x{} dropped",
                Integer.toHexString(pdu.initiatorTaskTag()));
            return;
        }
        if (task.state != ScsiTask.State.RECEIVING || task.r2t == null) {
            throw new PduException(RejectReason.PROTOCOL_ERROR, false, "Data-Out InitiatorTaskTag",
                "a task waiting for data", Integer.toHexString(pdu.initiatorTaskTag()));
        }
        int offset = task.r2t.accept(pdu.field(Bhs.TARGET_TRANSFER_TAG), pdu.field(Bhs.DATA_SN),
            pdu.field(Bhs.BUFFER_OFFSET), pdu.dataLength());
        task.dataOut.setBytes(offset, pdu.data(), pdu.data().readerIndex(), pdu.dataLength());
        if (task.aborted) {
            return;
        }
        if (task.r2t.complete()) {
            task.dataOut.writerIndex(task.dataOut.capacity());
            if (task.command.read()) {
                int edtl = task.command.expectedDataTransferLength();
                task.dataIn = sink.alloc().directBuffer(edtl, edtl);
            }
            start(task);
        } else {
            sendR2ts(task);
        }
    }

    private void sendR2ts(ScsiTask task) {
        for (R2tTracker.R2t r : task.r2t.nextR2ts(this::newTag)) {
            sink.send(TargetPdus.r2t(sink.alloc(), task.command.lun(), task.command.itt(), r.ttt, r.r2tSn, r.offset,
                r.length));
        }
    }

    private int newTag() {
        int tag = nextTag++;
        return tag == Bhs.RESERVED_TAG ? nextTag++ : tag;
    }

    private void start(ScsiTask task) {
        if (task.device == null) {
            if (task.command.cdb()[0] == LunFallback.INQUIRY && task.dataIn != null) {
                releaseSlot(task);
                LunFallback.inquiry(sink, task);
                done(task);
            } else {
                reply(task, Sense.LOGICAL_UNIT_NOT_SUPPORTED);
            }
            return;
        }
        // internalNioBuffer: one cached view per pooled buffer, positioned at its offset (the SCSI layer works
        // from the position); the worker is its only user until the completion comes back to this loop
        // (a slice of received bytes gets its own view: the receive buffer's cached one may serve other tasks)
        ByteBuffer out = task.dataOut == null ? null : task.dataOutShared
            ? task.dataOut.nioBuffer(0, task.dataOut.capacity())
            : task.dataOut.internalNioBuffer(0, task.dataOut.capacity());
        ByteBuffer in = task.dataIn == null ? null : task.dataIn.internalNioBuffer(0, task.dataIn.capacity());
        task.prepare(this, nexus, out, in);
        if (task.runIfCached()) {
            completed(task, task.response());
            return;
        }
        boolean queued = executor.submit(task);
        if (!queued) {
            LOG.debug("worker pool saturated: task 0x{} gets TASK SET FULL", Integer.toHexString(task.command.itt()));
            releaseSlot(task);
            DataInSequencer.status(sink, task, ScsiStatus.TASK_SET_FULL.code(), null);
            done(task);
        }
    }

    /**
     * A worker finished {@code task}: it joins the batch the event loop drains next (one loop wake-up and one flush
     * for all the commands that finished meanwhile).
     */
    void finishedOnWorker(ScsiTask task) {
        if (!finished.offer(task)) {
            loop.execute(() -> completeAndFlush(task));
            return;
        }
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(drain);
        }
    }

    private void drainFinished() {
        drainScheduled.set(false);
        ScsiTask task;
        boolean any = false;
        while ((task = finished.poll()) != null) {
            completed(task, task.response());
            any = true;
        }
        if (any) {
            sink.flush();
        }
    }

    private void completeAndFlush(ScsiTask task) {
        completed(task, task.response());
        sink.flush();
    }

    private void completed(ScsiTask task, ScsiResponse rsp) {
        releaseSlot(task);
        if (!task.aborted && !closed) {
            DataInSequencer.respond(sink, task, rsp, params.initiatorMaxRecvDataSegmentLength, params.maxBurstLength);
        }
        done(task);
    }

    private void reply(ScsiTask task, Sense sense) {
        releaseSlot(task);
        DataInSequencer.status(sink, task, ScsiStatus.CHECK_CONDITION.code(), sense.toFixedBytes());
        done(task);
    }

    private void done(ScsiTask task) {
        boolean first = task.state != ScsiTask.State.DONE;
        if (tasks.get(task.command.itt()) == task) {
            tasks.remove(task.command.itt());
        }
        buffered -= task.bufferBytes;
        task.bufferBytes = 0;
        task.finish();
        releaseSlot(task);
        if (first && spare.size() < maxTasks) {
            spare.push(task);
        }
    }

    /** Gives the command-window slot back before the response goes out, so it carries the opened MaxCmdSN. */
    private void releaseSlot(ScsiTask task) {
        if (task.releaseSlot()) {
            sink.commandDone();
        }
    }

    /** Whether a task with this tag is known (ABORT TASK). */
    public boolean has(int itt) {
        return tasks.containsKey(itt);
    }

    /**
     * Aborts the tasks whose LUN matches {@code lunFilter} (and {@code itt} unless it is the reserved tag); runs
     * {@code then} once every aborted task has stopped (running ones finish on the worker first). Aborted tasks get
     * no response. Returns how many tasks were aborted.
     */
    public int abort(int itt, IntPredicate lunFilter, Runnable then) {
        List<ScsiTask> victims = new ArrayList<>();
        for (ScsiTask t : tasks.values()) {
            if ((itt == Bhs.RESERVED_TAG || t.command.itt() == itt) && lunFilter.test(t.lun)) {
                victims.add(t);
            }
        }
        int[] pending = {victims.size()};
        if (victims.isEmpty()) {
            then.run();
            return 0;
        }
        for (ScsiTask t : victims) {
            t.aborted = true;
            t.whenDone(() -> {
                if (--pending[0] == 0) {
                    then.run();
                }
            });
            if (t.state == ScsiTask.State.RECEIVING) {
                done(t);
            }
        }
        return victims.size();
    }

    /** The connection closed: running tasks finish silently, waiting ones are dropped. */
    public void close() {
        closed = true;
        for (ScsiTask t : new ArrayList<>(tasks.values())) {
            t.aborted = true;
            if (t.state == ScsiTask.State.RECEIVING) {
                done(t);
            }
        }
    }
}
