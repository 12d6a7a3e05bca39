package io.obd4j.core.ext4;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The merged tree of names in the filesystem, kept beside the raw file, so that applying a layer knows what
 * exists, which layer made it and how many names share an inode, without reading debugfs listings.
 * Paths are "/"-separated without a leading slash ("" is the root); names are ISO-8859-1 byte strings.
 */
final class FsTree {
    enum Kind { DIR, FILE, SYMLINK, CHAR, BLOCK, FIFO }

    /** An inode that one or more names share (hard links); {@code links} is its on-disk link count. */
    static final class Inode {
        final long id;
        int links;

        Inode(long id, int links) {
            this.id = id;
            this.links = links;
        }
    }

    static final class Node {
        final String name;
        final Kind kind;
        Node parent;
        int layer;
        final Inode inode;
        final TreeMap<String, Node> children;
        /** A symlink's target (ISO-8859-1 bytes); null for other kinds. */
        String target;

        Node(String name, Kind kind, int layer, Inode inode) {
            this.name = name;
            this.kind = kind;
            this.layer = layer;
            this.inode = inode;
            this.children = kind == Kind.DIR ? new TreeMap<>() : null;
        }

        boolean isDir() {
            return kind == Kind.DIR;
        }

        /** The absolute path ("/" for the root). */
        String absolutePath() {
            if (parent == null) {
                return "/";
            }
            List<String> names = new ArrayList<>();
            for (Node n = this; n.parent != null; n = n.parent) {
                names.add(n.name);
            }
            StringBuilder sb = new StringBuilder();
            for (int i = names.size() - 1; i >= 0; i--) {
                sb.append('/').append(names.get(i));
            }
            return sb.toString();
        }

        boolean attached() {
            Node n = this;
            while (n.parent != null) {
                if (n.parent.children.get(n.name) != n) {
                    return false;
                }
                n = n.parent;
            }
            return true;
        }
    }

    final Node root;
    /** How many layers have been applied. */
    int layers;
    long nextInodeId;

    FsTree(Node root, int layers, long nextInodeId) {
        this.root = root;
        this.layers = layers;
        this.nextInodeId = nextInodeId;
    }

    /** The tree of a freshly made filesystem: the root and {@code lost+found}, both from "layer -1". */
    static FsTree empty() {
        FsTree t = new FsTree(new Node("", Kind.DIR, -1, null), 0, 1);
        t.attach(t.root, new Node("lost+found", Kind.DIR, -1, null));
        return t;
    }

    Inode newInode() {
        return new Inode(nextInodeId++, 1);
    }

    void attach(Node parent, Node child) {
        child.parent = parent;
        parent.children.put(child.name, child);
    }

    void detach(Node child) {
        child.parent.children.remove(child.name);
    }
}
