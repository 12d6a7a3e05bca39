package io.obd4j.core.ext4;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Saves and loads an {@link FsTree} ({@code <raw>.tree}): magic, layer count, next inode id, then the nodes
 * depth first: name (modified UTF-8), kind, layer, inode id (0 for directories), link count, symlink target
 * (symlinks only), child count.
 * Written to a temporary file and renamed, so a crash leaves the previous tree.
 */
final class FsTreeStore {
    private static final String MAGIC = "obd4j-ext4-tree-2";

    private FsTreeStore() {
    }

    static Path pathFor(Path raw) {
        return raw.resolveSibling(raw.getFileName() + ".tree");
    }

    static void save(FsTree tree, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out =
                 new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeUTF(MAGIC);
            out.writeInt(tree.layers);
            out.writeLong(tree.nextInodeId);
            write(out, tree.root);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void write(DataOutputStream out, FsTree.Node n) throws IOException {
        out.writeUTF(n.name);
        out.writeByte(n.kind.ordinal());
        out.writeInt(n.layer);
        out.writeLong(n.inode == null ? 0 : n.inode.id);
        out.writeInt(n.inode == null ? 0 : n.inode.links);
        if (n.kind == FsTree.Kind.SYMLINK) {
            out.writeUTF(n.target);
        }
        out.writeInt(n.isDir() ? n.children.size() : 0);
        if (n.isDir()) {
            for (FsTree.Node c : n.children.values()) {
                write(out, c);
            }
        }
    }

    static FsTree load(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) {
                throw new IOException(file + ": expected tree magic " + MAGIC + ", found " + magic);
            }
            int layers = in.readInt();
            long next = in.readLong();
            Map<Long, FsTree.Inode> inodes = new HashMap<>();
            FsTree.Node root = read(in, inodes, file);
            if (!root.isDir()) {
                throw new IOException(file + ": the root node is not a directory");
            }
            return new FsTree(root, layers, next);
        } catch (EOFException e) {
            throw new IOException(file + ": tree file truncated", e);
        }
    }

    private static FsTree.Node read(DataInputStream in, Map<Long, FsTree.Inode> inodes, Path file)
            throws IOException {
        String name = in.readUTF();
        int kindIndex = in.readByte();
        if (kindIndex < 0 || kindIndex >= FsTree.Kind.values().length) {
            throw new IOException(file + ": node " + name + ": kind " + kindIndex + " unknown");
        }
        FsTree.Kind kind = FsTree.Kind.values()[kindIndex];
        int layer = in.readInt();
        long id = in.readLong();
        int links = in.readInt();
        FsTree.Inode inode = id == 0 ? null : inodes.computeIfAbsent(id, k -> new FsTree.Inode(k, links));
        FsTree.Node n = new FsTree.Node(name, kind, layer, inode);
        if (kind == FsTree.Kind.SYMLINK) {
            n.target = in.readUTF();
        }
        int children = in.readInt();
        for (int i = 0; i < children; i++) {
            FsTree.Node c = read(in, inodes, file);
            c.parent = n;
            n.children.put(c.name, c);
        }
        return n;
    }
}
