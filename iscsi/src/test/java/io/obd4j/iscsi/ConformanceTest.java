package io.obd4j.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.obd4j.core.testing.Fixtures;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * libiscsi's conformance suite against obd4j and against tgt on a LUN of the same size (scripts/
 * iscsi-conformance.sh): obd4j must pass every test tgt passes, except the listed gaps of core.scsi. The per-test
 * table lands in target/conformance/conformance.md (docs/conformance.md is a copy with notes).
 */
@Tag("conformance")
@Timeout(600)
class ConformanceTest {
    private static final long LUN_SIZE = 256L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void obd4jPassesEveryTestTgtPasses() throws Exception {
        assumeTrue(Processes.available("iscsi-test-cu"), "libiscsi-bin is not installed");
        assumeTrue(Processes.available("tgtd"), "tgt is not installed");
        Path image = dir.resolve("lun.raw");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(LUN_SIZE);
        }
        Path script = Path.of(System.getProperty("user.dir")).resolveSibling("scripts").resolve(
            "iscsi-conformance.sh");
        Path gaps = Path.of(getClass().getResource("/conformance-known-gaps.txt").toURI());
        Path out = Path.of(System.getProperty("user.dir"), "target", "conformance");
        int tgtPort;
        try (ServerSocket s = new ServerSocket(0)) {
            tgtPort = s.getLocalPort();
        }
        try (IscsiTarget target = TestTargets.start(image, null)) {
            Processes.Result r = Processes.run(540, Map.of(
                    "OBD4J_TOOLS", Fixtures.tool("libiscsi-suite.sh").getParent().toString(),
                    "TGTD_PORT", Integer.toString(tgtPort),
                    "LUN_SIZE", Long.toString(LUN_SIZE),
                    "KNOWN_GAPS", gaps.toString(),
                    "PEER_STATE_DIR", dir.resolve("peers").toString()),
                script.toString(), TestTargets.url(target), out.toString());
            assertThat(r.output()).as(r.output()).contains("regressions: 0");
            assertThat(r.ok()).as(r.output()).isTrue();
        }
        assertThat(Files.readString(out.resolve("conformance.md"))).contains("| iSCSITMF.AbortTaskSimpleAsync |");
    }
}
