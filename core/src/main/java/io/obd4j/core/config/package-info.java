/**
 * overlaybd's two JSON configs, key for key and default for default: the global {@code overlaybd.json}
 * ({@link io.obd4j.core.config.OverlaybdConfig}) and the per-device {@code config.v1.json}
 * ({@link io.obd4j.core.config.ImageConfig}), their loader (unknown key: warning naming its JSON path; bad value:
 * {@link io.obd4j.core.config.ConfigException} naming path, found value and allowed values) and the
 * {@code resultFile} status protocol. Knows nothing about the front ends, HTTP or how an image is opened.
 */
package io.obd4j.core.config;
