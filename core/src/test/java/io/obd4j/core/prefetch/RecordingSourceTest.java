package io.obd4j.core.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.core.io.BlockSource;
import io.obd4j.core.io.LocalFileSource;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A read served from the page cache goes into the trace exactly like a worker's read; a refused one does not. */
class RecordingSourceTest {
    @TempDir
    Path dir;

    @Test
    void cachedReadsAreRecordedLikeReads() throws Exception {
        Path f = Files.write(dir.resolve("layer"), new byte[64 * 1024]);
        TraceRecorder recorder = new TraceRecorder(16);
        try (RecordingSource src = new RecordingSource(LocalFileSource.open(f), 3, recorder)) {
            assertThat(src.read(ByteBuffer.allocateDirect(4096), 8192)).isEqualTo(4096);
            assertThat(src.readIfCached(ByteBuffer.allocateDirect(4096), 8192)).isEqualTo(4096);
            assertThat(src.readIfCached(ByteBuffer.allocate(4096), 0)).isEqualTo(BlockSource.NOT_CACHED);
            assertThat(src.readIfCached(ByteBuffer.allocateDirect(4096), 62 * 1024)).as("short: not recorded")
                    .isEqualTo(2048);
        }
        assertThat(recorder.stop()).containsExactly(TraceRecord.read(3, 4096, 8192), TraceRecord.read(3, 4096, 8192));
    }
}
