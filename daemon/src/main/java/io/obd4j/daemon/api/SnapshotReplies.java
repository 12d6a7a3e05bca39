package io.obd4j.daemon.api;

/** overlaybd's live-snapshot response bodies, byte for byte (spec §9.1; the stray backtick is overlaybd's). */
public final class SnapshotReplies {
    public static final String MISSING_PARAMS = body(false, "Missing dev_id or config in snapshot request");
    public static final String NOT_FOUND = body(false, "Image file not found");
    public static final String FAILED = body(false, "Failed to create snapshot`");
    public static final String CREATED = body(true, "Snapshot created successfully");

    private SnapshotReplies() {
    }

    private static String body(boolean success, String message) {
        return "{\n        \"success\": " + success + ",\n        \"message\": \"" + message + "\"\n}";
    }
}
