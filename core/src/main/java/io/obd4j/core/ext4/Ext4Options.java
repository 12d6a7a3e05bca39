package io.obd4j.core.ext4;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * How {@link Ext4Image} makes and stamps the filesystem. Every value the filesystem would otherwise take from the
 * wall clock or a random source is here, so the same options and the same layer tars give the same bytes.
 *
 * @param uuid      the filesystem UUID ({@code mke2fs -U})
 * @param hashSeed  the directory hash seed ({@code mke2fs -E hash_seed=})
 * @param timestamp epoch seconds used for every time the filesystem itself makes (superblock times,
 *                  {@code lost+found}, directories created implicitly); must be at least 1, because
 *                  e2fsprogs reads 0 as "use the wall clock"
 * @param blockSize filesystem block size, 4096 (the only size overlaybd's base layer uses)
 * @param inodeSize inode size in bytes, 256
 */
public record Ext4Options(UUID uuid, UUID hashSeed, long timestamp, int blockSize, int inodeSize) {
    /** The UUID of overlaybd's {@code baselayers/ext4_64}. */
    public static final UUID BASE_LAYER_UUID = UUID.fromString("3d8b79fe-5d5f-40ce-a25b-45f392bdf32b");
    /** 2021-03-01T00:00:00Z, the day overlaybd's {@code baselayers/ext4_64} was made. */
    public static final long BASE_LAYER_TIME = 1_614_556_800L;

    public Ext4Options {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(hashSeed, "hashSeed");
        if (timestamp < 1 || timestamp > 0x7FFF_FFFFL) {
            throw new IllegalArgumentException("timestamp must be in [1, 2^31 - 1] epoch seconds, got " + timestamp);
        }
        if (blockSize != 4096) {
            throw new IllegalArgumentException("blockSize must be 4096, got " + blockSize);
        }
        if (inodeSize != 256 && inodeSize != 512 && inodeSize != 1024) {
            throw new IllegalArgumentException("inodeSize must be 256, 512 or 1024, got " + inodeSize);
        }
    }

    /** Base layer UUID, a hash seed derived from it, {@link #BASE_LAYER_TIME}, 4 KiB blocks, 256-byte inodes. */
    public static Ext4Options defaults() {
        byte[] name = ("obd4j ext4 hash seed " + BASE_LAYER_UUID).getBytes(StandardCharsets.UTF_8);
        UUID seed = UUID.nameUUIDFromBytes(name);
        return new Ext4Options(BASE_LAYER_UUID, seed, BASE_LAYER_TIME, 4096, 256);
    }

    public Ext4Options withUuid(UUID u) {
        return new Ext4Options(u, hashSeed, timestamp, blockSize, inodeSize);
    }

    public Ext4Options withHashSeed(UUID s) {
        return new Ext4Options(uuid, s, timestamp, blockSize, inodeSize);
    }

    public Ext4Options withTimestamp(long t) {
        return new Ext4Options(uuid, hashSeed, t, blockSize, inodeSize);
    }
}
