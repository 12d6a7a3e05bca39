package io.obd4j.iscsi.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.obd4j.iscsi.codec.Bhs;
import io.obd4j.iscsi.codec.Pdu;
import io.obd4j.iscsi.codec.TargetPdus;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NOP-Out / NOP-In both ways (RFC 7143 sections 11.18, 11.19): answers initiator pings (echoing their data), and
 * when the connection has been quiet for an interval, pings the initiator; no answer within another two
 * intervals closes the connection.
 */
final class Keepalive {
    private static final Logger LOG = LoggerFactory.getLogger(Keepalive.class);

    private final Session session;
    private final long intervalNanos;
    private ScheduledFuture<?> timer;
    private long lastActivity = System.nanoTime();
    private int pingTag = Bhs.RESERVED_TAG;
    private long pingSent;
    private int nextTag = 0x10000;

    Keepalive(Session session, long intervalMillis) {
        this.session = session;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    }

    void start(ChannelHandlerContext ctx) {
        if (intervalNanos > 0) {
            timer = ctx.executor().scheduleAtFixedRate(this::tick, intervalNanos, intervalNanos,
                TimeUnit.NANOSECONDS);
        }
    }

    void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    void activity() {
        lastActivity = System.nanoTime();
    }

    void nopOut(Pdu pdu) {
        int itt = pdu.initiatorTaskTag();
        int ttt = pdu.field(Bhs.TARGET_TRANSFER_TAG);
        if (itt == Bhs.RESERVED_TAG) {
            if (ttt != Bhs.RESERVED_TAG && ttt == pingTag) {
                pingTag = Bhs.RESERVED_TAG;
            }
            return;
        }
        int n = Math.min(pdu.dataLength(), session.initiatorMaxRecvDataSegmentLength());
        ByteBuf echo = n == 0 ? null : pdu.data().retainedSlice(pdu.data().readerIndex(), n);
        session.send(TargetPdus.nopIn(session.alloc(), pdu.lun(), itt, Bhs.RESERVED_TAG, echo));
    }

    private void tick() {
        long now = System.nanoTime();
        if (pingTag != Bhs.RESERVED_TAG) {
            if (now - pingSent > 2 * intervalNanos) {
                LOG.warn("initiator did not answer NOP-In ping 0x{} within {} ms", Integer.toHexString(pingTag),
                    TimeUnit.NANOSECONDS.toMillis(2 * intervalNanos));
                session.closeAfterFlush("keepalive timeout");
            }
            return;
        }
        if (now - lastActivity >= intervalNanos) {
            pingTag = nextTag++;
            if (nextTag == Bhs.RESERVED_TAG) {
                nextTag = 0x10000;
            }
            pingSent = now;
            session.send(TargetPdus.nopIn(session.alloc(), 0, Bhs.RESERVED_TAG, pingTag, null));
            session.flush();
        }
    }
}
