/**
 * The only code of obd4j that calls libc (through jnr-ffi): positional file I/O, hole punching and seeking,
 * mmap'd regions, poll, netlink and unix datagram sockets, sd_notify. Every public call checks its buffers and
 * offsets before going native and reports failures as {@link io.obd4j.nativeio.NativeIoException}.
 *
 * <p>Knows nothing about image formats, SCSI, TCMU or iSCSI; the raw {@code LibC} binding stays package-private.
 */
package io.obd4j.nativeio;
