package io.obd4j.iscsi.login;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.obd4j.iscsi.codec.Bhs;
import io.obd4j.iscsi.codec.CodecSettings;
import io.obd4j.iscsi.codec.DecodeFault;
import io.obd4j.iscsi.codec.LoginRequest;
import io.obd4j.iscsi.codec.Opcode;
import io.obd4j.iscsi.codec.OutboundPdu;
import io.obd4j.iscsi.codec.Pdu;
import io.obd4j.iscsi.codec.PduException;
import io.obd4j.iscsi.codec.TargetPdus;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login phase of one connection (RFC 7143 sections 6.2, 6.3, 11.12, 11.13): checks the first request
 * (version, InitiatorName, SessionType, TargetName), runs the security stage (None or CHAP), the operational stage,
 * follows the T/CSG/NSG transitions, collects text split over C-bit PDUs, and on the final response hands the
 * connection to the session layer. Every refusal gets a Login Response with a status, a log line and a close.
 */
public final class LoginHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(LoginHandler.class);
    private static final int MAX_TEXT = 64 * 1024;
    private static final long LOGIN_TIMEOUT_SECONDS = 30;

    private final TargetDirectory directory;
    private final CodecSettings codec;
    private final LoginListener listener;
    private final SessionParameters params = new SessionParameters();
    private final OperationalNegotiator negotiator;
    private ByteBuf text;
    private boolean started;
    private boolean done;
    private int stage;
    private int statSn;
    private int cmdSn;
    private TargetDefinition target;
    private ChapConfig chap;
    private ChapAuthenticator authenticator;
    private boolean authenticated;
    private boolean declared;
    private ScheduledFuture<?> timeout;

    public LoginHandler(TargetDirectory directory, CodecSettings codec, LoginListener listener) {
        this.directory = directory;
        this.codec = codec;
        this.listener = listener;
        this.negotiator = new OperationalNegotiator(directory.limits(), params);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            LOG.warn("{}: login not completed within {} s, closing", ctx.channel().remoteAddress(),
                LOGIN_TIMEOUT_SECONDS);
            ctx.close();
        }, LOGIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimeout();
        if (text != null) {
            text.release();
            text = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (msg instanceof Pdu) {
                handle(ctx, (Pdu) msg);
            } else if (msg instanceof DecodeFault) {
                LOG.warn("{}: malformed PDU during login ({}), closing", ctx.channel().remoteAddress(),
                    ((DecodeFault) msg).cause().getMessage());
                ctx.close();
            }
        } finally {
            if (msg instanceof Pdu) {
                ((Pdu) msg).release();
            } else if (msg instanceof DecodeFault) {
                ((DecodeFault) msg).header().release();
            } else {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    private void handle(ChannelHandlerContext ctx, Pdu pdu) {
        if (pdu.opcode() != Opcode.LOGIN_REQUEST) {
            LOG.warn("{}: {} before login completed, closing", ctx.channel().remoteAddress(), pdu);
            ctx.close();
            return;
        }
        LoginRequest req = LoginRequest.of(pdu);
        if (!started) {
            statSn = req.expStatSn();
            cmdSn = req.cmdSn();
        }
        try {
            if (!collect(pdu, req)) {
                respond(ctx, req, LoginRequest.stages(false, req.currentStage(), 0), 0, LoginStatus.SUCCESS, null);
                return;
            }
            TextParameters keys;
            try {
                keys = TextParameters.parse(text);
            } catch (PduException e) {
                throw new LoginException(LoginStatus.INITIATOR_ERROR, e.getMessage());
            } finally {
                text.release();
                text = null;
            }
            TextParameters answer = new TextParameters();
            if (!started) {
                first(req, keys, answer);
            }
            step(ctx, req, keys, answer);
        } catch (LoginException e) {
            fail(ctx, req, e);
        }
    }

    /** Adds the PDU's text to the pending text; false while the C bit says more follows. */
    private boolean collect(Pdu pdu, LoginRequest req) throws LoginException {
        if (text == null) {
            text = Unpooled.buffer(pdu.dataLength());
        }
        if (text.readableBytes() + pdu.dataLength() > MAX_TEXT) {
            throw new LoginException(LoginStatus.INITIATOR_ERROR, "login text over " + MAX_TEXT + " bytes");
        }
        text.writeBytes(pdu.data(), pdu.data().readerIndex(), pdu.dataLength());
        if (req.continues() && req.transit()) {
            throw new LoginException(LoginStatus.INITIATOR_ERROR, "T and C bits both set");
        }
        return !req.continues();
    }

    private void first(LoginRequest req, TextParameters keys, TextParameters answer) throws LoginException {
        if (req.versionMin() > 0) {
            throw new LoginException(LoginStatus.UNSUPPORTED_VERSION, "Version-min " + req.versionMin());
        }
        if (req.tsih() != 0) {
            throw new LoginException(LoginStatus.SESSION_DOES_NOT_EXIST, "TSIH " + req.tsih()
                + " (adding connections to a session is not supported)");
        }
        params.initiatorName = keys.get("InitiatorName");
        if (params.initiatorName == null || params.initiatorName.isEmpty()) {
            throw new LoginException(LoginStatus.MISSING_PARAMETER, "no InitiatorName");
        }
        String type = keys.get("SessionType");
        if ("Discovery".equals(type)) {
            params.discovery = true;
            chap = directory.discoveryChap();
        } else if (type == null || type.equals("Normal")) {
            String name = keys.get("TargetName");
            if (name == null) {
                throw new LoginException(LoginStatus.MISSING_PARAMETER, "no TargetName");
            }
            target = directory.find(name);
            if (target == null) {
                throw new LoginException(LoginStatus.NOT_FOUND, "no target " + name);
            }
            params.targetName = name;
            chap = target.chap();
            answer.put("TargetPortalGroupTag", Integer.toString(SendTargets.PORTAL_GROUP_TAG));
            if (target.alias() != null) {
                answer.put("TargetAlias", target.alias());
            }
        } else {
            throw new LoginException(LoginStatus.SESSION_TYPE_NOT_SUPPORTED, "SessionType " + type);
        }
        if (req.currentStage() == LoginRequest.STAGE_OPERATIONAL && chap != null) {
            throw new LoginException(LoginStatus.AUTHENTICATION_FAILURE, "skipped the security stage");
        }
        authenticated = chap == null;
        started = true;
        stage = req.currentStage();
    }

    private void step(ChannelHandlerContext ctx, LoginRequest req, TextParameters keys, TextParameters answer)
            throws LoginException {
        int csg = req.currentStage();
        if (csg != stage || csg == 2 || csg == LoginRequest.STAGE_FULL_FEATURE) {
            throw new LoginException(LoginStatus.INITIATOR_ERROR, "CSG " + csg + " while in stage " + stage);
        }
        if (csg == LoginRequest.STAGE_SECURITY) {
            security(keys, answer);
        } else if (!authenticated) {
            throw new LoginException(LoginStatus.AUTHENTICATION_FAILURE, "not authenticated");
        }
        negotiator.negotiate(keys, answer);
        if (csg == LoginRequest.STAGE_OPERATIONAL && !declared) {
            params.targetMaxRecvDataSegmentLength = directory.limits().maxRecvDataSegmentLength();
            answer.put("MaxRecvDataSegmentLength", Integer.toString(params.targetMaxRecvDataSegmentLength));
            declared = true;
        }
        boolean transit = req.transit() && (csg != LoginRequest.STAGE_SECURITY || authenticated);
        int next = req.nextStage();
        if (transit && (next <= csg || next == 2)) {
            throw new LoginException(LoginStatus.INITIATOR_ERROR, "NSG " + next + " from CSG " + csg);
        }
        int stages = LoginRequest.stages(transit, csg, next);
        if (!transit) {
            respond(ctx, req, stages, 0, LoginStatus.SUCCESS, answer);
            return;
        }
        stage = next;
        if (next != LoginRequest.STAGE_FULL_FEATURE) {
            respond(ctx, req, stages, 0, LoginStatus.SUCCESS, answer);
            return;
        }
        complete(ctx, req, stages, answer);
    }

    private void security(TextParameters keys, TextParameters answer) throws LoginException {
        String methods = keys.get("AuthMethod");
        if (methods != null) {
            String choice = chooseAuthMethod(methods);
            answer.put("AuthMethod", choice == null ? "Reject" : choice);
            if (choice == null) {
                throw new LoginException(LoginStatus.AUTHENTICATION_FAILURE, "AuthMethod " + methods + " offered, "
                    + (chap == null ? "None" : "CHAP") + " required");
            }
            if (choice.equals("CHAP")) {
                authenticator = new ChapAuthenticator(chap);
            }
        }
        if (authenticator != null && !authenticator.done()) {
            ChapAuthenticator.Step result = authenticator.process(keys, answer);
            if (result == ChapAuthenticator.Step.FAILURE) {
                throw new LoginException(LoginStatus.AUTHENTICATION_FAILURE, authenticator.failure());
            }
            authenticated = result == ChapAuthenticator.Step.SUCCESS;
        }
    }

    private String chooseAuthMethod(String offered) {
        String wanted = chap == null ? "None" : "CHAP";
        for (String m : offered.split(",")) {
            if (m.trim().equals(wanted)) {
                return wanted;
            }
        }
        return null;
    }

    private void complete(ChannelHandlerContext ctx, LoginRequest req, int stages, TextParameters answer) {
        negotiator.finish();
        if (!declared) {
            params.targetMaxRecvDataSegmentLength = CodecSettings.LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH;
        }
        int tsih = listener.allocateTsih();
        respond(ctx, req, stages, tsih, LoginStatus.SUCCESS, answer);
        done = true;
        cancelTimeout();
        codec.apply(params.headerDigest, params.dataDigest, params.targetMaxRecvDataSegmentLength);
        LOG.info("{}: {} session {} for {} (tsih {}) logged in: {}", ctx.channel().remoteAddress(),
            params.discovery ? "discovery" : "normal", params.targetName == null ? "" : params.targetName,
            params.initiatorName, tsih, params);
        listener.established(ctx, new LoginOutcome(params, target, req.isid(), tsih, req.cid(), statSn, cmdSn));
    }

    private void respond(ChannelHandlerContext ctx, LoginRequest req, int stages, int tsih, LoginStatus status,
                         TextParameters answer) {
        ByteBuf data = answer == null || answer.isEmpty() ? null : Unpooled.wrappedBuffer(answer.encode());
        OutboundPdu rsp = TargetPdus.loginResponse(ctx.alloc(), stages, req.isid(), tsih, req.itt(),
            status.statusClass, status.detail, data);
        rsp.bhs().setInt(Bhs.STAT_SN, statSn++);
        rsp.bhs().setInt(Bhs.EXP_CMD_SN, cmdSn);
        rsp.bhs().setInt(Bhs.MAX_CMD_SN, cmdSn + directory.limits().commandWindow() - 1);
        ctx.writeAndFlush(rsp);
    }

    private void fail(ChannelHandlerContext ctx, LoginRequest req, LoginException e) {
        LOG.warn("{}: login of {} refused, {}: {}", ctx.channel().remoteAddress(), params.initiatorName,
            e.status(), e.getMessage());
        done = true;
        ByteBuf data = Unpooled.EMPTY_BUFFER;
        OutboundPdu rsp = TargetPdus.loginResponse(ctx.alloc(), LoginRequest.stages(false, req.currentStage(), 0),
            req.isid(), 0, req.itt(), e.status().statusClass, e.status().detail, data);
        rsp.bhs().setInt(Bhs.STAT_SN, statSn++);
        rsp.bhs().setInt(Bhs.EXP_CMD_SN, cmdSn);
        rsp.bhs().setInt(Bhs.MAX_CMD_SN, cmdSn);
        ctx.writeAndFlush(rsp).addListener(ChannelFutureListener.CLOSE);
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException) {
            LOG.info("{}: connection error during login, closing: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.error("{}: unexpected failure during login, closing", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
