package io.obd4j.core.format.lsmt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Public access to the fixtures' write patterns ({@link OpPatterns}) and op replay ({@link FixtureReplay}) for tests
 * in other packages and modules.
 */
public final class TestPatterns {
    private TestPatterns() {
    }

    /** {@code len} bytes (multiple of 512) of pattern {@code spec} for virtual byte offset {@code voff}. */
    public static ByteBuffer generate(String spec, long voff, int len) {
        return OpPatterns.generate(spec, voff, len);
    }

    /** Applies a fixture's ops to {@code layer} as obdtool issued them (1 MiB pwrite chunks, one discard each). */
    public static void replay(RwLayer layer, JsonNode ops) throws IOException {
        FixtureReplay.apply(layer, ops);
    }
}
