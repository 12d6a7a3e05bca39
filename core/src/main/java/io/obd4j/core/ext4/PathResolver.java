package io.obd4j.core.ext4;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/** Path lookup from the root directory, following symlinks in components (at most 40, as Linux's ELOOP). */
final class PathResolver {
    static final int MAX_SYMLINKS = 40;

    private PathResolver() {
    }

    static Ext4Inode resolve(Ext4Filesystem fs, String path, boolean followLast) throws IOException {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, path);
        Ext4Inode root = fs.inode(Ext4Format.ROOT_INODE);
        Ext4Inode cur = root;
        StringBuilder walked = new StringBuilder();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!cur.isDirectory()) {
                throw new Ext4Exception(fs.name() + ": " + path + ": " + (walked.length() == 0 ? "/" : walked)
                        + " is not a directory");
            }
            Ext4Inode child = find(fs, cur, name, path, walked);
            if (child.isSymlink() && (followLast || !todo.isEmpty())) {
                if (++links > MAX_SYMLINKS) {
                    throw new Ext4Exception(fs.name() + ": " + path + ": more than " + MAX_SYMLINKS
                            + " symlinks (a loop?)");
                }
                String target = fs.readlink(child);
                push(todo, target);
                if (target.startsWith("/")) {
                    cur = root;
                    walked.setLength(0);
                }
                continue;
            }
            walked.append('/').append(name);
            cur = child;
        }
        return cur;
    }

    private static Ext4Inode find(Ext4Filesystem fs, Ext4Inode dir, String name, String path, CharSequence walked)
            throws IOException {
        for (DirEntry e : fs.list(dir)) {
            if (e.name().equals(name)) {
                return fs.inode(e.inode());
            }
        }
        throw new Ext4Exception(fs.name() + ": " + path + ": no such file or directory (no '" + name + "' in "
                + (walked.length() == 0 ? "/" : walked) + ")");
    }

    /** Puts the components of {@code p} in front of {@code todo}, in order; empty components are dropped. */
    private static void push(Deque<String> todo, String p) {
        String[] parts = p.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty()) {
                todo.push(parts[i]);
            }
        }
    }
}
