/**
 * The {@code obd4j} layer tools (overlaybd-create/-commit/-zfile/-merge equivalents plus export, import-raw and
 * info): one picocli command class per tool, and the small helpers they share (layer opening, output pipelines,
 * the terminal progress bar, error reporting). Commands only parse arguments and drive {@code io.obd4j.core}; they
 * must not know byte layouts (those live in {@code core.format}) nor anything of the daemon, TCMU or iSCSI.
 */
package io.obd4j.daemon.cli;
