package io.obd4j.iscsi.task;

import io.netty.buffer.ByteBufAllocator;
import io.obd4j.iscsi.codec.OutboundPdu;

/** Where tasks send their PDUs: the connection stamps sequence numbers and writes them. Event-loop only. */
public interface PduSink {
    ByteBufAllocator alloc();

    /** Stamps and writes {@code pdu} (not flushed). */
    void send(OutboundPdu pdu);

    void flush();

    /** Called when a windowed (non-immediate) command finishes, so the command window can open up. */
    void commandDone();
}
