package io.obd4j.iscsi.login;

import io.netty.channel.ChannelHandlerContext;

/** What the login layer needs from the session layer: new session ids and a hand-over when login completes. */
public interface LoginListener {
    /** A fresh non-zero TSIH for a new session. */
    int allocateTsih();

    /**
     * Called on the event loop right after the final Login Response was written; the listener replaces the login
     * handler in {@code ctx}'s pipeline with the full-feature handler.
     */
    void established(ChannelHandlerContext ctx, LoginOutcome outcome);
}
