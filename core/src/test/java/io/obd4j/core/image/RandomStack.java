package io.obd4j.core.image;

import io.obd4j.core.format.lsmt.ByteArraySource;
import io.obd4j.core.format.lsmt.LayerFileBuilder;
import io.obd4j.core.format.lsmt.LayerUuid;
import io.obd4j.core.format.lsmt.LsmtLayer;
import io.obd4j.core.format.lsmt.LsmtReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random committed layers built in memory, plus the image they must give: a byte array to which each layer's
 * records are applied bottom to top (data copies its bytes, zeroed clears).
 */
final class RandomStack {
    final List<LsmtLayer> bottomToTop = new ArrayList<>();
    /** Each layer's file bytes, bottom first. */
    final List<byte[]> files = new ArrayList<>();
    final byte[] model;

    /** {@code vsizes[i]} is layer i's (bottom first) trailer virtual size; 0 allowed. */
    RandomStack(long seed, int modelBytes, long... vsizes) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        model = new byte[modelBytes];
        long sectors = modelBytes / 512;
        for (int layer = 0; layer < vsizes.length; layer++) {
            LayerFileBuilder b = new LayerFileBuilder();
            long pos = rnd.nextLong(64);
            while (true) {
                int len = rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(16383) : 1 + rnd.nextInt(256);
                if (pos + len > sectors) {
                    break;
                }
                int from = (int) (pos * 512);
                if (rnd.nextInt(4) == 0) {
                    b.zeroed(pos, len);
                    Arrays.fill(model, from, from + len * 512, (byte) 0);
                } else {
                    len = Math.min(len, 512);
                    byte[] data = new byte[len * 512];
                    rnd.nextBytes(data);
                    b.data(pos, data);
                    System.arraycopy(data, 0, model, from, data.length);
                }
                pos += len + (rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(2048));
            }
            String name = "random-l" + layer;
            byte[] file = b.build(vsizes[layer], LayerUuid.random(), LayerUuid.NULL, name);
            files.add(file);
            bottomToTop.add(LsmtReader.open(new ByteArraySource(name, file), name));
        }
    }
}
