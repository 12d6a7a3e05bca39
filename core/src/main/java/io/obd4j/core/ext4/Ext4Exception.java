package io.obd4j.core.ext4;

import java.io.IOException;

/** A path cannot be resolved in the filesystem (missing, not a directory, symlink loop) or uses an ext4 feature
 * this reader does not support; the message names the image and the path. */
public final class Ext4Exception extends IOException {
    private static final long serialVersionUID = 1L;

    public Ext4Exception(String message) {
        super(message);
    }
}
