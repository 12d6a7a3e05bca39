package io.obd4j.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stores config.v1.json objects sent inline to {@code POST /v1/devices} as files (owner-only, in a private temporary
 * directory): the image service, live snapshots and restarts all work on a config path.
 */
final class InlineConfigs {
    private final AtomicLong next = new AtomicLong(1);
    private Path dir;

    synchronized Path write(String devId, JsonNode config) throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("obd4j-configs-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        String name = (devId.isEmpty() ? "device" : devId.replaceAll("[^A-Za-z0-9._-]", "_")) + "-"
                + next.getAndIncrement() + ".config.v1.json";
        return Files.writeString(dir.resolve(name), Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(config));
    }
}
