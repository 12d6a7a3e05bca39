package io.obd4j.registry.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.obd4j.registry.BlobRangeReader;
import io.obd4j.registry.BlobUrl;
import io.obd4j.registry.Digest;
import io.obd4j.registry.Manifest;
import io.obd4j.registry.ManifestHead;
import io.obd4j.registry.RegistryClient;
import io.obd4j.registry.Repository;
import io.obd4j.registry.RetryPolicy;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code obd4j sync} between two real docker-registry processes on loopback: a multi-arch OCI index and a plain
 * Docker image (two tags, one with a 48 MiB layer) are pushed to the source with the project's client, synced, and
 * compared blob by blob. The second run must transfer nothing (the registries' access logs are the witness), and a
 * destination SIGKILLed mid-sync, restarted, then synced again must end complete.
 */
class RegistrySyncTest {
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(200),
            Duration.ofSeconds(30));

    @TempDir
    Path tmp;

    private LocalRegistry src;
    private LocalRegistry dst;
    private RegistryClient client;
    private byte[] index;

    @BeforeEach
    void startRegistries() throws Exception {
        assumeTrue(Files.isExecutable(LocalRegistry.BINARY), "docker-registry is not installed (scripts/test.sh "
                + "installs it)");
        src = LocalRegistry.start(tmp.resolve("src"));
        dst = LocalRegistry.start(tmp.resolve("dst"));
        client = RegistryClient.builder().retry(FAST).build();
        SourceImages images = new SourceImages(client, tmp);
        index = images.pushMultiArch(repo(src, "apps/multi"), "v1");
        images.pushPlain(repo(src, "apps/plain"));
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (src != null) {
            src.close();
        }
        if (dst != null) {
            dst.close();
        }
    }

    private static Repository repo(LocalRegistry r, String name) throws IOException {
        return Repository.of(r.url(), name);
    }

    private Path rules(String images) throws IOException {
        Path f = tmp.resolve("rules.yaml");
        Files.writeString(f, "auth:\n  " + src.hostPort() + ": {http: true}\n  " + dst.hostPort()
                + ": {http: true}\nimages:\n" + images);
        return f;
    }

    private static SyncStats sync(Path rules, SyncOptions options) throws IOException {
        return new Syncer(options).run(RulesParser.withSystemEnv().parse(rules));
    }

    private static SyncOptions options() {
        return SyncOptions.defaults().withRetry(FAST).withRetries(1);
    }

    @Test
    void syncsMultiArchAndPlainImagesThenTransfersNothingTheSecondTime() throws Exception {
        Path rules = rules("  " + src.hostPort() + "/apps/multi:v1: " + dst.hostPort() + "/mirror/multi\n"
                + "  " + src.hostPort() + "/apps/plain: [" + dst.hostPort() + "/mirror/plain, " + dst.hostPort()
                + "/copy/plain]\n");
        SyncStats first = sync(rules, options());
        System.out.println("sync run 1: " + first.summary());
        assertThat(first.failures()).isEmpty();
        assertThat(first.imagesSynced()).isEqualTo(5);
        assertThat(first.blobsCopied() + first.blobsMounted()).isGreaterThanOrEqualTo(9);
        // the 48 MiB layer goes to two repositories of one registry: streamed once, mounted into the other
        assertThat(first.bytesCopied()).isBetween((long) SourceImages.BIG_LAYER, 2L * SourceImages.BIG_LAYER - 1);
        assertThat(first.blobsMounted()).isPositive();
        assertSameImage("apps/multi", "v1", "mirror/multi", "v1");
        for (String d : List.of("mirror/plain", "copy/plain")) {
            assertSameImage("apps/plain", "v1", d, "v1");
            assertSameImage("apps/plain", "v2", d, "v2");
        }
        Manifest copied = client.getManifest(repo(dst, "mirror/multi"), "v1");
        assertThat(copied.bytes()).isEqualTo(index);
        if (Files.isExecutable(Path.of("/usr/bin/skopeo"))) {
            // an independent client reads the copy: the raw index and the plain image's digest
            assertThat(skopeo("inspect", "--raw", "docker://" + dst.hostPort() + "/mirror/multi:v1"))
                    .isEqualTo(new String(index, StandardCharsets.UTF_8));
            assertThat(skopeo("inspect", "--format", "{{.Digest}}", "docker://" + dst.hostPort()
                    + "/copy/plain:v1").trim()).isEqualTo(client.getManifest(repo(src, "apps/plain"), "v1").digest()
                    .toString());
        }

        assertThat(assertPushOrder(dst.accessLog(), "mirror/multi", "v1")).as("uploads seen in the log").isPositive();
        assertPushOrder(dst.accessLog(), "copy/plain", "v2");

        int srcMark = src.accessLog().size();
        int dstMark = dst.accessLog().size();
        SyncStats second = sync(rules, options());
        System.out.println("sync run 2: " + second.summary());
        List<LocalRegistry.Access> srcLog = src.accessLog().subList(srcMark, src.accessLog().size());
        List<LocalRegistry.Access> dstLog = dst.accessLog().subList(dstMark, dst.accessLog().size());
        long srcBytes = srcLog.stream().mapToLong(LocalRegistry.Access::bytes).sum();
        System.out.println("sync run 2: source answered " + srcLog.size() + " requests, " + srcBytes
                + " body bytes; destination " + dstLog.size() + " requests");
        assertThat(second.failures()).isEmpty();
        assertThat(second.imagesUnchanged()).isEqualTo(5);
        assertThat(second.imagesSynced()).isZero();
        assertThat(second.bytesCopied()).isZero();
        assertThat(second.manifestsPushed()).isZero();
        assertThat(srcLog).isNotEmpty().noneMatch(LocalRegistry.Access::isBlobRead);
        assertThat(dstLog).isNotEmpty().noneMatch(LocalRegistry.Access::isUpload)
                .allMatch(a -> "HEAD".equals(a.method()));
        assertThat(srcBytes).isLessThan(64 * 1024);
    }

    @Test
    void destinationKilledMidSyncThenRestartedCompletesOnRerun() throws Exception {
        Path rules = rules("  " + src.hostPort() + "/apps/plain:v1: " + dst.hostPort() + "/mirror/plain\n"
                + "  " + src.hostPort() + "/apps/multi:v1: " + dst.hostPort() + "/mirror/multi\n");
        SyncOptions chunked = options().withChunkSize(1 << 20);
        Syncer syncer = new Syncer(chunked);
        CompletableFuture<SyncStats> run = CompletableFuture.supplyAsync(() -> {
            try {
                return syncer.run(RulesParser.withSystemEnv().parse(rules));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (syncer.stats().bytesStreamed() < (2 << 20) && System.nanoTime() < deadline && !run.isDone()) {
            Thread.sleep(1);
        }
        long streamedAtKill = syncer.stats().bytesStreamed();
        dst.kill();
        SyncStats broken = run.get(120, TimeUnit.SECONDS);
        System.out.println("killed destination after " + streamedAtKill + " bytes streamed: " + broken.summary());
        assertThat(streamedAtKill).isLessThan(SourceImages.BIG_LAYER);
        assertThat(broken.failures()).isNotEmpty();
        assertThat(broken.failures().toString()).contains("apps/plain");

        dst.start();
        SyncStats again = sync(rules, chunked);
        System.out.println("re-run after restart: " + again.summary());
        assertThat(again.failures()).isEmpty();
        assertSameImage("apps/plain", "v1", "mirror/plain", "v1");
        assertSameImage("apps/multi", "v1", "mirror/multi", "v1");
    }

    @Test
    void archFilterPushesAnIndexOfTheSelectedChildrenOnly() throws Exception {
        Path rules = rules("  " + src.hostPort() + "/apps/multi:v1: " + dst.hostPort() + "/arm/multi\n"
                + "  " + src.hostPort() + "/apps/plain:v2: " + dst.hostPort() + "/arm/plain\n");
        SyncStats stats = sync(rules, options().withPlatforms(new PlatformFilter(List.of("linux"),
                List.of("arm64/v8"))));
        assertThat(stats.failures()).isEmpty();
        assertThat(stats.imagesSynced()).isEqualTo(1);
        assertThat(stats.imagesNoPlatform()).isEqualTo(1);
        ManifestDoc source = ManifestDoc.parse(client.getManifest(repo(src, "apps/multi"), "v1"), "source");
        ManifestDoc copied = ManifestDoc.parse(client.getManifest(repo(dst, "arm/multi"), "v1"), "copy");
        assertThat(copied.children()).hasSize(1);
        assertThat(copied.children().get(0).architecture()).isEqualTo("arm64");
        assertThat(copied.digest()).isNotEqualTo(source.digest());
        Descriptor amd = source.children().get(0);
        assertThat(ManifestHead.digest(client, repo(dst, "arm/multi"), amd.digest().toString())).isNull();
        assertThat(ManifestHead.digest(client, repo(dst, "arm/plain"), "v2")).isNull();
        assertSameImage("apps/multi", copied.children().get(0).digest().toString(), "arm/multi",
                copied.children().get(0).digest().toString());
    }

    /**
     * From the destination's access log (completion order): each manifest of {@code repo:tag} was PUT after every
     * blob of it that was uploaded, and index children before the tag. Returns how many uploads were checked
     * (mounted blobs leave no upload in the log).
     */
    private int assertPushOrder(List<LocalRegistry.Access> log, String repo, String tag) throws IOException {
        String prefix = "/v2/" + repo + "/";
        Map<String, Integer> putAt = new HashMap<>();
        for (int i = 0; i < log.size(); i++) {
            LocalRegistry.Access a = log.get(i);
            String path = URLDecoder.decode(a.path(), StandardCharsets.UTF_8);
            if (!"PUT".equals(a.method()) || !path.startsWith(prefix)) {
                continue;
            }
            int digest = path.indexOf("digest=");
            if (path.startsWith(prefix + "blobs/uploads/") && digest >= 0) {
                putAt.put(path.substring(digest + 7).replaceFirst("&.*$", ""), i);
            } else if (path.startsWith(prefix + "manifests/")) {
                putAt.put(path.substring(prefix.length() + 10), i);
            }
        }
        ManifestDoc top = ManifestDoc.parse(client.getManifest(repo(dst, repo), tag), repo);
        int tagAt = putAt.get(tag);
        List<Descriptor> images = new java.util.ArrayList<>(top.children());
        if (images.isEmpty()) {
            images.add(null);
        }
        int checked = 0;
        for (Descriptor image : images) {
            ManifestDoc doc = image == null ? top : ManifestDoc.parse(client.getManifest(repo(dst, repo),
                    image.digest().toString()), repo);
            int manifestAt = image == null ? tagAt : putAt.get(image.digest().toString());
            assertThat(manifestAt).as(repo + ": child before the tag").isLessThanOrEqualTo(tagAt);
            for (Descriptor blob : doc.blobs()) {
                Integer at = putAt.get(blob.digest().toString());
                if (at != null) {
                    assertThat(at).as(repo + ": blob " + blob.digest() + " before its manifest").isLessThan(manifestAt);
                    checked++;
                }
            }
        }
        return checked;
    }

    private static String skopeo(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/skopeo", args[0], "--tls-verify=false"));
        cmd.addAll(List.of(args).subList(1, args.length));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("skopeo " + List.of(args) + ": " + out).isZero();
        return out;
    }

    /** Same manifest bytes under both references and, recursively, every blob present with the same content. */
    private void assertSameImage(String fromRepo, String fromRef, String toRepo, String toRef) throws IOException {
        Manifest a = client.getManifest(repo(src, fromRepo), fromRef);
        Manifest b = client.getManifest(repo(dst, toRepo), toRef);
        assertThat(b.digest()).as(toRepo + ":" + toRef).isEqualTo(a.digest());
        assertThat(b.mediaType()).isEqualTo(a.mediaType());
        ManifestDoc doc = ManifestDoc.parse(b, toRepo + ":" + toRef);
        if (doc.isIndex()) {
            for (Descriptor c : doc.children()) {
                assertSameImage(fromRepo, c.digest().toString(), toRepo, c.digest().toString());
            }
            return;
        }
        for (Descriptor blob : doc.blobs()) {
            byte[] bytes = new byte[(int) blob.size()];
            try (BlobRangeReader r = BlobRangeReader.open(client, new BlobUrl(repo(dst, toRepo), blob.digest()),
                    blob.size())) {
                r.readFully(0, bytes, 0, bytes.length);
            }
            assertThat(Digest.sha256(bytes)).as(toRepo + " blob").isEqualTo(blob.digest());
        }
        assertThat(new String(b.bytes(), StandardCharsets.UTF_8)).isEqualTo(new String(a.bytes(),
                StandardCharsets.UTF_8));
    }
}
