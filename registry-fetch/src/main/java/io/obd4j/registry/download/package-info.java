/**
 * overlaybd's background download (spec §7): after {@code delay + random(delayExtra)} seconds the whole blob of each
 * remote layer is copied to {@code <dir>/.download} at most {@code maxMBps}, resumably, verified against its sha256
 * digest, renamed to {@code <dir>/overlaybd.commit}, and the layer's reads switch atomically to the local file
 * ({@link io.obd4j.registry.download.SwitchableBlockSource}) while I/O continues. A registry blob is read as one
 * stream ({@link io.obd4j.registry.StreamableSource}: one ranged GET from the resume offset, reopened where it
 * broke) and hashed on the fly; any other {@link io.obd4j.core.io.BlockSource} is read block by block. Knows nothing
 * about HTTP or layer formats.
 */
package io.obd4j.registry.download;
