package io.obd4j.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import io.obd4j.core.config.LogConfig;
import org.slf4j.LoggerFactory;

/**
 * Logback configured from {@code logConfig} in code: overlaybd's levels (0 DEBUG … 3 ERROR, 4 FATAL → ERROR), a file
 * rotated at {@code logSizeMB} keeping {@code logRotateNum} old files, or stderr when the path is empty.
 * {@link #reopen()} closes and reopens the file (SIGHUP after an external logrotate).
 */
public final class DaemonLogging {
    static final String PATTERN = "%d{yyyy/MM/dd HH:mm:ss.SSS}|%-5level|th=%thread|%logger{0}|%msg%n";

    private static Appender<ILoggingEvent> appender;

    private DaemonLogging() {
    }

    public static synchronized void configure(LogConfig log) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(PATTERN);
        encoder.start();
        if (log.logPath().isEmpty()) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setTarget("System.err");
            console.setEncoder(encoder);
            appender = console;
        } else {
            appender = rollingFile(ctx, encoder, log);
        }
        appender.setContext(ctx);
        appender.setName("obd4j");
        appender.start();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = level(log.logLevel());
        root.setLevel(level);
        root.addAppender(appender);
        ctx.getLogger("io.netty").setLevel(level.isGreaterOrEqual(Level.INFO) ? level : Level.INFO);
    }

    private static RollingFileAppender<ILoggingEvent> rollingFile(LoggerContext ctx, PatternLayoutEncoder encoder,
                                                                  LogConfig log) {
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(ctx);
        file.setFile(log.logPath());
        file.setEncoder(encoder);
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(ctx);
        rolling.setParent(file);
        rolling.setFileNamePattern(log.logPath() + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(Math.max(1, log.logRotateNum()));
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(new FileSize(log.logSizeMB() * FileSize.MB_COEFFICIENT));
        trigger.start();
        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(trigger);
        return file;
    }

    /** overlaybd level number → logback level. */
    static Level level(int overlaybdLevel) {
        switch (overlaybdLevel) {
            case 0:
                return Level.DEBUG;
            case 1:
                return Level.INFO;
            case 2:
                return Level.WARN;
            default:
                return Level.ERROR;
        }
    }

    /** Reopens the log file (no-op on stderr). */
    public static synchronized void reopen() {
        if (appender instanceof RollingFileAppender) {
            RollingFileAppender<ILoggingEvent> file = (RollingFileAppender<ILoggingEvent>) appender;
            file.stop();
            // stop() also stops both policies, and start() refuses to run without them started.
            file.getRollingPolicy().start();
            file.getTriggeringPolicy().start();
            file.start();
            LoggerFactory.getLogger(DaemonLogging.class).info("log file reopened");
        }
    }

    /** Flushes and closes every appender (last step of shutdown). */
    public static synchronized void shutdown() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }
}
