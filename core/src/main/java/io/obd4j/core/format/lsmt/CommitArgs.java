package io.obd4j.core.format.lsmt;

import java.nio.charset.StandardCharsets;

/**
 * Options of {@code commit} / {@code compact()} (C++ {@code CommitArgs}, spec §1.8). A uuid or parent uuid that is not
 * a valid 36-character UUID string is ignored: the uuid becomes null, the parent is inherited from the bottom source.
 *
 * @param uuid       the committed layer's uuid, or null / invalid for the null uuid
 * @param parentUuid the parent uuid, or null / invalid to inherit it
 * @param userTag    the commit message (at most 256 bytes; stored without a terminator)
 */
public record CommitArgs(String uuid, String parentUuid, byte[] userTag) {

    public CommitArgs {
        userTag = userTag == null ? new byte[0] : userTag.clone();
        if (userTag.length > LsmtHeaderFormat.USER_TAG_LENGTH) {
            throw new IllegalArgumentException("commit message longer than 256 bytes (C++ ENOBUFS): "
                    + userTag.length);
        }
    }

    /** No uuid, inherited parent, no message. */
    public static CommitArgs defaults() {
        return new CommitArgs(null, null, new byte[0]);
    }

    public static CommitArgs of(String uuid, String parentUuid, String message) {
        return new CommitArgs(uuid, parentUuid, message == null ? null : message.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] userTag() {
        return userTag.clone();
    }
}
