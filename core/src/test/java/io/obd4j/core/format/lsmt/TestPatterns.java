package io.obd4j.core.format.lsmt;

import java.nio.ByteBuffer;

/** Public access to the fixtures' write patterns ({@link OpPatterns}) for tests in other packages. */
public final class TestPatterns {
    private TestPatterns() {
    }

    /** {@code len} bytes (multiple of 512) of pattern {@code spec} for virtual byte offset {@code voff}. */
    public static ByteBuffer generate(String spec, long voff, int len) {
        return OpPatterns.generate(spec, voff, len);
    }
}
