package io.obd4j.iscsi.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.obd4j.core.scsi.ItNexus;
import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.iscsi.codec.Bhs;
import io.obd4j.iscsi.codec.DecodeFault;
import io.obd4j.iscsi.codec.Opcode;
import io.obd4j.iscsi.codec.OutboundPdu;
import io.obd4j.iscsi.codec.Pdu;
import io.obd4j.iscsi.codec.PduException;
import io.obd4j.iscsi.codec.RejectReason;
import io.obd4j.iscsi.codec.TargetPdus;
import io.obd4j.iscsi.login.LoginOutcome;
import io.obd4j.iscsi.login.SendTargets;
import io.obd4j.iscsi.login.SessionParameters;
import io.obd4j.iscsi.login.TargetDirectory;
import io.obd4j.iscsi.task.PduSink;
import io.obd4j.iscsi.task.ScsiTaskHandler;
import io.obd4j.iscsi.task.TaskExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session in the full feature phase on its single connection (MaxConnections=1): orders PDUs by CmdSN inside
 * the command window, stamps StatSN/ExpCmdSN/MaxCmdSN on everything it sends, and dispatches by opcode. All state
 * is confined to the connection's event loop. Protocol violations get a Reject (and a close when the PDU stream
 * can no longer be trusted) plus a log line.
 */
public final class Session extends ChannelInboundHandlerAdapter implements PduSink {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    private final LoginOutcome login;
    private final SessionParameters params;
    private final SessionRegistry registry;
    private final CommandWindow window;
    private final ScsiTaskHandler tasks;
    private final TextExchange text;
    private final TaskManagement management;
    private final Keepalive keepalive;
    private final ItNexus nexus;
    private final Map<Integer, Pdu> early = new HashMap<>();
    private ChannelHandlerContext ctx;
    private int statSn;
    private boolean pendingFlush;
    private boolean closing;

    public Session(LoginOutcome login, TargetDirectory directory, SessionRegistry registry, TaskExecutor executor,
                   ChannelHandlerContext loginCtx, long nopIntervalMillis) {
        this.login = login;
        this.params = login.params();
        this.registry = registry;
        this.window = new CommandWindow(login.expCmdSn(), directory.limits().commandWindow());
        this.statSn = login.nextStatSn();
        this.nexus = ItNexus.iscsi(String.valueOf(params.initiatorName), login.isid(),
            String.valueOf(params.targetName), SendTargets.PORTAL_GROUP_TAG);
        this.tasks = login.target() == null ? null
            : new ScsiTaskHandler(this, params, login.target().luns(), executor, loginCtx.executor(),
                2 * directory.limits().commandWindow(), nexus);
        this.text = new TextExchange(this, directory, params.discovery ? null : params.targetName);
        this.management = new TaskManagement(this, tasks, registry);
        this.keepalive = new Keepalive(this, nopIntervalMillis);
    }

    public int tsih() {
        return login.tsih();
    }

    public String targetName() {
        return params.targetName;
    }

    boolean sameNexus(Session other) {
        return nexus.equals(other.nexus);
    }

    ScsiTaskHandler tasks() {
        return tasks;
    }

    boolean hasLun(int lun) {
        return login.target() != null && login.target().luns().containsKey(lun);
    }

    /** The devices of this session's target whose LUN matches {@code lun} (-1: all); none for discovery. */
    void forEachDevice(int lun, java.util.function.Consumer<ScsiDevice> action) {
        if (login.target() != null) {
            login.target().luns().forEach((n, device) -> {
                if (lun < 0 || n == lun) {
                    action.accept(device);
                }
            });
        }
    }

    /** The I_T nexus of this session (initiator name + ISID, target name + portal group tag). */
    ItNexus nexus() {
        return nexus;
    }

    /** The portal address this connection came in on (loopback:3260 for non-IP test channels). */
    InetSocketAddress localAddress() {
        SocketAddress local = ctx.channel().localAddress();
        return local instanceof InetSocketAddress ? (InetSocketAddress) local
            : new InetSocketAddress(InetAddress.getLoopbackAddress(), 3260);
    }

    int initiatorMaxRecvDataSegmentLength() {
        return params.initiatorMaxRecvDataSegmentLength;
    }

    /** Runs {@code action} on this session's event loop. */
    void execute(Runnable action) {
        ChannelHandlerContext c = ctx;
        if (c != null) {
            c.executor().execute(action);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        for (Session old : registry.register(this)) {
            LOG.info("{}: session tsih {} reinstates tsih {}", context.channel().remoteAddress(), tsih(), old.tsih());
            old.closeFromElsewhere();
        }
        keepalive.start(context);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        closing = true;
        keepalive.stop();
        registry.unregister(this);
        if (tasks != null) {
            tasks.close();
            if (!registry.hasNexus(nexus)) {
                forEachDevice(-1, device -> device.nexusLost(nexus));
            }
        }
        text.release();
        early.values().forEach(Pdu::release);
        early.clear();
        LOG.info("{}: session tsih {} closed", context.channel().remoteAddress(), tsih());
        context.fireChannelInactive();
    }

    /** Closes this session from another thread (reinstatement, target reset, shutdown). */
    public void closeFromElsewhere() {
        ChannelHandlerContext c = ctx;
        if (c != null) {
            c.channel().close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (msg instanceof Pdu) {
            Pdu pdu = (Pdu) msg;
            keepalive.activity();
            if (closing) {
                pdu.release();
                return;
            }
            admit(pdu);
        } else if (msg instanceof DecodeFault) {
            DecodeFault fault = (DecodeFault) msg;
            send(TargetPdus.reject(alloc(), fault.reason(), fault.header()));
            closeAfterFlush("undecodable PDU: " + fault.cause().getMessage());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Back-pressure towards a slow reader: stop reading new PDUs while responses pile up unsent. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        context.channel().config().setAutoRead(context.channel().isWritable());
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        if (pendingFlush) {
            flush();
        }
    }

    /** Applies the command window, then dispatches in CmdSN order. Releases {@code pdu} unless it is held. */
    private void admit(Pdu pdu) {
        Opcode op = pdu.opcode();
        boolean numbered = op != Opcode.SCSI_DATA_OUT && op != Opcode.SNACK_REQUEST && op != null && !pdu.immediate()
            && op.fromInitiator() && !(op == Opcode.NOP_OUT && pdu.initiatorTaskTag() == Bhs.RESERVED_TAG);
        if (!numbered) {
            dispatchAndRelease(pdu, false);
            return;
        }
        int cmdSn = pdu.field(Bhs.CMD_SN);
        switch (window.position(cmdSn)) {
            case NEXT:
                dispatchAndRelease(pdu, true);
                drainEarly();
                return;
            case AHEAD:
                Pdu previous = early.put(cmdSn, pdu);
                if (previous != null) {
                    previous.release();
                }
                return;
            default:
                LOG.warn("{}: {} CmdSN {} outside window [{}, {}], dropped", ctx.channel().remoteAddress(), pdu,
                    Integer.toUnsignedString(cmdSn), Integer.toUnsignedString(window.expCmdSn()),
                    Integer.toUnsignedString(window.maxCmdSn()));
                pdu.release();
        }
    }

    private void drainEarly() {
        Pdu next;
        while (!early.isEmpty() && (next = early.remove(window.expCmdSn())) != null) {
            dispatchAndRelease(next, true);
        }
    }

    private void dispatchAndRelease(Pdu pdu, boolean numbered) {
        try {
            if (numbered) {
                window.advance(pdu.opcode() == Opcode.SCSI_COMMAND && tasks != null);
            }
            dispatch(pdu, numbered);
        } catch (PduException e) {
            if (numbered && pdu.opcode() == Opcode.SCSI_COMMAND && tasks != null) {
                window.release();
            }
            refuse(pdu, e);
        } finally {
            pdu.release();
        }
    }

    private void dispatch(Pdu pdu, boolean numbered) throws PduException {
        Opcode op = pdu.opcode();
        if (op == null) {
            throw new PduException(RejectReason.COMMAND_NOT_SUPPORTED, false, "opcode", "an RFC 7143 opcode",
                "0x" + Integer.toHexString(pdu.rawOpcode()));
        }
        switch (op) {
            case NOP_OUT:
                keepalive.nopOut(pdu);
                break;
            case SCSI_COMMAND:
                if (tasks == null) {
                    throw new PduException(RejectReason.PROTOCOL_ERROR, false, "opcode",
                        "no SCSI commands in a discovery session", op);
                }
                tasks.command(pdu, numbered);
                break;
            case SCSI_DATA_OUT:
                if (tasks == null) {
                    throw new PduException(RejectReason.PROTOCOL_ERROR, false, "opcode", "no data in discovery", op);
                }
                tasks.dataOut(pdu);
                break;
            case TEXT_REQUEST:
                text.request(pdu);
                break;
            case TASK_MANAGEMENT_REQUEST:
                management.request(pdu);
                break;
            case LOGOUT_REQUEST:
                logout(pdu);
                break;
            case SNACK_REQUEST:
                throw new PduException(RejectReason.COMMAND_NOT_SUPPORTED, false, "opcode",
                    "no SNACK at ErrorRecoveryLevel 0", op);
            default:
                throw new PduException(RejectReason.PROTOCOL_ERROR, op == Opcode.LOGIN_REQUEST, "opcode",
                    "an initiator opcode valid in full feature phase", op);
        }
    }

    private void logout(Pdu pdu) {
        int reason = pdu.flags() & 0x7f;
        int response = reason == 2 ? 2 : 0;
        if (reason == 1 && pdu.shortField(Bhs.CID) != login.cid()) {
            response = 1;
        }
        send(TargetPdus.logoutResponse(alloc(), pdu.initiatorTaskTag(), response, 0, 0));
        if (response == 0) {
            LOG.info("{}: logout (reason {})", ctx.channel().remoteAddress(), reason);
            closeAfterFlush(null);
        }
    }

    private void refuse(Pdu pdu, PduException e) {
        LOG.warn("{}: refused {}: {}{}", ctx.channel().remoteAddress(), pdu, e.getMessage(),
            e.fatal() ? " (closing connection)" : "");
        send(TargetPdus.reject(alloc(), e.reason(), pdu.copyHeader()));
        if (e.fatal()) {
            closeAfterFlush(null);
        }
    }

    void closeAfterFlush(String why) {
        if (why != null) {
            LOG.warn("{}: closing session tsih {}: {}", ctx.channel().remoteAddress(), tsih(), why);
        }
        closing = true;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public void send(OutboundPdu pdu) {
        ByteBuf bhs = pdu.bhs();
        switch (pdu.statSn()) {
            case ADVANCE:
                bhs.setInt(Bhs.STAT_SN, statSn++);
                break;
            case PEEK:
                bhs.setInt(Bhs.STAT_SN, statSn);
                break;
            default:
                break;
        }
        bhs.setInt(Bhs.EXP_CMD_SN, window.expCmdSn());
        bhs.setInt(Bhs.MAX_CMD_SN, window.maxCmdSn());
        // no promise per PDU (nor a PromiseCombiner in the encoder): write failures reach exceptionCaught
        ctx.write(pdu, ctx.voidPromise());
        pendingFlush = true;
    }

    @Override
    public void flush() {
        pendingFlush = false;
        ctx.flush();
    }

    @Override
    public void commandDone() {
        window.release();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof java.io.IOException) {
            LOG.info("{}: connection error, closing session tsih {}: {}", context.channel().remoteAddress(), tsih(),
                cause.toString());
        } else {
            LOG.error("{}: unexpected failure, closing session tsih {}", context.channel().remoteAddress(), tsih(),
                cause);
        }
        context.close();
    }
}
