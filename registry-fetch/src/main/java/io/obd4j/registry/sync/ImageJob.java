package io.obd4j.registry.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.obd4j.registry.BlobPusher;
import io.obd4j.registry.BlobRangeReader;
import io.obd4j.registry.BlobUrl;
import io.obd4j.registry.Digest;
import io.obd4j.registry.ManifestHead;
import io.obd4j.registry.RegistryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs one image (a tag or a digest) to one destination. Order is what keeps the destination consistent at any
 * moment: blobs, then the image manifest (by digest when it is an index child), then the index under the tag. The
 * destination's current manifest digest is compared first: equal means nothing to do (incremental).
 *
 * <p>With {@code --os}/{@code --arch} an index keeps the selected children only (all kept: the index is pushed
 * byte-identical; none: the image is skipped, not failed); a single image is checked against its config's
 * {@code os}/{@code architecture}/{@code variant}, as image-syncer does.
 */
final class ImageJob implements SyncTask {
    private static final Logger LOG = LoggerFactory.getLogger(ImageJob.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CONFIG_BYTES = 4 << 20;

    private final SyncContext ctx;
    private final Endpoint from;
    private final String fromRef;
    private final Endpoint to;
    /** Tag to push under; null = by digest. */
    private final String toRef;

    ImageJob(SyncContext ctx, Endpoint from, String fromRef, Endpoint to, String toRef) {
        this.ctx = ctx;
        this.from = from;
        this.fromRef = fromRef;
        this.to = to;
        this.toRef = toRef;
    }

    @Override
    public List<SyncTask> run() throws IOException {
        ManifestDoc doc = ManifestDoc.parse(from.client().getManifest(from.repository(), fromRef), source());
        PlatformFilter filter = ctx.options().platforms();
        ManifestDoc selected = doc.select(filter);
        if (selected == null || !selected.isIndex() && !filter.isAll() && !platformMatches(selected, filter)) {
            LOG.info("{}: no platform matches {}, skipped", source(), filter);
            ctx.stats().imagesNoPlatform.increment();
            return List.of();
        }
        String ref = toRef != null ? toRef : selected.digest().toString();
        if (toRef == null && selected != doc) {
            LOG.warn("{}: the platform-filtered index has a new digest; pushed as {}", source(), ref);
        }
        if (selected.digest().equals(ManifestHead.digest(to.client(), to.repository(), ref))) {
            LOG.info("{} -> {}:{} unchanged", source(), to, ref);
            ctx.stats().imagesUnchanged.increment();
            return List.of();
        }
        if (selected.isIndex()) {
            pushChildren(selected);
        } else {
            await(ensureBlobs(selected));
        }
        push(selected, ref);
        LOG.info("{} -> {}:{} synced", source(), to, ref);
        ctx.stats().imagesSynced.increment();
        return List.of();
    }

    /** Every child manifest the destination lacks, each after its blobs; children's blobs copy in parallel. */
    private void pushChildren(ManifestDoc index) throws IOException {
        List<ManifestDoc> images = new ArrayList<>();
        List<List<CompletableFuture<Void>>> copies = new ArrayList<>();
        for (Descriptor child : index.children()) {
            String digest = child.digest().toString();
            if (child.digest().equals(ManifestHead.digest(to.client(), to.repository(), digest))) {
                continue;
            }
            ManifestDoc doc = ManifestDoc.parse(from.client().getManifest(from.repository(), digest),
                    from + "@" + digest);
            if (doc.isIndex()) {
                pushChildren(doc);
                push(doc, digest);
            } else {
                images.add(doc);
                copies.add(ensureBlobs(doc));
            }
        }
        for (int i = 0; i < images.size(); i++) {
            await(copies.get(i));
            push(images.get(i), images.get(i).digest().toString());
        }
    }

    private List<CompletableFuture<Void>> ensureBlobs(ManifestDoc image) {
        List<CompletableFuture<Void>> fs = new ArrayList<>();
        for (Descriptor blob : image.blobs()) {
            fs.add(ctx.blobs().ensure(from, to, blob));
        }
        return fs;
    }

    private static void await(List<CompletableFuture<Void>> copies) throws IOException {
        try {
            CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw new IOException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    private void push(ManifestDoc doc, String ref) throws RegistryException {
        new BlobPusher(to.client()).pushManifest(to.repository(), ref, doc.mediaType(), doc.bytes());
        ctx.stats().manifestsPushed.increment();
    }

    /** The platform of a single image, from its config blob. */
    private boolean platformMatches(ManifestDoc image, PlatformFilter filter) throws IOException {
        Descriptor c = image.config();
        if (c.size() > MAX_CONFIG_BYTES || c.size() == 0) {
            throw new RegistryException("config blob of " + c.size() + " bytes: cannot read its platform (expected "
                    + "1 to " + MAX_CONFIG_BYTES + " bytes)", source());
        }
        byte[] bytes = new byte[(int) c.size()];
        try (BlobRangeReader r = BlobRangeReader.open(from.client(), new BlobUrl(from.repository(), c.digest()),
                c.size())) {
            r.readFully(0, bytes, 0, bytes.length);
        }
        if (!c.digest().equals(Digest.sha256(bytes)) && "sha256".equals(c.digest().algorithm())) {
            throw new RegistryException("config blob does not match its digest " + c.digest(), source());
        }
        JsonNode j = JSON.readTree(bytes);
        return filter.matches(j.path("os").asText(""), j.path("architecture").asText(""),
                j.path("variant").asText(""));
    }

    private String source() {
        return from + (fromRef.startsWith("sha256:") ? "@" : ":") + fromRef;
    }

    @Override
    public String describe() {
        return source() + " -> " + to + (toRef == null ? "" : ":" + toRef);
    }
}
