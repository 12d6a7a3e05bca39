package io.obd4j.core.ext4;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the entries of one layer tar into debugfs commands, keeping {@link FsTree} in step: OCI whiteouts
 * ({@code .wh.name}, {@code .wh..wh..opq}), replacement of existing paths (a directory over a directory keeps its
 * children), parents created on demand (0755, root:root, the options' timestamp) and reached through symlinks
 * inside the filesystem, owners, modes, times and xattrs.
 * Regular file bodies are copied to files under the work directory, which debugfs's {@code write} reads and
 * the session deletes once it has.
 *
 * <p>Times: debugfs stamps every inode it creates (atime, mtime, ctime, crtime) with its notion of "now", which
 * {@code set_current_time} moves; so an entry's mtime is set before the command that creates it, and only atime
 * or ctime that differ (PAX) need a {@code sif}. libext2fs never touches a directory's times when it links or
 * unlinks names in it, so a directory stamped when it is made keeps the tar's times after its entries are added.
 */
final class LayerPlanner {
    static final String WHITEOUT = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";
    private static final long MAX_STAMP = 0x7FFF_FFFFL;
    /** ext4's EXT2_NAME_LEN; libext2fs would silently keep only the low 8 bits of a longer name's length. */
    private static final int MAX_NAME = 255;
    /** Linux's MAXSYMLINKS. */
    private static final int MAX_SYMLINKS = 40;

    private final FsTree tree;
    private final DebugfsSession script;
    private final Path work;
    private final long fsTime;
    private final String layer;
    private final int layerIndex;
    private final byte[] copyBuffer = new byte[1 << 18];
    private long now;
    private int files;

    LayerPlanner(FsTree tree, DebugfsSession script, Path work, long fsTime, String layer) {
        this.tree = tree;
        this.script = script;
        this.work = work;
        this.fsTime = fsTime;
        this.layer = layer;
        this.layerIndex = tree.layers;
        this.now = fsTime;
    }

    void apply(TarEntry e, InputStream body) throws IOException {
        script.forEntry(e.displayName());
        int slash = e.path().lastIndexOf('/');
        String parentPath = slash < 0 ? "" : e.path().substring(0, slash);
        String base = e.path().substring(slash + 1);
        if (base.startsWith(WHITEOUT)) {
            whiteout(e, parentPath, base);
            return;
        }
        check(e, e.path(), "path");
        for (String part : e.path().split("/")) {
            if (part.length() > MAX_NAME) {
                throw fail(e, "a name is " + part.length() + " bytes long, ext4 allows " + MAX_NAME);
            }
        }
        if (e.path().isEmpty()) {
            if (e.type() != TarEntry.Type.DIR) {
                throw fail(e, "the root can only be a directory, found a " + e.type());
            }
            updateDir(e, tree.root);
            return;
        }
        FsTree.Node parent = walk(e, parentPath, true);
        FsTree.Node existing = parent.children.get(base);
        if (existing != null) {
            if (existing.isDir() && e.type() == TarEntry.Type.DIR) {
                existing.layer = layerIndex;
                updateDir(e, existing);
                return;
            }
            delete(existing);
        }
        create(e, parent, base, body);
    }

    /** Restores debugfs's clock to the filesystem timestamp, which the superblock's write time then gets. */
    void finish() throws IOException {
        script.forEntry("");
        setNow(fsTime);
    }

    private void whiteout(TarEntry e, String parentPath, String base) throws IOException {
        FsTree.Node dir = walk(e, parentPath, false);
        if (dir == null || !dir.isDir()) {
            return;
        }
        if (base.equals(OPAQUE)) {
            removeLower(dir);
            return;
        }
        if (base.startsWith(WHITEOUT + WHITEOUT)) {
            return; // other AUFS metadata (.wh..wh.plnk, ...): nothing to apply
        }
        FsTree.Node victim = dir.children.get(base.substring(WHITEOUT.length()));
        if (victim != null) {
            delete(victim);
        }
    }

    /** Opaque directory: everything below it that this layer did not write goes (containerd's rule). */
    private void removeLower(FsTree.Node dir) throws IOException {
        for (FsTree.Node c : new ArrayList<>(dir.children.values())) {
            if (c.layer < layerIndex) {
                delete(c);
            } else if (c.isDir()) {
                removeLower(c);
            }
        }
    }

    private void delete(FsTree.Node n) throws IOException {
        if (n.isDir()) {
            for (FsTree.Node c : new ArrayList<>(n.children.values())) {
                delete(c);
            }
            script.cd(n.parent.absolutePath());
            script.add("rmdir " + DebugfsSession.quote(n.name));
        } else {
            // by name from the parent: debugfs's unlink_file_by_name mis-splits "/name" (top-level) paths
            script.cd(n.parent.absolutePath());
            script.add("rm " + DebugfsSession.quote(n.name));
            n.inode.links--;
        }
        tree.detach(n);
    }

    /**
     * The directory {@code path} names, walked from the root following symlinks the way containerd's
     * {@code fs.RootPath} does: a symlink's target is read inside this filesystem and ".." stops at the root, so
     * no path leaves it. With {@code create}, missing directories are made (0755, root:root, the options'
     * timestamp) and a non-directory in the way is an error; without, those cases give null.
     */
    private FsTree.Node walk(TarEntry e, String path, boolean create) throws IOException {
        Deque<String> parts = new ArrayDeque<>(List.of(path.split("/")));
        FsTree.Node n = tree.root;
        int links = 0;
        while (!parts.isEmpty()) {
            String part = parts.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                n = n.parent == null ? n : n.parent;
                continue;
            }
            FsTree.Node c = n.children.get(part);
            if (c != null && c.kind == FsTree.Kind.SYMLINK) {
                if (++links > MAX_SYMLINKS) {
                    throw fail(e, "more than " + MAX_SYMLINKS + " symlinks in the parent path "
                        + TarEntry.display(path));
                }
                List<String> target = List.of(c.target.split("/"));
                for (int i = target.size() - 1; i >= 0; i--) {
                    parts.addFirst(target.get(i));
                }
                n = c.target.startsWith("/") ? tree.root : n;
                continue;
            }
            if (c == null && create) {
                c = mkdir(e, n, part);
            } else if (c == null || !c.isDir()) {
                if (c != null && create) {
                    throw fail(e, "parent " + TarEntry.display(c.absolutePath()) + " is a " + c.kind
                        + ", not a directory");
                }
                return null;
            }
            n = c;
        }
        return n;
    }

    private FsTree.Node mkdir(TarEntry e, FsTree.Node parent, String name) throws IOException {
        check(e, name, "directory name (from a symlink target)");
        if (name.length() > MAX_NAME) {
            throw fail(e, "a name is " + name.length() + " bytes long, ext4 allows " + MAX_NAME);
        }
        setNow(fsTime);
        script.cd(parent.absolutePath());
        script.add("mkdir " + DebugfsSession.quote(name));
        FsTree.Node c = new FsTree.Node(name, FsTree.Kind.DIR, layerIndex, null);
        tree.attach(parent, c);
        return c;
    }

    private void create(TarEntry e, FsTree.Node parent, String base, InputStream body) throws IOException {
        if (e.type() == TarEntry.Type.HARDLINK) {
            hardlink(e, parent, base);
            return;
        }
        boolean stamped = setNow(e.mtime());
        script.cd(parent.absolutePath());
        String name = DebugfsSession.quote(base);
        FsTree.Kind kind;
        int defaultMode;
        switch (e.type()) {
            case FILE -> {
                Path tmp = spool(e, body);
                script.add("write " + DebugfsSession.quote(tmp.toString()) + " " + name, tmp);
                kind = FsTree.Kind.FILE;
                defaultMode = (e.mode() | 0400) & 0777;
            }
            case DIR -> {
                script.add("mkdir " + name);
                kind = FsTree.Kind.DIR;
                defaultMode = 0755;
            }
            case SYMLINK -> {
                check(e, e.linkName(), "symlink target");
                script.add("symlink " + name + " " + DebugfsSession.quote(e.linkName()));
                kind = FsTree.Kind.SYMLINK;
                defaultMode = e.mode();
            }
            case FIFO -> {
                script.add("mknod " + name + " p");
                kind = FsTree.Kind.FIFO;
                defaultMode = 0;
            }
            default -> {
                boolean chr = e.type() == TarEntry.Type.CHAR;
                script.add("mknod " + name + (chr ? " c " : " b ") + e.devMajor() + " " + e.devMinor());
                kind = chr ? FsTree.Kind.CHAR : FsTree.Kind.BLOCK;
                defaultMode = 0;
            }
        }
        FsTree.Node n = new FsTree.Node(base, kind, layerIndex, kind == FsTree.Kind.DIR ? null : tree.newInode());
        n.target = kind == FsTree.Kind.SYMLINK ? e.linkName() : null;
        tree.attach(parent, n);
        String path = DebugfsSession.quote(n.absolutePath());
        if (e.mode() != defaultMode && kind != FsTree.Kind.SYMLINK) {
            script.add("sif " + path + " mode 0" + Integer.toOctalString(typeBits(kind) | e.mode()));
        }
        owner(e, path);
        times(e, path, stamped, true);
        xattrs(e, path);
    }

    private void hardlink(TarEntry e, FsTree.Node parent, String base) throws IOException {
        check(e, e.linkName(), "hardlink target");
        int slash = e.linkName().lastIndexOf('/');
        FsTree.Node targetDir = slash < 0 ? tree.root : walk(e, e.linkName().substring(0, slash), false);
        FsTree.Node target = targetDir == null ? null : targetDir.children.get(e.linkName().substring(slash + 1));
        if (target == null) {
            throw fail(e, "hardlink target " + TarEntry.display(e.linkName()) + " does not exist");
        }
        if (target.isDir()) {
            throw fail(e, "hardlink target " + TarEntry.display(e.linkName()) + " is a directory");
        }
        script.cd(parent.absolutePath());
        String targetPath = DebugfsSession.quote(target.absolutePath());
        script.add("ln " + targetPath + " " + DebugfsSession.quote(base));
        target.inode.links++;
        script.add("sif " + targetPath + " links_count " + target.inode.links);
        tree.attach(parent, new FsTree.Node(base, target.kind, layerIndex, target.inode));
    }

    /** A directory that exists already takes the entry's metadata; its children stay. */
    private void updateDir(TarEntry e, FsTree.Node dir) throws IOException {
        String path = DebugfsSession.quote(dir.absolutePath());
        script.add("sif " + path + " mode 0" + Integer.toOctalString(typeBits(FsTree.Kind.DIR) | e.mode()));
        script.add("sif " + path + " uid " + e.uid());
        script.add("sif " + path + " gid " + e.gid());
        times(e, path, false, false);
        xattrs(e, path);
    }

    private void owner(TarEntry e, String path) throws IOException {
        if (e.uid() != 0) {
            script.add("sif " + path + " uid " + e.uid());
        }
        if (e.gid() != 0) {
            script.add("sif " + path + " gid " + e.gid());
        }
    }

    /** {@code stamped}: the inode was made with "now" = mtime, so atime/mtime/ctime/crtime are already right. */
    private void times(TarEntry e, String path, boolean stamped, boolean created) throws IOException {
        if (!stamped) {
            script.add("sif " + path + " mtime @" + e.mtime());
            if (created) {
                script.add("sif " + path + " crtime @" + e.mtime());
            }
        }
        if (!stamped || e.atime() != e.mtime()) {
            script.add("sif " + path + " atime @" + e.atime());
        }
        if (!stamped || e.ctime() != e.mtime()) {
            script.add("sif " + path + " ctime @" + e.ctime());
        }
    }

    private void xattrs(TarEntry e, String path) throws IOException {
        for (Map.Entry<String, byte[]> x : e.xattrs().entrySet()) {
            check(e, x.getKey(), "xattr name");
            Path value = work.resolve("x" + files++);
            Files.write(value, x.getValue());
            script.add("ea_set -f " + DebugfsSession.quote(value.toString()) + " " + path + " "
                + DebugfsSession.quote(x.getKey()), value);
        }
    }

    /** Moves debugfs's clock to {@code t} when it can stand for it (e2fsprogs reads 0 as "wall clock"). */
    private boolean setNow(long t) throws IOException {
        long target = t >= 1 && t <= MAX_STAMP ? t : fsTime;
        if (target != now) {
            script.add("set_current_time @" + target);
            now = target;
        }
        return target == t;
    }

    private Path spool(TarEntry e, InputStream body) throws IOException {
        Path tmp = work.resolve("f" + files++);
        try (OutputStream out = Files.newOutputStream(tmp)) {
            int n;
            while ((n = body.read(copyBuffer)) > 0) {
                out.write(copyBuffer, 0, n);
            }
        }
        Files.setPosixFilePermissions(tmp, permissions(e.mode() | 0400));
        return tmp;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE = 0400 .. 0001
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                s.add(bits[i]);
            }
        }
        return s;
    }

    private static int typeBits(FsTree.Kind kind) {
        return switch (kind) {
            case DIR -> 0040000;
            case FILE -> 0100000;
            case SYMLINK -> 0120000;
            case CHAR -> 0020000;
            case BLOCK -> 0060000;
            case FIFO -> 0010000;
        };
    }

    private void check(TarEntry e, String value, String what) throws LayerApplyException {
        if (!DebugfsSession.expressible(value)) {
            throw fail(e, what + " contains a double quote, CR, LF or NUL, which debugfs's command parser cannot"
                + " take");
        }
    }

    private LayerApplyException fail(TarEntry e, String why) {
        return new LayerApplyException(layer, e.displayName(), why);
    }
}
