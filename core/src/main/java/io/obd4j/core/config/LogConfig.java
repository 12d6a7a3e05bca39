package io.obd4j.core.config;

/**
 * {@code logConfig}: level 0 DEBUG, 1 INFO, 2 WARN, 3 ERROR, 4 FATAL; when {@code logPath} is empty the legacy
 * top-level {@code logLevel}/{@code logPath} apply (see {@link OverlaybdConfig#effectiveLog()}).
 */
public record LogConfig(int logLevel, String logPath, long logSizeMB, int logRotateNum) {
    public static final int DEBUG = 0;
    public static final int FATAL = 4;

    static LogConfig read(ConfigNode n) throws ConfigException {
        LogConfig c = new LogConfig(
                (int) n.integer("logLevel", 1, DEBUG, FATAL),
                n.string("logPath", ""),
                n.integer("logSizeMB", 10, 1, ConfigNode.UINT32_MAX),
                (int) n.integer("logRotateNum", 3, 0, Integer.MAX_VALUE));
        n.finish();
        return c;
    }
}
