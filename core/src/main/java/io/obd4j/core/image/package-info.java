/**
 * Images: a stack of read-only layers plus an optional writable layer, seen as one {@link
 * io.obd4j.core.image.BlockDevice}. Knows formats; knows nothing about SCSI or the front ends.
 */
package io.obd4j.core.image;
