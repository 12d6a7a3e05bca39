package io.obd4j.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedRegionTest {
    @TempDir
    Path dir;

    @Test
    void writesThroughTheMappingAreSeenByPread() throws Exception {
        try (NativeFile f = NativeFile.openReadWrite(dir.resolve("m"))) {
            f.ftruncate(1 << 20);
            try (MappedRegion r = MappedRegion.map(f.fd(), 1 << 20, 0)) {
                r.putLong(8, 0x1122334455667788L);
                r.putIntRelease(64, 42);
                r.putBytes(4096, new byte[] {1, 2, 3}, 0, 3);
                r.putShort(100, (short) 0xBEEF);
                r.sync();
                ByteBuffer b = ByteBuffer.allocateDirect(4200).order(ByteOrder.LITTLE_ENDIAN);
                f.preadFully(b, 0);
                assertThat(b.getLong(8)).isEqualTo(0x1122334455667788L);
                assertThat(b.getInt(64)).isEqualTo(42);
                assertThat(b.get(4097)).isEqualTo((byte) 2);
                assertThat(b.getShort(100)).isEqualTo((short) 0xBEEF);

                f.pwriteFully(ByteBuffer.wrap(new byte[] {5, 0, 0, 0}), 128);
                assertThat(r.getIntAcquire(128)).isEqualTo(5);
                assertThat(r.getIntVolatile(128)).isEqualTo(5);
                ByteBuffer slice = r.slice(4096, 3);
                assertThat(slice.get(2)).isEqualTo((byte) 3);
                byte[] out = new byte[3];
                r.getBytes(4096, out, 0, 3);
                assertThat(out).containsExactly(1, 2, 3);
                r.setZero(4096, 3);
                assertThat(r.getByte(4096)).isZero();
            }
        }
    }

    @Test
    void everyAccessIsBoundsChecked() throws Exception {
        try (NativeFile f = NativeFile.openReadWrite(dir.resolve("n"))) {
            f.ftruncate(4096);
            MappedRegion r = MappedRegion.map(f.fd(), 4096, 0);
            assertThatThrownBy(() -> r.getLong(4090)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> r.putInt(-1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> r.getIntVolatile(4096)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> r.getIntAcquire(6)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> r.slice(4000, 97)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> r.putBytes(4095, new byte[2], 0, 2))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> r.getBytes(0, new byte[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> r.setZero(4000, 100)).isInstanceOf(IndexOutOfBoundsException.class);
            r.close();
            assertThat(r.isClosed()).isTrue();
            assertThatThrownBy(() -> r.getInt(0)).isInstanceOf(IllegalStateException.class);
            r.close();
        }
    }

    @Test
    void mapFailureIsANativeIoException() throws Exception {
        try (NativeFile f = NativeFile.openReadOnly(dir)) {
            assertThatThrownBy(() -> MappedRegion.map(f.fd(), 4096, 0))
                    .isInstanceOf(NativeIoException.class).hasMessageContaining("mmap(");
        }
        assertThatThrownBy(() -> MappedRegion.map(3, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MappedRegion.map(3, 1L << 31, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
