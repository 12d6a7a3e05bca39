package io.obd4j.tcmu;

import io.obd4j.core.scsi.Cdb;
import io.obd4j.core.scsi.DataDirection;
import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.core.scsi.ScsiResponse;
import io.obd4j.core.scsi.ScsiStatus;
import io.obd4j.nativeio.NativeIoException;
import io.obd4j.nativeio.PollSet;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jctools.queues.MpmcArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one TCMU device: a poller thread waits on the uio descriptor, drains the ring and hands each command to
 * the shared command executor (a lone command runs on the poller itself); commands run concurrently, complete out
 * of order (serialised inside {@link UioRing#complete}) and the kernel is kicked once per burst of completions
 * (libtcmu's coalesced {@code processing_complete}).
 *
 * <p>Data is accessed only inside the command's iovecs: a single iovec is handed to the SCSI layer as a view of
 * the map; several are gathered/scattered through a per-thread staging buffer.
 */
public final class DeviceWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceWorker.class);
    private static final int POLL_MILLIS = 100;
    private static final int POOL_SIZE = 1024;
    private static final ThreadLocal<ByteBuffer[]> STAGING = ThreadLocal.withInitial(() -> new ByteBuffer[1]);

    private final UioDevice device;
    private final UioRing ring;
    private final ScsiDevice scsi;
    private final Executor executor;
    private final MpmcArrayQueue<Slot> slots = new MpmcArrayQueue<>(POOL_SIZE);
    private final AtomicInteger pendingKicks = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread poller;
    private volatile boolean running;
    private volatile Throwable failure;

    public DeviceWorker(UioDevice device, ScsiDevice scsi, Executor executor) {
        this.device = device;
        this.ring = device.ring();
        this.scsi = scsi;
        this.executor = executor;
        this.poller = new Thread(this::pollLoop, "tcmu-" + device.uioName());
        this.poller.setDaemon(true);
    }

    /** What one in-flight command carries between the poller and the executor; reused, so nothing is allocated. */
    private final class Slot implements Runnable {
        final TcmuCommand command = new TcmuCommand();
        final Cdb cdb = new Cdb();
        final ScsiResponse response = new ScsiResponse();
        final ByteBuffer sense = ByteBuffer.allocate(TcmuCmdEntryFormat.SENSE_SIZE);
        final ByteBuffer window = device.map().duplicate();

        @Override
        public void run() {
            DeviceWorker.this.run(this);
        }

        /** The map between {@code [base, base + length)}, checked by the buffer itself. */
        ByteBuffer window(long base, long length) {
            window.clear();
            return window.position((int) base).limit((int) (base + length));
        }
    }

    public UioDevice device() {
        return device;
    }

    public ScsiDevice scsiDevice() {
        return scsi;
    }

    /** The first fatal error of the poller (a broken ring, a failed poll), or null. */
    public Throwable failure() {
        return failure;
    }

    public DeviceWorker start() {
        running = true;
        poller.start();
        return this;
    }

    private void pollLoop() {
        PollSet poll = new PollSet(1);
        poll.add(device.fd(), PollSet.POLLIN);
        try {
            while (running) {
                device.drainEvents();
                drainRing();
                poll.poll(POLL_MILLIS);
            }
            drainRing();
        } catch (Exception | Error e) {
            failure = e;
            LOG.error("{}: command ring stopped: {}", device, e.toString(), e);
        }
    }

    /**
     * Fetches every queued command. All but the last go to the executor at once; the last runs right here when
     * nothing else is in flight (queue depth 1: no thread hand-off on the latency path), else it goes too.
     */
    private void drainRing() throws Exception {
        Slot pending = null;
        while (true) {
            Slot slot = slots.poll();
            if (slot == null) {
                slot = new Slot();
            }
            if (!ring.next(slot.command)) {
                slots.offer(slot);
                break;
            }
            if (pending != null) {
                dispatch(pending);
            }
            pending = slot;
        }
        if (pending == null) {
            return;
        }
        if (inFlight.get() == 0) {
            inFlight.incrementAndGet();
            run(pending);
        } else {
            dispatch(pending);
        }
    }

    private void dispatch(Slot slot) {
        inFlight.incrementAndGet();
        try {
            executor.execute(slot);
        } catch (RejectedExecutionException e) {
            run(slot);
        }
    }

    private void run(Slot slot) {
        TcmuCommand cmd = slot.command;
        try {
            int readLen = execute(slot);
            ScsiResponse rsp = slot.response;
            ByteBuffer sense = null;
            if (rsp.status() == ScsiStatus.CHECK_CONDITION) {
                sense = slot.sense.clear();
                int n = rsp.writeSense(sense);
                sense.limit(n);
            }
            ring.complete(cmd.cmdId(), rsp.status().code(), sense, readLen);
        } catch (Exception | Error e) {
            failure = e;
            LOG.error("{}: cannot complete {}: {}", device, cmd, e.toString(), e);
        } finally {
            slots.offer(slot);
            inFlight.decrementAndGet();
        }
        kick();
    }

    /** Runs the SCSI command; returns the data-in length for READ_LEN, or -1 for non-read commands. */
    private int execute(Slot slot) {
        TcmuCommand cmd = slot.command;
        Cdb cdb = slot.cdb.wrap(cmd.cdb());
        DataDirection direction = scsi.dataDirection(cdb);
        long total = cmd.dataLength();
        if (direction == DataDirection.NONE || cmd.iovCount() == 0 || total > Integer.MAX_VALUE) {
            scsi.execute(cdb, null, null, slot.response);
            return -1;
        }
        boolean single = cmd.iovCount() == 1;
        ByteBuffer data = single ? slot.window(cmd.iovBase(0), total) : staging((int) total);
        if (direction == DataDirection.OUT) {
            if (!single) {
                gather(cmd, slot.window.clear(), data);
            }
            scsi.execute(cdb, data, null, slot.response);
            return -1;
        }
        scsi.execute(cdb, null, data, slot.response);
        int produced = slot.response.dataInLength();
        if (!single) {
            scatter(cmd, slot.window.clear(), data, produced);
        }
        return produced;
    }

    /** Copies the iovecs (absolute offsets in {@code map}) into {@code into}. */
    private static void gather(TcmuCommand cmd, ByteBuffer map, ByteBuffer into) {
        int at = 0;
        for (int i = 0; i < cmd.iovCount(); i++) {
            int len = (int) cmd.iovLength(i);
            into.put(at, map, (int) cmd.iovBase(i), len);
            at += len;
        }
    }

    /** Copies the first {@code length} bytes of {@code from} out to the iovecs in {@code map}. */
    private static void scatter(TcmuCommand cmd, ByteBuffer map, ByteBuffer from, int length) {
        int at = 0;
        for (int i = 0; i < cmd.iovCount() && at < length; i++) {
            int len = (int) Math.min(cmd.iovLength(i), length - at);
            map.put((int) cmd.iovBase(i), from, at, len);
            at += len;
        }
    }

    private static ByteBuffer staging(int size) {
        ByteBuffer[] holder = STAGING.get();
        ByteBuffer b = holder[0];
        if (b == null || b.capacity() < size) {
            b = ByteBuffer.allocateDirect(Math.max(size, 64 * 1024));
            holder[0] = b;
        }
        return b.clear().limit(size);
    }

    /** One kick per burst: only the first completer writes, and repeats while others completed meanwhile. */
    private void kick() {
        if (pendingKicks.getAndIncrement() > 0) {
            return;
        }
        while (true) {
            try {
                device.kick();
            } catch (NativeIoException e) {
                LOG.warn("{}: kick failed: {}", device, e.getMessage());
            }
            if (pendingKicks.compareAndSet(1, 0)) {
                return;
            }
            pendingKicks.set(1);
        }
    }

    /** Commands handed to the executor and not yet completed. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Stops polling, then waits up to {@code timeoutMillis} for in-flight commands to complete.
     *
     * @return true if none is left in flight
     */
    public boolean stop(long timeoutMillis) throws InterruptedException {
        running = false;
        poller.join(Math.max(1, timeoutMillis));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return inFlight.get() == 0;
    }

    /** Stops (waiting up to 30 s for in-flight commands). The device itself is closed by its owner. */
    @Override
    public void close() throws InterruptedException {
        if (!stop(30_000)) {
            LOG.warn("{}: closing with {} commands in flight", device, inFlight.get());
        }
    }
}
