/**
 * A user-space ext4 writer for image conversion: an empty ext4 like overlaybd's {@code baselayers/ext4_64} in a
 * sparse raw file, to which OCI layer tars are applied one at a time, each apply returning the byte ranges it
 * changed (what the converter copies into that layer's LSMT file).
 *
 * <p>Design: the filesystem is written by Debian's e2fsprogs (1.47.0, checked at start) in user space, through
 * libext2fs as its own tools drive it: no root, no kernel module, no loop device. {@code mke2fs} makes the
 * filesystem with the base layer's feature set (a private {@code mke2fs.conf} via {@code MKE2FS_CONFIG}, so the
 * host's cannot change it). Each layer is one {@code debugfs -w -z <undo> -f - <raw>} process fed on stdin by a
 * Java tar parser (ustar, GNU, PAX incl. {@code SCHILY.xattr}/{@code LIBARCHIVE.xattr}; OCI whiteouts and opaque
 * directories) while the tar is still being read. The e2undo file debugfs writes records every block it
 * overwrote: its keys are the changed extents, and {@code e2undo} rolls a failed layer back. An in-memory tree of
 * names ({@code <raw>.tree}) knows what exists, which layer made it and link counts, so deletes and hard links
 * need no debugfs listings.
 *
 * <p>Why not libext2fs through JNR (overlaybd-apply's way): that needs an I/O manager written in C or as JNR
 * callbacks and libext2fs's struct layouts mirrored in Java, all unchecked; the tools are the distribution's
 * tested code and their text interface is stable. The cost is the undo file (every changed block is also read
 * and written once more) and one process per layer.
 *
 * <p>Reproducible: e2fsprogs takes every time it stamps from {@code E2FSPROGS_FAKE_TIME} or debugfs's
 * {@code set_current_time}; UUID and hash seed come from {@link io.obd4j.core.ext4.Ext4Options}; so the same
 * options and tars give the same bytes and the same extents. Knows nothing of LSMT, ZFile, registries or SCSI.
 *
 * <p>Also a small read-only ext4 reader over a block device (the merged image of a device, {@link
 * io.obd4j.core.ext4.Ext4Filesystem}): superblock, group descriptors (32- and 64-byte), inodes, extent trees with
 * index nodes ({@link io.obd4j.core.ext4.FileExtent}), linear directory scans (which also read hashed-tree
 * directories), symlinks in path components. Enough to turn paths into block ranges for file-list prefetch; it
 * never writes and refuses what it cannot read (inline data, block-mapped files, meta_bg) with a clear error.
 */
package io.obd4j.core.ext4;
