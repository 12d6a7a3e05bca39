package io.obd4j.registry.sync;

import java.util.List;

/** One line of the {@code images} section: a source and the destinations it is copied to. */
public record SyncRule(ImageSpec source, List<ImageSpec> destinations) {
    public SyncRule {
        destinations = List.copyOf(destinations);
    }
}
