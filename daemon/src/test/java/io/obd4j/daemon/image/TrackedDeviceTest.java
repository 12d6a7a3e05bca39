package io.obd4j.daemon.image;

import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.image.BlockDevice;
import io.obd4j.core.image.ForwardingBlockDevice;
import io.obd4j.core.image.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** I/O counters, hung-I/O detection and draining of the device the front ends see, over a real writable image. */
class TrackedDeviceTest {
    @TempDir
    Path dir;

    /** A writable image whose reads wait until {@link #release} (a stuck backend, as a hung registry would be). */
    static final class StallingImage extends ForwardingBlockDevice {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        StallingImage(BlockDevice image) {
            super(image);
        }

        @Override
        public void read(ByteBuffer dst, long offset) throws IOException {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.read(dst, offset);
        }
    }

    Image image() throws IOException {
        return Image.open(null, RwLayer.create(dir.resolve("d"), dir.resolve("i"), LayerInfo.of(1 << 20)));
    }

    @Test
    void countsEveryKindOfIo() throws Exception {
        try (TrackedDevice d = new TrackedDevice(image())) {
            d.write(ByteBuffer.allocate(4096), 0);
            d.read(ByteBuffer.allocate(8192), 0);
            d.discard(0, 512);
            d.flush();
            assertThatThrownBy(() -> d.write(ByteBuffer.allocate(512), 2 << 20)).isInstanceOf(IOException.class);
            assertThat(d.counters()).isEqualTo(new TrackedDevice.IoCounters(1, 1, 8192, 4096, 1, 1, 1, 0));
        }
    }

    @Test
    void cachedReadsCountAsReadsAndAreRefusedOnceDraining() throws Exception {
        try (TrackedDevice d = new TrackedDevice(image())) {
            ByteBuffer data = ByteBuffer.allocateDirect(8192);
            while (data.hasRemaining()) {
                data.put((byte) data.position());
            }
            d.write(data.flip(), 4096);
            ByteBuffer got = ByteBuffer.allocateDirect(8192);
            assertThat(d.readIfCached(got, 4096)).isTrue();
            assertThat(got.flip()).isEqualTo(data.flip());
            assertThat(d.readIfCached(ByteBuffer.allocate(8192), 4096)).as("a heap buffer: refused").isFalse();
            assertThat(d.counters()).isEqualTo(new TrackedDevice.IoCounters(1, 1, 8192, 8192, 0, 0, 0, 0));
            assertThat(d.drain(0)).isTrue();
            assertThat(d.readIfCached(got.clear(), 4096)).isFalse();
            assertThat(d.counters().reads()).isEqualTo(1);
        }
    }

    @Test
    void reportsHungIoAndDrainWaitsForItThenRefusesNewIo() throws Exception {
        StallingImage stalling = new StallingImage(image());
        try (TrackedDevice d = new TrackedDevice(stalling)) {
            CompletableFuture<Void> stuck = CompletableFuture.runAsync(() -> {
                try {
                    d.read(ByteBuffer.allocate(512), 0);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(stalling.entered.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(d.counters().inFlight()).isEqualTo(1);
            assertThat(d.hungIo(0)).isEqualTo(1);
            assertThat(d.hungIo(TimeUnit.HOURS.toNanos(1))).isZero();
            assertThat(d.drain(0)).as("a read is still running").isFalse();
            assertThatThrownBy(() -> d.write(ByteBuffer.allocate(512), 0)).hasMessageContaining("closing");
            stalling.release.countDown();
            stuck.get(30, TimeUnit.SECONDS);
            assertThat(d.drain(30_000)).isTrue();
            assertThat(d.counters().reads()).isEqualTo(1);
        }
    }
}
