package io.obd4j.core.ext4;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One member of an OCI layer tar after PAX and GNU long-name headers are folded in. Names, link targets and
 * xattr names are byte strings held as ISO-8859-1 (one char per byte), so names that are not UTF-8 survive.
 *
 * @param rawName   the path as the tar spells it (for messages)
 * @param path      the normalised path: no leading {@code ./} or {@code /}, no trailing {@code /}, "" for the root
 * @param type      what the entry makes
 * @param linkName  symlink target or hardlink target path ("" otherwise)
 * @param size      body size in bytes (regular files)
 * @param mode      permission bits incl. setuid/setgid/sticky (07777)
 * @param mtime     modification time, epoch seconds
 * @param atime     access time, epoch seconds, or {@code mtime} when the tar has none
 * @param ctime     change time, epoch seconds, or {@code mtime} when the tar has none
 * @param xattrs    extended attributes (name as ISO-8859-1 bytes → value)
 */
record TarEntry(String rawName, String path, Type type, String linkName, long size, int mode, long uid, long gid,
                long mtime, long atime, long ctime, int devMajor, int devMinor, Map<String, byte[]> xattrs) {

    enum Type { FILE, HARDLINK, SYMLINK, CHAR, BLOCK, DIR, FIFO }

    /** The tar name for people: the bytes decoded as UTF-8. */
    String displayName() {
        return display(rawName);
    }

    static String display(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
