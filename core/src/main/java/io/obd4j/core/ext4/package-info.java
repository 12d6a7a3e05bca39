/**
 * A small read-only ext4 reader over a block device (the merged image of a device): superblock, group descriptors
 * (32- and 64-byte), inodes, extent trees with index nodes, linear directory scans (which also read hashed-tree
 * directories), symlinks in path components. Enough to turn paths into block ranges for file-list prefetch; it
 * never writes and refuses what it cannot read (inline data, block-mapped files, meta_bg) with a clear error.
 */
package io.obd4j.core.ext4;
