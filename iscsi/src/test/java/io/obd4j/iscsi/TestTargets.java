package io.obd4j.iscsi;

import io.obd4j.core.image.RawFileDevice;
import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.iscsi.login.ChapConfig;
import io.obd4j.iscsi.login.TargetDefinition;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** Raw image files and targets over them for tests. */
public final class TestTargets {
    public static final String IQN = "iqn.2025-01.io.obd4j.test:disk";

    private TestTargets() {
    }

    /** A file of {@code size} seeded random bytes. */
    public static Path randomImage(Path dir, String name, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i += 8) {
            long v = random.nextLong();
            for (int j = 0; j < 8 && i + j < size; j++) {
                bytes[i + j] = (byte) (v >>> (8 * j));
            }
        }
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    public static ScsiDevice device(Path image) throws IOException {
        return ScsiDevice.builder(RawFileDevice.open(image, false)).build();
    }

    /** Starts a target with one LUN over {@code image} on an ephemeral loopback port. */
    public static IscsiTarget start(Path image, ChapConfig chap) throws IOException, InterruptedException {
        TargetDefinition def = TargetDefinition.single(IQN, device(image)).withChap(chap);
        return IscsiTarget.start(IscsiTargetConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(def), null));
    }

    public static String url(IscsiTarget target) {
        return "iscsi://127.0.0.1:" + target.port() + "/" + IQN + "/0";
    }
}
