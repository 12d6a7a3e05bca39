package io.obd4j.core.scsi;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A test over one raw-file LUN per test method: {@link #open} creates it, and it is closed after the test. */
abstract class LunTest {
    private final long blocks;

    @TempDir
    Path dir;
    ScsiHarness lun;
    int bs;

    LunTest(long blocks) {
        this.blocks = blocks;
    }

    /** Creates the LUN with the test class's block count and {@code blockSize}-byte blocks. */
    void open(int blockSize) throws IOException {
        bs = blockSize;
        lun = ScsiHarness.create(dir, blockSize, blocks);
    }

    @AfterEach
    void close() throws IOException {
        if (lun != null) {
            lun.close();
        }
    }
}
