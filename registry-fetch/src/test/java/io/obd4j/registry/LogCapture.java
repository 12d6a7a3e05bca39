package io.obd4j.registry;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures every log event of {@code io.obd4j} (DEBUG and up) as text, stack traces included. */
final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.obd4j");

    LogCapture() {
        appender.start();
        logger.addAppender(appender);
    }

    List<String> lines() {
        List<String> out = new ArrayList<>();
        synchronized (appender.list) {
            for (ILoggingEvent e : appender.list) {
                out.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                        : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())));
            }
        }
        return out;
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
