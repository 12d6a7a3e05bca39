package io.obd4j.daemon.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.prefetch.PrefetchProgress;
import io.obd4j.daemon.image.DeviceExporter;
import io.obd4j.daemon.image.DevicePrefetch;
import io.obd4j.daemon.image.DeviceInfo;
import io.obd4j.daemon.image.OpenedImage;
import io.obd4j.daemon.image.TrackedDevice;
import io.obd4j.registry.download.DownloadProgress;

import java.util.Optional;

/** The JSON of one device: what the registry knows, its export, and with details its layers and I/O counters. */
final class DeviceJson {
    private DeviceJson() {
    }

    static ObjectNode summary(DeviceInfo d, Optional<DeviceExporter.Export> export) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", d.id());
        n.put("config", d.configPath());
        n.put("readOnly", d.readOnly());
        n.put("sizeBytes", d.sizeBytes());
        n.put("lowers", d.lowers());
        n.put("resultFile", d.resultFile());
        n.put("openedAt", d.openedAt().toString());
        export.ifPresent(e -> n.putObject("iscsi").put("iqn", e.iqn()).put("portal", e.portal())
                .put("url", e.url()).put("lun", 0));
        return n;
    }

    /** Adds {@code io}, and for images opened from formats {@code layers}, {@code upper} and {@code download}. */
    static ObjectNode details(ObjectNode n, TrackedDevice device) {
        TrackedDevice.IoCounters c = device.counters();
        n.putObject("io").put("reads", c.reads()).put("writes", c.writes()).put("bytesRead", c.bytesRead())
                .put("bytesWritten", c.bytesWritten()).put("flushes", c.flushes()).put("discards", c.discards())
                .put("errors", c.errors()).put("inFlight", c.inFlight());
        if (device.inner() instanceof OpenedImage img) {
            ArrayNode layers = n.putArray("layers");
            for (OpenedImage.Layer l : img.layers()) {
                ObjectNode ln = layers.addObject().put("origin", l.origin()).put("location", l.location());
                if (!l.digest().isEmpty()) {
                    ln.put("digest", l.digest());
                }
                DownloadProgress p = l.download();
                if (p != null) {
                    ln.putObject("download").put("state", p.state().name()).put("bytesDone", p.bytesDone())
                            .put("bytesTotal", p.bytesTotal()).put("attempts", p.attempts());
                }
            }
            if (img.upper() != null) {
                n.put("upper", img.upper());
            }
            n.put("downloading", img.downloading());
            prefetch(n, img.prefetch());
        }
        return n;
    }

    /** {@code prefetch}: mode, file, and the replay's progress or the recording's state. */
    private static void prefetch(ObjectNode n, DevicePrefetch p) {
        if (p.mode() == DevicePrefetch.Mode.DISABLED) {
            return;
        }
        ObjectNode o = n.putObject("prefetch").put("mode", p.mode().name().toLowerCase(java.util.Locale.ROOT))
                .put("file", p.file().toString());
        if (p.mode() == DevicePrefetch.Mode.RECORD) {
            int dumped = p.recordedRecords();
            o.put("state", dumped < 0 ? "RECORDING" : "DUMPED");
            if (dumped >= 0) {
                o.put("records", dumped);
            }
            return;
        }
        PrefetchProgress r = p.progress();
        if (r == null) {
            o.put("state", "NOT_STARTED");
            return;
        }
        o.put("state", r.state().name()).put("rangesTotal", r.rangesTotal()).put("rangesDone", r.rangesDone())
                .put("bytesDone", r.bytesDone()).put("failed", r.failed()).put("skipped", r.skipped())
                .put("elapsedMillis", r.elapsedMillis());
        if (!r.error().isEmpty()) {
            o.put("error", r.error());
        }
    }
}
