/**
 * The audit log of overlaybd ({@code enableAudit}, {@code auditPath}): one line per remote download, background
 * download chunk, slow local read or eviction, in photon's exact {@code LOG_AUDIT} format, written by its own
 * thread so that the I/O path never blocks on it. Knows nothing about registries, caches or SCSI: callers pass
 * an event name and its fields.
 */
package io.obd4j.core.audit;
