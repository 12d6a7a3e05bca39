package io.obd4j.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * POSIX signals of the daemon: TERM and INT request an orderly shutdown (so the JVM exits 0 after draining, not
 * 143), HUP reopens the log file. Uses {@code sun.misc.Signal} (module jdk.unsupported), the only JDK API for it.
 */
final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    static void install(Runnable shutdown, Runnable reopenLogs) {
        handle("TERM", shutdown);
        handle("INT", shutdown);
        handle("HUP", reopenLogs);
    }

    private static void handle(String name, Runnable action) {
        try {
            Signal.handle(new Signal(name), s -> {
                LOG.info("SIG{} received", name);
                action.run();
            });
        } catch (IllegalArgumentException e) {
            // e.g. the JVM runs with -Xrs: the shutdown hook still drains on TERM.
            LOG.warn("cannot handle SIG{}: {}", name, e.getMessage());
        }
    }
}
