package io.obd4j.iscsi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.obd4j.iscsi.codec.Bhs;
import io.obd4j.iscsi.codec.CodecSettings;
import io.obd4j.iscsi.codec.Opcode;
import io.obd4j.iscsi.codec.Pdu;
import io.obd4j.iscsi.codec.PduBytes;
import io.obd4j.iscsi.codec.PduDecoder;
import io.obd4j.iscsi.login.ChapConfig;
import io.obd4j.iscsi.login.TargetDefinition;
import io.obd4j.iscsi.login.TargetDirectory;
import io.obd4j.iscsi.login.TargetLimits;
import io.obd4j.iscsi.session.SessionRegistry;
import io.obd4j.iscsi.task.TaskExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The real connection pipeline (decoder, encoder, login, session, tasks; commands run inline) in an
 * {@link EmbeddedChannel}, with a client-side decoder for what the target sends back.
 */
public final class EmbeddedTarget implements AutoCloseable {
    private final TargetDirectory directory;
    private final TaskExecutor executor;
    private EmbeddedChannel channel;
    private EmbeddedChannel client;
    private final SessionRegistry registry = new SessionRegistry();
    private int cmdSn = 1;

    public EmbeddedTarget(List<TargetDefinition> targets, ChapConfig discoveryChap, TargetLimits limits) {
        // EmbeddedChannel's event loop is single-threaded (not safe to post to from workers): run commands inline.
        executor = TaskExecutor.inline();
        directory = new TargetDirectory(targets, discoveryChap, limits);
        connect();
    }

    private void connect() {
        channel = new EmbeddedChannel(new IscsiChannelInitializer(directory, registry, executor, 0));
        client = new EmbeddedChannel(new PduDecoder(clientSettings()));
        cmdSn = 1;
    }

    /** Drops the connection (releasing everything pending) and opens a new one. */
    public void reconnect() {
        channel.finishAndReleaseAll();
        client.finishAndReleaseAll();
        connect();
    }

    private static CodecSettings clientSettings() {
        CodecSettings s = new CodecSettings();
        s.apply(false, false, Bhs.MAX_DATA_SEGMENT_LENGTH);
        return s;
    }

    public EmbeddedChannel channel() {
        return channel;
    }

    public SessionRegistry registry() {
        return registry;
    }

    public void send(byte[] bytes) {
        if (channel.isOpen()) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        }
    }

    /** Everything the target sent so far (waits up to {@code millis} for at least {@code atLeast} PDUs). */
    public List<Pdu> responses(int atLeast, long millis) throws InterruptedException {
        List<Pdu> out = new ArrayList<>();
        long end = System.currentTimeMillis() + millis;
        while (true) {
            channel.runPendingTasks();
            ByteBuf b;
            while ((b = channel.readOutbound()) != null) {
                client.writeInbound(b);
            }
            Object o;
            while ((o = client.readInbound()) != null) {
                out.add((Pdu) o);
            }
            if (out.size() >= atLeast || System.currentTimeMillis() > end) {
                return out;
            }
            Thread.sleep(1);
        }
    }

    public Pdu response() throws InterruptedException {
        List<Pdu> r = responses(1, 5000);
        if (r.size() != 1) {
            r.forEach(Pdu::release);
            throw new AssertionError("expected one response, got " + r.size());
        }
        return r.get(0);
    }

    public static byte[] text(String... pairs) {
        StringBuilder sb = new StringBuilder();
        for (String p : pairs) {
            sb.append(p).append('\0');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A Login Request: T bit, CSG, NSG and text. */
    public static PduBytes login(boolean transit, int csg, int nsg, String... pairs) {
        return PduBytes.of(Opcode.LOGIN_REQUEST, (transit ? 0x80 : 0) | (csg << 2) | (transit ? nsg : 0))
            .immediate().longAt(Bhs.ISID, 0x800000000001L << 16).intAt(Bhs.INITIATOR_TASK_TAG, 1)
            .intAt(Bhs.CMD_SN, 1).data(text(pairs));
    }

    /** Logs in a normal session to {@code iqn} without authentication, straight to full feature phase. */
    public void loginNormal(String iqn, String... operational) throws InterruptedException {
        send(login(true, 0, 1, "InitiatorName=iqn.test:initiator", "TargetName=" + iqn, "SessionType=Normal",
            "AuthMethod=None").encode());
        response().release();
        send(login(true, 1, 3, operational).encode());
        Pdu rsp = response();
        int status = rsp.shortField(Bhs.STATUS_CLASS);
        rsp.release();
        if (status != 0) {
            throw new AssertionError("login failed with status 0x" + Integer.toHexString(status));
        }
    }

    public int nextCmdSn() {
        return cmdSn++;
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
        client.finishAndReleaseAll();
        executor.close();
    }
}
