package io.obd4j.tcmu;

import static io.obd4j.tcmu.TcmuCmdEntryFormat.OP_CMD;
import static io.obd4j.tcmu.TcmuCmdEntryFormat.OP_PAD;
import static io.obd4j.tcmu.TcmuCmdEntryFormat.OP_TMR;

import io.obd4j.nativeio.MappedRegion;
import io.obd4j.nativeio.NativeFile;
import io.obd4j.nativeio.NativeIoException;
import io.obd4j.nativeio.PollSet;
import io.obd4j.nativeio.Posix;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The kernel's side of a TCMU device, byte-exact, for tests: a file laid out as the uio map (mailbox, command
 * ring, data area), shared with the code under test through a second mmap, and a SEQPACKET socket pair standing
 * in for the uio node (4-byte events to user space, 4-byte kicks back).
 *
 * <p>Producing follows {@code queue_cmd_ring}: entry size {@code max(48 + 16n, 112) + round_up(cdb_len, 8)}, one
 * byte of the ring always left free against {@code cmdr_last_cleaned}, a PAD entry when the entry would not fit
 * before the ring's end, zeroed entries, the CDB right after the iovecs, data blocks of 4 KiB allocated anywhere
 * (adjacent blocks merged into one iovec), {@code cmd_head} published after the entry. Completion follows
 * {@code tcmu_handle_completions}: walk {@code [last_cleaned, cmd_tail)}, skip non-CMD entries, look each command
 * up by the entry's {@code cmd_id} (unknown id = broken ring), copy data-in out of the command's own blocks.
 * Single-threaded: one test thread drives it.
 */
final class FakeTcmuKernel implements AutoCloseable {
    static final int BLOCK = 4096;
    static final int CMDR_OFF = TcmuMailboxFormat.SIZE;

    /** What the kernel saw when a command completed. */
    record Completion(int cmdId, int status, int uflags, int readLength, byte[] sense, byte[] dataIn) {
    }

    private record Pending(int id, int[] blocks, List<long[]> iovs, int dataInLength, Consumer<Completion> done) {
    }

    private final NativeFile file;
    private final MappedRegion map;
    private final int cmdrSize;
    private final int dataOff;
    private final int dataBlocks;
    private final BitSet usedBlocks = new BitSet();
    private final SplittableRandom random;
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final int[] fds;
    private final PollSet poll = new PollSet(1);
    private final ByteBuffer word = ByteBuffer.allocateDirect(4);
    private final List<String> errors = new ArrayList<>();
    private int head;
    private int lastCleaned;
    private int nextId = 1;
    private int events;
    private long padsWritten;

    FakeTcmuKernel(Path path, int cmdrSize, int dataSize, int flags, long seed) throws NativeIoException {
        this(path, cmdrSize, dataSize, flags, seed, 0);
    }

    /** {@code start} places head and tail at that ring index, as on a ring that already served commands. */
    FakeTcmuKernel(Path path, int cmdrSize, int dataSize, int flags, long seed, int start) throws NativeIoException {
        this.cmdrSize = cmdrSize;
        this.dataOff = CMDR_OFF + cmdrSize;
        this.dataBlocks = dataSize / BLOCK;
        this.random = new SplittableRandom(seed);
        this.file = NativeFile.openReadWrite(path);
        file.ftruncate((long) dataOff + dataSize);
        this.map = MappedRegion.map(file.fd(), (long) dataOff + dataSize, 0);
        map.putShort(TcmuMailboxFormat.VERSION_OFFSET, (short) TcmuMailboxFormat.VERSION);
        map.putShort(TcmuMailboxFormat.FLAGS_OFFSET, (short) flags);
        map.putInt(TcmuMailboxFormat.CMDR_OFF_OFFSET, CMDR_OFF);
        map.putInt(TcmuMailboxFormat.CMDR_SIZE_OFFSET, cmdrSize);
        head = start;
        lastCleaned = start;
        map.putInt(TcmuMailboxFormat.CMD_HEAD_OFFSET, start);
        map.putInt(TcmuMailboxFormat.CMD_TAIL_OFFSET, start);
        this.fds = Posix.socketPair(true);
        poll.add(fds[1], PollSet.POLLIN);
    }

    /** The descriptor user space polls, reads events from and kicks (non-blocking). */
    int userFd() {
        return fds[0];
    }

    Path path() {
        return file.path();
    }

    long mapSize() {
        return (long) dataOff + (long) dataBlocks * BLOCK;
    }

    MappedRegion kernelView() {
        return map;
    }

    int head() {
        return head;
    }

    int inFlight() {
        return pending.size();
    }

    long padsWritten() {
        return padsWritten;
    }

    /** Protocol violations seen (unknown cmd_id, tail outside the ring…); empty when user space behaved. */
    List<String> errors() {
        return errors;
    }

    /**
     * Queues one SCSI command.
     *
     * @param dataOut  data-out bytes (WRITE), or null
     * @param dataIn   expected data-in length (READ), 0 if none
     * @return false when ring or data area has no room now (complete something first)
     */
    boolean queue(byte[] cdb, byte[] dataOut, int dataIn, Consumer<Completion> done) throws NativeIoException {
        int length = dataOut != null ? dataOut.length : dataIn;
        int[] blocks = allocate((length + BLOCK - 1) / BLOCK);
        if (blocks == null) {
            return false;
        }
        List<long[]> iovs = iovecs(blocks, length);
        int base = TcmuCmdEntryFormat.baseSize(iovs.size());
        int size = base + TcmuCmdEntryFormat.roundUp(cdb.length);
        if (!reserve(size)) {
            free(blocks);
            return false;
        }
        while (pending.containsKey(nextId)) {
            nextId = nextId == 0xFFFF ? 1 : nextId + 1;
        }
        int id = nextId;
        nextId = nextId == 0xFFFF ? 1 : nextId + 1;
        int entry = CMDR_OFF + head;
        map.setZero(entry, size);
        map.putInt(entry + TcmuCmdEntryFormat.IOV_CNT_OFFSET, iovs.size());
        map.putLong(entry + TcmuCmdEntryFormat.CDB_OFF_OFFSET, entry + base);
        for (int i = 0; i < iovs.size(); i++) {
            int at = entry + TcmuCmdEntryFormat.IOV_OFFSET + i * TcmuCmdEntryFormat.IOV_SIZE;
            map.putLong(at, iovs.get(i)[0]);
            map.putLong(at + 8, iovs.get(i)[1]);
        }
        map.putBytes(entry + base, cdb, 0, cdb.length);
        if (dataOut != null) {
            copyIntoIovs(iovs, dataOut);
        }
        map.putShort(entry + TcmuCmdEntryFormat.CMD_ID_OFFSET, (short) id);
        map.putInt(entry, TcmuCmdEntryFormat.lenOp(size, OP_CMD));
        pending.put(id, new Pending(id, blocks, iovs, dataOut == null ? dataIn : 0, done));
        publish(size);
        return true;
    }

    /** Queues a TMR entry ({@code struct tcmu_tmr_entry} + cmd ids) that user space must flag UNKNOWN_OP. */
    boolean queueTmr(int tmrType, int... cmdIds) throws NativeIoException {
        int size = TcmuCmdEntryFormat.roundUp(32 + 2 * cmdIds.length);
        if (!reserve(size)) {
            return false;
        }
        int entry = CMDR_OFF + head;
        map.setZero(entry, size);
        map.putByte(entry + 8, (byte) tmrType);
        map.putInt(entry + 12, cmdIds.length);
        for (int i = 0; i < cmdIds.length; i++) {
            map.putShort(entry + 32 + 2 * i, (short) cmdIds[i]);
        }
        map.putInt(entry, TcmuCmdEntryFormat.lenOp(size, OP_TMR));
        publish(size);
        return true;
    }

    private boolean reserve(int size) {
        int used = (head - lastCleaned + cmdrSize) % cmdrSize;
        int free = cmdrSize - used - 1;
        int pad = cmdrSize - head < size ? cmdrSize - head : 0;
        if (free < size + pad) {
            return false;
        }
        if (pad > 0) {
            int entry = CMDR_OFF + head;
            map.putInt(entry, TcmuCmdEntryFormat.lenOp(pad, OP_PAD));
            map.putShort(entry + TcmuCmdEntryFormat.CMD_ID_OFFSET, (short) 0);
            map.putByte(entry + TcmuCmdEntryFormat.KFLAGS_OFFSET, (byte) 0);
            map.putByte(entry + TcmuCmdEntryFormat.UFLAGS_OFFSET, (byte) 0);
            head = 0;
            padsWritten++;
        }
        return true;
    }

    private void publish(int size) throws NativeIoException {
        head = (head + size) % cmdrSize;
        map.putIntRelease(TcmuMailboxFormat.CMD_HEAD_OFFSET, head);
        word.clear();
        word.putInt(0, ++events);
        Posix.write(fds[1], word);
    }

    private int[] allocate(int count) {
        if (usedBlocks.cardinality() + count > dataBlocks) {
            return null;
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            int b = usedBlocks.nextClearBit(random.nextInt(dataBlocks));
            if (b >= dataBlocks) {
                b = usedBlocks.nextClearBit(0);
            }
            usedBlocks.set(b);
            out[i] = b;
        }
        return out;
    }

    private void free(int[] blocks) {
        for (int b : blocks) {
            usedBlocks.clear(b);
        }
    }

    /** One iovec per run of adjacent blocks, as the kernel merges them. */
    private List<long[]> iovecs(int[] blocks, int length) {
        List<long[]> iovs = new ArrayList<>();
        int left = length;
        for (int i = 0; i < blocks.length; i++) {
            long base = dataOff + (long) blocks[i] * BLOCK;
            int len = Math.min(BLOCK, left);
            left -= len;
            long[] last = iovs.isEmpty() ? null : iovs.get(iovs.size() - 1);
            if (last != null && last[0] + last[1] == base) {
                last[1] += len;
            } else {
                iovs.add(new long[] {base, len});
            }
        }
        return iovs;
    }

    private void copyIntoIovs(List<long[]> iovs, byte[] data) {
        int at = 0;
        for (long[] iov : iovs) {
            map.putBytes((int) iov[0], data, at, (int) iov[1]);
            at += (int) iov[1];
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for a kick, then reaps completions like {@code tcmu_handle_completions}.
     *
     * @return commands completed
     */
    int reap(int timeoutMillis) throws NativeIoException {
        if (poll.poll(timeoutMillis) > 0) {
            while (true) {
                word.clear();
                if (Posix.read(fds[1], word) <= 0) {
                    break;
                }
            }
        }
        int tail = map.getIntAcquire(TcmuMailboxFormat.CMD_TAIL_OFFSET);
        if (tail < 0 || tail >= cmdrSize || (tail & 7) != 0) {
            errors.add("cmd_tail out of the ring: " + tail);
            return 0;
        }
        int done = 0;
        while (lastCleaned != tail) {
            int entry = CMDR_OFF + lastCleaned;
            int lenOp = map.getInt(entry);
            int len = TcmuCmdEntryFormat.length(lenOp);
            if (len == 0) {
                errors.add("zero-length entry at ring index " + lastCleaned);
                return done;
            }
            if (TcmuCmdEntryFormat.op(lenOp) == OP_CMD) {
                done += completeEntry(entry);
            }
            lastCleaned = (lastCleaned + len) % cmdrSize;
        }
        return done;
    }

    private int completeEntry(int entry) {
        int id = Short.toUnsignedInt(map.getShort(entry + TcmuCmdEntryFormat.CMD_ID_OFFSET));
        Pending p = pending.remove(id);
        if (p == null) {
            errors.add("completion for unknown cmd_id " + id + " at map offset " + entry);
            return 0;
        }
        int uflags = map.getByte(entry + TcmuCmdEntryFormat.UFLAGS_OFFSET) & 0xFF;
        int status = map.getByte(entry + TcmuCmdEntryFormat.SCSI_STATUS_OFFSET) & 0xFF;
        int readLen = map.getInt(entry + TcmuCmdEntryFormat.READ_LEN_OFFSET);
        byte[] sense = new byte[TcmuCmdEntryFormat.SENSE_SIZE];
        map.getBytes(entry + TcmuCmdEntryFormat.SENSE_OFFSET, sense, 0, sense.length);
        byte[] data = new byte[p.dataInLength()];
        int at = 0;
        for (long[] iov : p.iovs()) {
            int n = Math.min((int) iov[1], data.length - at);
            map.getBytes((int) iov[0], data, at, n);
            at += n;
        }
        free(p.blocks());
        p.done().accept(new Completion(id, status, uflags, readLen, sense, data));
        return 1;
    }

    @Override
    public void close() throws NativeIoException {
        map.close();
        Posix.close(fds[1]);
        file.close();
    }
}
