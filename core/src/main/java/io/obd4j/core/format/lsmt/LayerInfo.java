package io.obd4j.core.format.lsmt;

import java.nio.charset.StandardCharsets;

/**
 * What {@code create_file_rw} needs to lay out a new writable layer's headers (C++ {@code LayerInfo}).
 *
 * @param virtualSize virtual disk size in bytes (0 = take the lower layers' size when stacked)
 * @param uuid        this layer's uuid ({@link LayerUuid#random()} for a normal create)
 * @param parentUuid  the parent layer's uuid, or {@link LayerUuid#NULL}
 * @param userTag     user tag bytes (at most 256), usually empty
 * @param sparse      true for a sparse RW layer (§1.6), false for the append-only pair (§1.5)
 */
public record LayerInfo(long virtualSize, LayerUuid uuid, LayerUuid parentUuid, byte[] userTag, boolean sparse) {

    public LayerInfo {
        if (virtualSize < 0) {
            throw new IllegalArgumentException("negative virtual size " + virtualSize);
        }
        if (userTag.length > LsmtHeaderFormat.USER_TAG_LENGTH) {
            throw new IllegalArgumentException("user tag longer than 256 bytes: " + userTag.length);
        }
        userTag = userTag.clone();
    }

    /** An append-only layer with a random uuid, null parent and empty tag (what {@code overlaybd-create} does). */
    public static LayerInfo of(long virtualSize) {
        return new LayerInfo(virtualSize, LayerUuid.random(), LayerUuid.NULL, new byte[0], false);
    }

    public LayerInfo withUuid(LayerUuid newUuid) {
        return new LayerInfo(virtualSize, newUuid, parentUuid, userTag, sparse);
    }

    public LayerInfo withParent(LayerUuid newParent) {
        return new LayerInfo(virtualSize, uuid, newParent, userTag, sparse);
    }

    public LayerInfo withSparse(boolean newSparse) {
        return new LayerInfo(virtualSize, uuid, parentUuid, userTag, newSparse);
    }

    public LayerInfo withUserTag(String tag) {
        return new LayerInfo(virtualSize, uuid, parentUuid, tag.getBytes(StandardCharsets.UTF_8), sparse);
    }

    @Override
    public byte[] userTag() {
        return userTag.clone();
    }

    /** The header this layer's file of the given flags starts with. */
    LsmtHeader header(int flags, long indexOffset) {
        return LsmtHeader.of(flags, indexOffset, 0, virtualSize, uuid, parentUuid, userTag);
    }
}
