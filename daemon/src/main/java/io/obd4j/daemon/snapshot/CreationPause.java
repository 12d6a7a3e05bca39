package io.obd4j.daemon.snapshot;

/**
 * A test hook inside snapshot creation: with {@code OBD4J_SNAPSHOT_PAUSE=<stage>} in the daemon's environment the
 * creation stops at that stage for good (after saying so on stderr), so a test can kill the daemon there. Stages:
 * {@code prepared} (record and new upper written, nothing sealed) and {@code sealed} (restacked and the config
 * renamed, record still {@code creating}).
 */
@FunctionalInterface
interface CreationPause {
    String ENV = "OBD4J_SNAPSHOT_PAUSE";

    void reached(String stage, String snapshot);

    /** No pausing. */
    static CreationPause none() {
        return (stage, snapshot) -> { };
    }

    /** Pauses forever at the stage named by {@link #ENV}, if set. */
    static CreationPause fromEnvironment() {
        String wanted = System.getenv(ENV);
        if (wanted == null || wanted.isEmpty()) {
            return none();
        }
        return (stage, snapshot) -> {
            if (!stage.equals(wanted)) {
                return;
            }
            System.err.println("obd4j test hook: snapshot " + snapshot + " paused at " + stage);
            System.err.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }
}
