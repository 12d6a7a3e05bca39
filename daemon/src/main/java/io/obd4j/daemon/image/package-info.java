/**
 * The image service: config.v1.json → layer sources → an opened {@link io.obd4j.core.image.BlockDevice}, the device
 * registry (dev ids, duplicate check), resultFile writing and the live-snapshot checks. How layers become a block
 * device (LSMT/ZFile, registry reads) is behind {@link io.obd4j.daemon.image.ImageOpener}; nothing here knows the
 * formats, TCMU, iSCSI or HTTP.
 */
package io.obd4j.daemon.image;
