package io.obd4j.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.obd4j.iscsi.login.ChapConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The target against real initiators: libiscsi's tools and qemu's iscsi driver, as subprocesses. */
@Timeout(300)
class RealInitiatorTest {
    private static final int SIZE = 16 * 1024 * 1024;

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        assumeTrue(Processes.available("iscsi-ls"), "libiscsi-bin is not installed");
    }

    @Test
    void libiscsiToolsSeeTargetInquiryAndCapacity() throws Exception {
        Path image = TestTargets.randomImage(dir, "disk.raw", SIZE, 1);
        try (IscsiTarget target = TestTargets.start(image, null)) {
            Processes.Result ls = Processes.run(60, "iscsi-ls", "iscsi://127.0.0.1:" + target.port());
            assertThat(ls.ok()).as(ls.output()).isTrue();
            assertThat(ls.output()).contains("Target:" + TestTargets.IQN + " Portal:127.0.0.1:" + target.port() + ",1");

            Processes.Result inq = Processes.run(60, "iscsi-inq", TestTargets.url(target));
            assertThat(inq.ok()).as(inq.output()).isTrue();
            assertThat(inq.output()).contains("Peripheral Device Type:DIRECT_ACCESS");

            Processes.Result cap = Processes.run(60, "iscsi-readcapacity16", TestTargets.url(target));
            assertThat(cap.ok()).as(cap.output()).isTrue();
            assertThat(cap.output()).contains("Total size:" + SIZE)
                .contains("RETURNED LOGICAL BLOCK ADDRESS:" + (SIZE / 512 - 1));
        }
    }

    @Test
    void qemuReadsExactBytesAndWritesSurviveRestart() throws Exception {
        assumeTrue(Processes.qemuHasIscsi(), "qemu has no iscsi driver (Debian package qemu-block-extra)");
        Path image = TestTargets.randomImage(dir, "disk.raw", SIZE, 2);
        String original = sha256(image);
        Path out = dir.resolve("out.raw");
        Path patch = TestTargets.randomImage(dir, "patch.raw", 3 * 1024 * 1024, 3);
        String url;
        try (IscsiTarget target = TestTargets.start(image, null)) {
            url = TestTargets.url(target);
            Processes.Result read = Processes.run(120, "qemu-img", "convert", "-O", "raw", url, out.toString());
            assertThat(read.ok()).as(read.output()).isTrue();
            assertThat(sha256(out)).isEqualTo(original);

            Processes.Result write = Processes.run(120, "qemu-img", "convert", "-n", "-f", "raw", "-O", "raw",
                patch.toString(), url);
            assertThat(write.ok()).as(write.output()).isTrue();
            Processes.Result flush = Processes.run(60, "qemu-io", "-f", "raw", "-c", "flush", url);
            assertThat(flush.ok()).as(flush.output()).isTrue();
        }
        byte[] expected = Files.readAllBytes(image);
        System.arraycopy(Files.readAllBytes(patch), 0, expected, 0, 3 * 1024 * 1024);
        try (IscsiTarget target = TestTargets.start(image, null)) {
            Path back = dir.resolve("back.raw");
            Processes.Result read = Processes.run(120, "qemu-img", "convert", "-O", "raw", TestTargets.url(target),
                back.toString());
            assertThat(read.ok()).as(read.output()).isTrue();
            assertThat(sha256(back)).isEqualTo(sha256(expected));
        }
    }

    @Test
    void qemuIoWritesPatternAndReadsItBack() throws Exception {
        assumeTrue(Processes.qemuHasIscsi(), "qemu has no iscsi driver (Debian package qemu-block-extra)");
        Path image = TestTargets.randomImage(dir, "disk.raw", SIZE, 4);
        try (IscsiTarget target = TestTargets.start(image, null)) {
            String url = TestTargets.url(target);
            Processes.Result io = Processes.run(60, "qemu-io", "-f", "raw", "-c", "write -P 0xa5 1M 300k",
                "-c", "flush", "-c", "read -P 0xa5 1M 300k", url);
            assertThat(io.ok()).as(io.output()).isTrue();
            assertThat(io.output()).doesNotContain("Pattern verification failed");
        }
        byte[] bytes = Files.readAllBytes(image);
        for (int i = 1 << 20; i < (1 << 20) + 300 * 1024; i++) {
            assertThat(bytes[i]).isEqualTo((byte) 0xa5);
        }
    }

    @Test
    void chapLoginWithLibiscsiAndWrongSecretIsRefused() throws Exception {
        Path image = TestTargets.randomImage(dir, "disk.raw", SIZE, 5);
        ChapConfig chap = ChapConfig.oneWay("alice", "0123456789abcdef");
        try (IscsiTarget target = TestTargets.start(image, chap)) {
            String good = "iscsi://alice%0123456789abcdef@127.0.0.1:" + target.port() + "/" + TestTargets.IQN + "/0";
            Processes.Result ok = Processes.run(60, "iscsi-readcapacity16", good);
            assertThat(ok.ok()).as(ok.output()).isTrue();
            assertThat(ok.output()).contains("Total size:" + SIZE);

            String bad = "iscsi://alice%wrong-secret-x@127.0.0.1:" + target.port() + "/" + TestTargets.IQN + "/0";
            Processes.Result refused = Processes.run(60, "iscsi-readcapacity16", bad);
            assertThat(refused.ok()).as(refused.output()).isFalse();

            Processes.Result none = Processes.run(60, "iscsi-readcapacity16", TestTargets.url(target));
            assertThat(none.ok()).as(none.output()).isFalse();
        }
    }

    @Test
    void mutualChapWithLibiscsi() throws Exception {
        Path image = TestTargets.randomImage(dir, "disk.raw", SIZE, 6);
        ChapConfig chap = ChapConfig.mutual("alice", "0123456789abcdef", "target1", "fedcba9876543210");
        try (IscsiTarget target = TestTargets.start(image, chap)) {
            String url = "iscsi://alice%0123456789abcdef@127.0.0.1:" + target.port() + "/" + TestTargets.IQN
                + "/0?target_user=target1&target_password=fedcba9876543210";
            Processes.Result ok = Processes.run(60, "iscsi-inq", url);
            assertThat(ok.ok()).as(ok.output()).isTrue();

            String wrong = "iscsi://alice%0123456789abcdef@127.0.0.1:" + target.port() + "/" + TestTargets.IQN
                + "/0?target_user=target1&target_password=not-the-secret";
            Processes.Result refused = Processes.run(60, "iscsi-inq", wrong);
            assertThat(refused.ok()).as(refused.output()).isFalse();
        }
    }

    @Test
    void headerAndDataDigestsWithLibiscsi() throws Exception {
        Path image = TestTargets.randomImage(dir, "disk.raw", SIZE, 7);
        try (IscsiTarget target = TestTargets.start(image, null)) {
            String url = TestTargets.url(target) + "?header_digest=crc32c";
            Processes.Result cap = Processes.run(60, "iscsi-readcapacity16", url);
            assertThat(cap.ok()).as(cap.output()).isTrue();
            assertThat(cap.output()).contains("Total size:" + SIZE);
        }
    }

    static String sha256(Path file) throws Exception {
        return sha256(Files.readAllBytes(file));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
