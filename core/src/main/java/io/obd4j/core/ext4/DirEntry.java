package io.obd4j.core.ext4;

/** One name in a directory and the inode it links to. */
public record DirEntry(String name, int inode) {
}
