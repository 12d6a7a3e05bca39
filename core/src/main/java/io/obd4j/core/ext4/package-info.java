/**
 * A user-space ext4 writer for image conversion: an empty ext4 like overlaybd's {@code baselayers/ext4_64} in a
 * sparse raw file, to which OCI layer tars are applied one at a time, each apply returning the byte ranges it
 * changed (what the converter copies into that layer's LSMT file).
 *
 * <p>Design: the filesystem is written by Debian's e2fsprogs 1.47 in user space, through libext2fs as its own
 * tools drive it, with no root, kernel module or loop device. {@code mke2fs} makes the filesystem (feature set of
 * the base layer, a private {@code mke2fs.conf}, {@code E2FSPROGS_FAKE_TIME}); each layer is one {@code debugfs -w
 * -z <undo> -f <commands>} run whose command file this package writes from a Java tar parser (ustar, GNU, PAX
 * incl. xattrs; OCI whiteouts and opaque directories). The e2undo file debugfs writes lists every block it
 * overwrote: its keys are the changed extents, and {@code e2undo} rolls a failed layer back. A JNR binding to
 * libext2fs (overlaybd-apply's way) would need a C I/O manager and the library's ABI in Java; driving the tools
 * keeps us on the distribution's tested code, at the cost of process and command-file overhead per layer.
 * An in-memory tree of names ({@code <raw>.tree}) knows what exists, which layer made it and link counts, so
 * deletes and hard links need no debugfs listings.
 *
 * <p>Reproducible: every time e2fsprogs stamps comes from {@code E2FSPROGS_FAKE_TIME} or {@code set_current_time};
 * UUID and hash seed come from {@link io.obd4j.core.ext4.Ext4Options}; so the same options and tars give the same
 * bytes. Knows nothing of LSMT, ZFile, registries or SCSI.
 */
package io.obd4j.core.ext4;
