package io.obd4j.daemon.e2e;

import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.DownloadConfig;
import io.obd4j.core.config.OverlaybdConfig;
import io.obd4j.core.image.BlockDevice;
import io.obd4j.core.metrics.Obd4jMetrics;
import io.obd4j.daemon.image.DeviceRegistry;
import io.obd4j.daemon.image.FormatImageOpener;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Opens an image config in this JVM and reads uniform blocks of it. */
final class ImageReads {
    private ImageReads() {
    }

    /** The byte every block {@code first .. first+count-1} is filled with; fails on a block that is not uniform. */
    static List<Byte> blocks(Path config, Path cacheDir, int first, int count, int blockSize) throws Exception {
        OverlaybdConfig cfg = ConfigLoader.parseGlobal("{\"cacheConfig\":{\"cacheType\":\"file\",\"cacheDir\":\""
                + cacheDir + "\",\"cacheSizeGB\":1}}", "reads.json").config();
        try (FormatImageOpener opener = new FormatImageOpener(cfg, AuditLog.disabled(), new Obd4jMetrics())) {
            DeviceRegistry registry = new DeviceRegistry(opener,
                    () -> new DownloadConfig(false, 300, 30, 100, 5, 262144), Clock.systemUTC());
            registry.open(config, "reads");
            try {
                BlockDevice d = registry.blockDevice("reads").orElseThrow();
                List<Byte> out = new ArrayList<>();
                for (int i = first; i < first + count; i++) {
                    ByteBuffer b = ByteBuffer.allocate(blockSize);
                    d.read(b, (long) i * blockSize);
                    byte[] a = b.array();
                    for (byte x : a) {
                        if (x != a[0]) {
                            throw new AssertionError(config + ": block " + i + " is not uniform");
                        }
                    }
                    out.add(a[0]);
                }
                return out;
            } finally {
                registry.closeAll();
            }
        }
    }
}
