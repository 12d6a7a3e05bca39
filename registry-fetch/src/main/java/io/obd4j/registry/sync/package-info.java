/**
 * Registry-to-registry sync ({@code obd4j sync}, after Alibaba's image-syncer): a rules file maps source
 * repositories (all tags, a tag list, a digest or a tag regex) to one or more destinations, with credentials and
 * TLS flags per registry or namespace (longest prefix wins). Blobs are streamed registry to registry by
 * {@link io.obd4j.registry.BlobStreamer}, never touching disk; what the destination already has is skipped (blob
 * {@code HEAD}, manifest digest compare), so a re-run transfers nothing. Manifests are pushed only after their
 * blobs, an index only after its manifests, so an interrupted run leaves no tag pointing at missing content.
 *
 * <p>Knows the OCI and Docker manifest formats (to find blobs and platforms); knows nothing about layer formats,
 * terminals or the CLI.
 */
package io.obd4j.registry.sync;
