package io.obd4j.daemon.backing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.daemon.TestDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.obd4j.core.image.BlockDevice;
import io.obd4j.core.image.ForwardingBlockDevice;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What holds a backing image besides open volumes: a snapshot whose chain stacks its layer, and a closed volume
 * restored from such a snapshot; and what holds a volume: a backing image being exported from it.
 */
class BackingImageHoldersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private TestDaemon d;

    @BeforeEach
    void start() throws Exception {
        d = new TestDaemon(dir);
    }

    @AfterEach
    void stop() {
        d.close();
    }

    @Test
    void snapshotsAndRestoredVolumesStackingTheLayerHoldTheBackingImage() throws Exception {
        byte[] disk = BackingImageDownloadTest.disk();
        try (LoopbackFileServer server = new LoopbackFileServer(disk, 0, 0)) {
            RwLayer.create(dir.resolve("v.data"), dir.resolve("v.index"), LayerInfo.of(disk.length)).close();
            ObjectNode v = JSON.createObjectNode().put("id", "v").put("backingImage", "base")
                    .put("backingImageUrl", server.url());
            v.putObject("config").putObject("upper").put("data", dir.resolve("v.data").toString())
                    .put("index", dir.resolve("v.index").toString());
            d.expect(201, "POST", "/v1/devices", v.toString());
        }
        d.expect(201, "POST", "/v1/devices/v/snapshots", "{\"name\":\"s1\"}");
        d.expect(201, "POST", "/v1/devices", "{\"id\":\"copy\",\"dataSource\":{\"kind\":\"VolumeSnapshot\","
                + "\"name\":\"s1\"}}");
        d.expect(204, "DELETE", "/v1/devices/v", null);
        d.expect(204, "DELETE", "/v1/devices/copy", null);

        HttpResponse<String> bySnapshot = d.send("DELETE", "/v1/backing-images/base", null);
        assertThat(bySnapshot.statusCode()).as(bySnapshot.body()).isEqualTo(409);
        assertThat(bySnapshot.body()).contains("backing image base is in use by snapshot s1");
        d.expect(200, "DELETE", "/v1/volumes/copy", null);
        d.expect(204, "DELETE", "/v1/snapshots/s1", null);
        d.expect(204, "DELETE", "/v1/backing-images/base", null);
    }

    @Test
    void aVolumeBeingExportedAsABackingImageCannotBeDeleted() throws Exception {
        long size = 8L << 20;
        RwLayer.create(dir.resolve("v.data"), dir.resolve("v.index"), LayerInfo.of(size)).close();
        ObjectNode v = JSON.createObjectNode().put("id", "v");
        v.putObject("config").putObject("upper").put("data", dir.resolve("v.data").toString())
                .put("index", dir.resolve("v.index").toString());
        d.expect(201, "POST", "/v1/devices", v.toString());
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the export reads the real device, held at its first read until the delete has been tried
        BlockDevice held = new ForwardingBlockDevice(d.daemon().images().blockDevice("v").orElseThrow()) {
            @Override
            public void read(ByteBuffer dst, long offset) throws IOException {
                reading.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.read(dst, offset);
            }
        };
        BackingImageManager m = d.daemon().backingImages();
        m.createExport("exp", "v", held, "", null);
        assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
        HttpResponse<String> refused = d.send("DELETE", "/v1/volumes/v", null);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("volume v is in use: backing image exp is being exported from it");
        release.countDown();
        assertThat(m.awaitFinished("exp").state()).isEqualTo(BackingImageState.READY);
        assertThat(m.get("exp").virtualSize()).isEqualTo(size);
        assertThat(d.expect(200, "DELETE", "/v1/volumes/v", null).path("closed").asBoolean()).isTrue();
    }
}
