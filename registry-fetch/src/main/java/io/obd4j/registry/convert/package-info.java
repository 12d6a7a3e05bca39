/**
 * {@code obd4j convert}: an OCI or Docker image (in a registry or an OCI layout directory) becomes an overlaybd image,
 * as accelerated-container-image's userspace convertor makes it. Each source layer is streamed, decompressed and
 * checked against its digest and diff_id while {@link io.obd4j.core.convert.LayerConverter} applies it to the ext4
 * filesystem and commits the changed blocks to a tar-wrapped ZFile layer; the layers, a config whose
 * {@code rootfs.diff_ids} are the new layer digests and a manifest whose layers carry the snapshotter's annotations
 * are then pushed to a registry or written to an OCI layout. A layer's blob is stored in the background while the next
 * layer converts; a registry source stream that breaks is reopened where it stopped.
 *
 * <p>Knows manifests, configs and where blobs live; the filesystem and the layer formats belong to core.
 */
package io.obd4j.registry.convert;
