/**
 * The {@code obd4j} service: picocli entry point, daemon lifecycle (config → logging → image service → front ends →
 * HTTP API and exporter → systemd readiness; SIGTERM drains and exits 0, SIGHUP reopens the log), and the
 * {@link io.obd4j.daemon.FrontEnd} seam the TCMU and iSCSI front ends plug into.
 */
package io.obd4j.daemon;
