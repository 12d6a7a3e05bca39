package io.obd4j.tcmu;

import io.obd4j.nativeio.Errno;
import io.obd4j.nativeio.GenericNetlinkFamily;
import io.obd4j.nativeio.NativeIoException;
import io.obd4j.nativeio.NetlinkMessageReader;
import io.obd4j.nativeio.NetlinkMessageWriter;
import io.obd4j.nativeio.NetlinkSocket;
import io.obd4j.nativeio.PollSet;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's end of the {@code TCM-USER} generic netlink family: resolves the family and its {@code config}
 * multicast group through nlctrl, joins it with a 4 MiB receive buffer and {@code NETLINK_NO_ENOBUFS}, announces
 * {@code SET_FEATURES(SUPP_KERN_CMD_REPLY=1)} and then receives events and sends {@code *_DONE} replies
 * (spec tcmu-and-snapshotter.md §3.8). One thread receives; replies may come from any thread.
 */
public final class TcmuNetlink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcmuNetlink.class);
    private static final int RECEIVE_BUFFER = 4 << 20;

    private final NetlinkSocket socket;
    private final GenericNetlinkFamily family;
    private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
    private final ByteBuffer out = ByteBuffer.allocateDirect(256);
    private final NetlinkMessageWriter writer = new NetlinkMessageWriter(out);
    private final NetlinkMessageReader reader = new NetlinkMessageReader();
    private final Queue<TcmuEvent> early = new ArrayDeque<>();
    private final PollSet poll = new PollSet(1);
    private boolean kernelReplies;
    private int seq = 1;

    private TcmuNetlink(NetlinkSocket socket, GenericNetlinkFamily family) {
        this.socket = socket;
        this.family = family;
        poll.add(socket.fd(), PollSet.POLLIN);
    }

    /**
     * Opens the socket and registers with the kernel.
     *
     * @throws NativeIoException {@code ENOENT} from {@code CTRL_CMD_GETFAMILY} when target_core_user is not loaded
     */
    public static TcmuNetlink open() throws NativeIoException {
        NetlinkSocket socket = NetlinkSocket.open(NetlinkSocket.NETLINK_GENERIC);
        try {
            GenericNetlinkFamily family = GenericNetlinkFamily.resolve(socket, TcmuNetlinkFormat.FAMILY_NAME, 1);
            int group = family.group(TcmuNetlinkFormat.MCAST_GROUP);
            if (group < 0) {
                throw new NativeIoException("CTRL_CMD_GETFAMILY", "name=" + TcmuNetlinkFormat.FAMILY_NAME,
                        Errno.EPROTO, "no '" + TcmuNetlinkFormat.MCAST_GROUP + "' multicast group in "
                        + family.multicastGroups());
            }
            if (!socket.setReceiveBuffer(RECEIVE_BUFFER)) {
                LOG.warn("SO_RCVBUFFORCE refused (no CAP_NET_ADMIN): netlink receive buffer left small");
            }
            socket.setNoEnobufs(true);
            socket.joinGroup(group);
            TcmuNetlink netlink = new TcmuNetlink(socket, family);
            netlink.seq = 2;
            netlink.kernelReplies = netlink.setFeatures();
            return netlink;
        } catch (NativeIoException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    public GenericNetlinkFamily family() {
        return family;
    }

    /** False when the kernel rejected SET_FEATURES (old kernel: it waits for no reply). */
    public boolean kernelWaitsForReplies() {
        return kernelReplies;
    }

    private boolean setFeatures() throws NativeIoException {
        int mySeq = nextSeq();
        synchronized (out) {
            socket.send(TcmuNetlinkFormat.encodeSetFeatures(writer, family.id(), mySeq));
        }
        while (true) {
            receiveOne(true);
            while (reader.next()) {
                if (reader.isError() && reader.seq() == mySeq) {
                    int code = reader.errorCode();
                    if (code == 0) {
                        return true;
                    }
                    if (-code == Errno.EOPNOTSUPP || -code == Errno.EINVAL) {
                        LOG.warn("kernel refused TCMU SET_FEATURES ({}): running without netlink replies", -code);
                        return false;
                    }
                    throw new NativeIoException("TCMU SET_FEATURES", "SUPP_KERN_CMD_REPLY=1", -code);
                }
                TcmuEvent e = TcmuNetlinkFormat.decodeEvent(reader, family.id());
                if (e != null) {
                    early.add(e);
                }
            }
        }
    }

    private void receiveOne(boolean wait) throws NativeIoException {
        in.clear();
        int n = socket.receive(in, wait);
        in.flip();
        if (n < 0) {
            in.limit(0);
        }
        reader.wrap(in);
    }

    /**
     * Waits up to {@code timeoutMillis} and returns the events received (possibly none).
     *
     * @throws NativeIoException {@code ENOBUFS} when the kernel dropped events (rescan uio devices then)
     */
    public List<TcmuEvent> poll(int timeoutMillis) throws NativeIoException {
        List<TcmuEvent> events = new ArrayList<>(early);
        early.clear();
        if (!events.isEmpty() || poll.poll(timeoutMillis) == 0) {
            return events;
        }
        while (true) {
            receiveOne(false);
            if (!in.hasRemaining()) {
                return events;
            }
            while (reader.next()) {
                if (reader.isError()) {
                    int code = reader.errorCode();
                    if (code != 0) {
                        LOG.warn("netlink error {} for request seq {}", -code, reader.errorRequestSeq());
                    }
                    continue;
                }
                TcmuEvent e = TcmuNetlinkFormat.decodeEvent(reader, family.id());
                if (e != null) {
                    events.add(e);
                } else {
                    LOG.debug("ignoring netlink message type {} len {}", reader.type(), reader.length());
                }
            }
        }
    }

    /** Sends the {@code *_DONE} reply for {@code event} (nothing for version-1 events, as libtcmu). */
    public void reply(TcmuEvent event, int status) throws NativeIoException {
        if (!event.expectsReply()) {
            return;
        }
        synchronized (out) {
            socket.send(TcmuNetlinkFormat.encodeReply(writer, family.id(), nextSeq(),
                    TcmuNetlinkFormat.doneCommand(event.command()), status, event.deviceId()));
        }
    }

    private synchronized int nextSeq() {
        return seq++;
    }

    @Override
    public void close() throws NativeIoException {
        socket.close();
    }
}
