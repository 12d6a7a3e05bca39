package io.obd4j.daemon.image;

import java.time.Instant;

/** What the API reports about an open device. */
public record DeviceInfo(String id, String configPath, boolean readOnly, long sizeBytes, int lowers,
                         String resultFile, Instant openedAt) {
}
