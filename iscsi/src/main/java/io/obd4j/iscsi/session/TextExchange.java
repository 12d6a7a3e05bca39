package io.obd4j.iscsi.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.obd4j.iscsi.codec.Bhs;
import io.obd4j.iscsi.codec.Pdu;
import io.obd4j.iscsi.codec.PduException;
import io.obd4j.iscsi.codec.RejectReason;
import io.obd4j.iscsi.codec.TargetPdus;
import io.obd4j.iscsi.login.SendTargets;
import io.obd4j.iscsi.login.TargetDirectory;
import io.obd4j.iscsi.login.TextParameters;
import java.net.InetSocketAddress;

/**
 * Text Request/Response exchanges in the full feature phase (RFC 7143 sections 11.10, 11.11): SendTargets, other
 * keys answered NotUnderstood. Requests split with the C bit are collected; answers longer than the initiator's
 * MaxRecvDataSegmentLength go out in pieces, each next piece asked for with the Target Transfer Tag.
 */
final class TextExchange {
    private static final int MAX_TEXT = 64 * 1024;

    private final Session session;
    private final TargetDirectory directory;
    private final String sessionTarget;
    private ByteBuf request;
    private byte[] answer;
    private int answered;
    private int tag = 1;

    TextExchange(Session session, TargetDirectory directory, String sessionTarget) {
        this.session = session;
        this.directory = directory;
        this.sessionTarget = sessionTarget;
    }

    void request(Pdu pdu) throws PduException {
        int ttt = pdu.field(Bhs.TARGET_TRANSFER_TAG);
        boolean last = pdu.finalBit();
        boolean more = (pdu.flags() & TargetPdus.FLAG_CONTINUE) != 0;
        if (ttt != Bhs.RESERVED_TAG && answer != null && ttt == tag) {
            sendPiece(pdu);
            return;
        }
        answer = null;
        if (request == null) {
            request = Unpooled.buffer();
        }
        if (request.readableBytes() + pdu.dataLength() > MAX_TEXT) {
            request.release();
            request = null;
            throw new PduException(RejectReason.PROTOCOL_ERROR, false, "text length", "<= " + MAX_TEXT, "more");
        }
        request.writeBytes(pdu.data(), pdu.data().readerIndex(), pdu.dataLength());
        if (more || !last) {
            session.send(TargetPdus.textResponse(session.alloc(), false, pdu.lun(), pdu.initiatorTaskTag(),
                Bhs.RESERVED_TAG, null));
            return;
        }
        TextParameters keys;
        try {
            keys = TextParameters.parse(request);
        } finally {
            request.release();
            request = null;
        }
        answer = answer(keys);
        answered = 0;
        tag++;
        sendPiece(pdu);
    }

    private byte[] answer(TextParameters keys) {
        StringBuilder other = new StringBuilder();
        byte[] targets = new byte[0];
        for (String key : keys.asMap().keySet()) {
            if (key.equals("SendTargets")) {
                InetSocketAddress local = session.localAddress();
                targets = SendTargets.answer(keys.get(key), directory, sessionTarget, local);
            } else {
                other.append(key).append("=NotUnderstood").append('\0');
            }
        }
        byte[] rest = other.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = new byte[targets.length + rest.length];
        System.arraycopy(targets, 0, all, 0, targets.length);
        System.arraycopy(rest, 0, all, targets.length, rest.length);
        return all;
    }

    private void sendPiece(Pdu pdu) {
        int max = session.initiatorMaxRecvDataSegmentLength();
        int n = Math.min(max, answer.length - answered);
        boolean last = answered + n == answer.length;
        ByteBuf data = n == 0 ? null : Unpooled.wrappedBuffer(answer, answered, n);
        answered += n;
        session.send(TargetPdus.textResponse(session.alloc(), last, pdu.lun(), pdu.initiatorTaskTag(),
            last ? Bhs.RESERVED_TAG : tag, data));
        if (last) {
            answer = null;
        }
    }

    void release() {
        if (request != null) {
            request.release();
            request = null;
        }
    }
}
