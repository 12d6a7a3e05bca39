package io.obd4j.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixTest {
    /** A descriptor number no test opens: a native call on it would fail with EBADF, not an argument check. */
    private static final int UNUSED_FD = 999_999;

    @TempDir
    Path dir;

    @Test
    void pwriteThenPreadRoundTripsDirectAndHeapBuffers() throws Exception {
        byte[] data = new byte[64 * 1024];
        new SplittableRandom(7).nextBytes(data);
        try (NativeFile f = NativeFile.openReadWrite(dir.resolve("a"))) {
            ByteBuffer src = ByteBuffer.allocateDirect(data.length).put(data).flip();
            f.pwriteFully(src, 4096);
            assertThat(src.remaining()).isZero();
            assertThat(f.size()).isEqualTo(4096 + data.length);

            ByteBuffer direct = ByteBuffer.allocateDirect(1000);
            direct.position(100);
            assertThat(f.pread(direct, 4096 + 50)).isEqualTo(900);
            assertThat(direct.position()).isEqualTo(1000);
            byte[] got = new byte[900];
            direct.position(100);
            direct.get(got);
            assertThat(got).isEqualTo(Arrays.copyOfRange(data, 50, 950));

            byte[] heapArray = new byte[600];
            ByteBuffer heap = ByteBuffer.wrap(heapArray, 100, 400);
            assertThat(f.pread(heap, 4096 + 10)).isEqualTo(400);
            assertThat(Arrays.copyOfRange(heapArray, 100, 500)).isEqualTo(Arrays.copyOfRange(data, 10, 410));
            assertThat(heapArray[99]).isZero();
            assertThat(heapArray[500]).isZero();
        }
        assertThat(Files.readAllBytes(dir.resolve("a"))).endsWith(data);
    }

    @Test
    void preadNoWaitReadsCachedBytesAndRefusesToWaitForTheDevice() throws Exception {
        byte[] data = new byte[256 * 1024];
        new SplittableRandom(11).nextBytes(data);
        try (NativeFile f = NativeFile.openReadWrite(dir.resolve("cached"))) {
            f.pwriteFully(ByteBuffer.wrap(data), 0);
            f.fdatasync();
            f.dropCache(0, 0);
            ByteBuffer dst = ByteBuffer.allocateDirect(64 * 1024);
            int cold = f.preadNoWait(dst, 128 * 1024);
            Assumptions.assumeTrue(cold == Posix.WOULD_BLOCK,
                "the temp dir's file system keeps dropped pages (tmpfs?): got " + cold + " bytes");
            assertThat(dst.position()).isZero();

            f.preadFully(ByteBuffer.allocateDirect(data.length), 0);
            dst.clear().position(1000).limit(1000 + 8192);
            assertThat(f.preadNoWait(dst, 4096)).isEqualTo(8192);
            assertThat(dst.position()).isEqualTo(9192);
            byte[] got = new byte[8192];
            dst.position(1000);
            dst.get(got);
            assertThat(got).isEqualTo(Arrays.copyOfRange(data, 4096, 4096 + 8192));
            assertThat(f.preadNoWait(ByteBuffer.allocateDirect(16), data.length)).isZero();
        }
    }

    @Test
    void preadNoWaitChecksItsBuffer() throws Exception {
        try (NativeFile f = NativeFile.openReadWrite(dir.resolve("nowait"))) {
            assertThatThrownBy(() -> f.preadNoWait(ByteBuffer.allocate(16), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("direct buffer");
            assertThatThrownBy(() -> f.preadNoWait(ByteBuffer.allocateDirect(16).asReadOnlyBuffer(), 0))
                .isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> f.preadNoWait(ByteBuffer.allocateDirect(16), -1))
                .isInstanceOf(IllegalArgumentException.class);
            assertThat(f.preadNoWait(ByteBuffer.allocateDirect(0), 0)).isZero();
        }
    }

    @Test
    void preadStopsAtEndOfFile() throws Exception {
        try (NativeFile f = NativeFile.openReadWrite(dir.resolve("b"))) {
            f.pwriteFully(ByteBuffer.wrap(new byte[] {1, 2, 3}), 0);
            ByteBuffer dst = ByteBuffer.allocateDirect(10);
            assertThat(f.preadFully(dst, 1)).isEqualTo(2);
            assertThat(f.pread(dst, 3)).isZero();
            assertThat(f.pread(ByteBuffer.allocateDirect(4), 100)).isZero();
        }
    }

    @Test
    void punchHoleReadsZeroAndSeekFindsHolesAndData() throws Exception {
        int mib = 1 << 20;
        try (NativeFile f = NativeFile.openReadWrite(dir.resolve("sparse"))) {
            byte[] ones = new byte[mib];
            Arrays.fill(ones, (byte) 0xAB);
            f.pwriteFully(ByteBuffer.allocateDirect(mib).put(ones).flip(), 0);
            f.fdatasync();
            try {
                f.punchHole(128 * 1024, 64 * 1024);
            } catch (NativeIoException e) {
                Assumptions.assumeTrue(e.errno() != Errno.EOPNOTSUPP, "file system cannot punch holes: " + e);
                throw e;
            }
            assertThat(f.size()).isEqualTo(mib);
            long hole = f.seekHole(0);
            Assumptions.assumeTrue(hole != mib, "file system does not report holes through SEEK_HOLE");
            assertThat(hole).isEqualTo(128 * 1024);
            assertThat(f.seekData(128 * 1024)).isEqualTo(192 * 1024);
            assertThat(f.seekData(0)).isZero();
            assertThat(f.seekData(mib)).isEqualTo(-1);
            assertThat(f.seekHole(mib + 5)).isEqualTo(-1);
            ByteBuffer back = ByteBuffer.allocate(64 * 1024);
            f.preadFully(back, 128 * 1024);
            assertThat(back.array()).containsOnly((byte) 0);
            ByteBuffer edge = ByteBuffer.allocate(2);
            f.preadFully(edge, 192 * 1024 - 1);
            assertThat(edge.array()).containsExactly(0, 0xAB);

            f.ftruncate(4096);
            assertThat(f.size()).isEqualTo(4096);
            f.fsync();
        }
    }

    @Test
    void openFailureNamesCallPathAndErrno() {
        Path missing = dir.resolve("nope/missing");
        assertThatThrownBy(() -> NativeFile.openReadOnly(missing))
                .isInstanceOfSatisfying(NativeIoException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                    assertThat(e.call()).isEqualTo("open");
                })
                .hasMessageContaining("open(path=" + missing)
                .hasMessageContaining("errno 2 (No such file or directory)");
    }

    @Test
    void nativeErrorsCarryErrno() {
        assertThatThrownBy(() -> Posix.pread(UNUSED_FD, ByteBuffer.allocateDirect(8), 0))
                .isInstanceOfSatisfying(NativeIoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF))
                .hasMessageContaining("pread(fd=999999, count=8, offset=0)");
    }

    @Test
    void argumentChecksFailBeforeAnyNativeCall() {
        // Each would be EBADF if it reached libc; an argument exception proves it did not.
        ByteBuffer buf = ByteBuffer.allocateDirect(16);
        assertThatThrownBy(() -> Posix.pread(UNUSED_FD, buf, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Posix.pwrite(UNUSED_FD, buf, -4096)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Posix.pread(-1, buf, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Posix.pread(UNUSED_FD, buf.asReadOnlyBuffer(), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Posix.fallocate(UNUSED_FD, Posix.FALLOC_FL_PUNCH_HOLE, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Posix.punchHole(UNUSED_FD, -512, 512)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Posix.seekData(UNUSED_FD, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Posix.ftruncate(UNUSED_FD, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Posix.open(Path.of("a\0b"), Posix.O_RDONLY, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bufferAtItsLimitTransfersNothing() throws Exception {
        // The crash in DEPENDENCIES.md: a buffer whose position is at its limit must not be written past.
        ByteBuffer full = ByteBuffer.allocateDirect(4096);
        full.position(4096);
        try (NativeFile f = NativeFile.openReadWrite(dir.resolve("c"))) {
            f.pwriteFully(ByteBuffer.wrap(new byte[8192]), 0);
            assertThat(f.pread(full, 0)).isZero();
            assertThat(full.position()).isEqualTo(4096);
            ByteBuffer small = ByteBuffer.allocateDirect(8192).limit(16);
            assertThat(f.pread(small, 0)).isEqualTo(16);
        }
    }

    @Test
    void nonBlockingPipeReadReportsNoData() throws Exception {
        int[] p = Posix.pipe(Posix.O_NONBLOCK);
        try {
            assertThat(Posix.read(p[0], ByteBuffer.allocateDirect(4))).isEqualTo(-1);
            assertThat(Posix.write(p[1], ByteBuffer.wrap(new byte[] {9, 8, 7, 6}))).isEqualTo(4);
            ByteBuffer in = ByteBuffer.allocateDirect(4);
            assertThat(Posix.read(p[0], in)).isEqualTo(4);
            assertThat(in.flip().getInt()).isEqualTo(0x09080706);
        } finally {
            Posix.close(p[0]);
            Posix.close(p[1]);
        }
    }
}
