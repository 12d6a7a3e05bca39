package io.obd4j.iscsi;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.obd4j.iscsi.codec.CodecSettings;
import io.obd4j.iscsi.codec.PduDecoder;
import io.obd4j.iscsi.codec.PduEncoder;
import io.obd4j.iscsi.login.LoginHandler;
import io.obd4j.iscsi.login.LoginListener;
import io.obd4j.iscsi.login.LoginOutcome;
import io.obd4j.iscsi.login.TargetDirectory;
import io.obd4j.iscsi.session.Session;
import io.obd4j.iscsi.session.SessionRegistry;
import io.obd4j.iscsi.task.TaskExecutor;

/** Pipeline of one connection: decoder → encoder → login; login replaces itself with the session when done. */
final class IscsiChannelInitializer extends ChannelInitializer<Channel> {
    static final String DECODER = "pdu-decoder";
    static final String ENCODER = "pdu-encoder";
    static final String LOGIN = "login";
    static final String SESSION = "session";

    private final TargetDirectory directory;
    private final SessionRegistry registry;
    private final TaskExecutor executor;
    private final long nopIntervalMillis;

    IscsiChannelInitializer(TargetDirectory directory, SessionRegistry registry, TaskExecutor executor,
                            long nopIntervalMillis) {
        this.directory = directory;
        this.registry = registry;
        this.executor = executor;
        this.nopIntervalMillis = nopIntervalMillis;
    }

    @Override
    protected void initChannel(Channel ch) {
        CodecSettings settings = new CodecSettings();
        ch.pipeline()
            .addLast(DECODER, new PduDecoder(settings))
            .addLast(ENCODER, new PduEncoder(settings))
            .addLast(LOGIN, new LoginHandler(directory, settings, new LoginListener() {
                @Override
                public int allocateTsih() {
                    return registry.allocateTsih();
                }

                @Override
                public void established(ChannelHandlerContext ctx, LoginOutcome outcome) {
                    ctx.pipeline().replace(LOGIN, SESSION,
                        new Session(outcome, directory, registry, executor, ctx, nopIntervalMillis));
                }
            }));
    }
}
