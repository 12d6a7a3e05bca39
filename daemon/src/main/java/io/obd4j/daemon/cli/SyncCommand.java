package io.obd4j.daemon.cli;

import io.obd4j.registry.sync.PlatformFilter;
import io.obd4j.registry.sync.RulesParser;
import io.obd4j.registry.sync.SyncOptions;
import io.obd4j.registry.sync.SyncRules;
import io.obd4j.registry.sync.SyncStats;
import io.obd4j.registry.sync.Syncer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code obd4j sync}: registry-to-registry copy after Alibaba's image-syncer. */
@Command(name = "sync", mixinStandardHelpOptions = true, description = {
    "Copy images between registries (like image-syncer): blobs stream registry to registry without touching disk, "
        + "what the destination already has is skipped, a manifest is pushed only after its blobs and an index "
        + "only after its manifests. Rules (JSON, or YAML for .yaml/.yml): {auth: {registry[/namespace]: "
        + "{username, password, insecure, http, caFile}}, images: {registry/repo[:t1,t2|@digest|:/regex/]: "
        + "destination or [destinations]}}. Exit 0 when everything synced, 1 when a task failed after all retries."})
public final class SyncCommand extends ToolCommand {
    @Mixin
    ProgressOptions progressOptions;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Rules file with an images map and an optional auth map.")
    Path config;

    @Option(names = "--images", paramLabel = "FILE", description = "Images map file (image-syncer's split form).")
    Path images;

    @Option(names = "--auth", paramLabel = "FILE", description = "Auth map file, with --images.")
    Path auth;

    @Option(names = "--proc", defaultValue = "5",
            description = "Images and blob copies at once (default ${DEFAULT-VALUE}).")
    int proc;

    @Option(names = "--retries", defaultValue = "2",
            description = "Extra rounds for failed tasks, after every task ran once (default ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--os", split = ",", paramLabel = "OS",
            description = "Only these OSes of multi-platform images (e.g. linux).")
    List<String> oses = new ArrayList<>();

    @Option(names = "--arch", split = ",", paramLabel = "ARCH[/VARIANT]",
            description = "Only these architectures (e.g. amd64,arm64/v8).")
    List<String> arches = new ArrayList<>();

    @Option(names = "--chunk-size", defaultValue = "0", paramLabel = "SIZE", converter = ChunkSize.class,
            description = "Upload blobs in PATCH chunks of SIZE (e.g. 16M); 0 = one streamed PUT (default).")
    long chunkSize;

    @Override
    Integer run() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if ((config == null) == (images == null) || config != null && auth != null) {
            err.println("obd4j sync: give either --config FILE or --images FILE [--auth FILE]");
            return CommandLine.ExitCode.USAGE;
        }
        SyncOptions options;
        try {
            options = SyncOptions.defaults().withProc(proc).withRetries(retries).withChunkSize(chunkSize)
                    .withPlatforms(new PlatformFilter(oses, arches));
        } catch (IllegalArgumentException e) {
            err.println("obd4j sync: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        RulesParser parser = RulesParser.withSystemEnv();
        SyncRules rules = config != null ? parser.parse(config) : parser.parse(images, auth);
        Syncer syncer = new Syncer(options);
        SyncStats stats;
        try (Progress progress = Progress.start(progressOptions, err, "sync", 0)) {
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "obd4j-sync-progress");
                t.setDaemon(true);
                return t;
            });
            long[] shown = {0};
            if (progress.enabled()) {
                ticker.scheduleAtFixedRate(() -> {
                    progress.total(syncer.stats().bytesPlanned());
                    long now = syncer.stats().bytesStreamed();
                    progress.advance(now - shown[0]);
                    shown[0] = now;
                }, 0, 200, TimeUnit.MILLISECONDS);
            }
            try {
                stats = syncer.run(rules);
            } finally {
                ticker.shutdownNow();
                ticker.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("sync: " + stats.summary());
        out.flush();
        for (SyncStats.SyncFailure f : stats.failures()) {
            err.println("obd4j sync: failed: " + f.task() + ": " + f.error());
        }
        err.flush();
        return stats.failures().isEmpty() ? 0 : CliErrors.FAILED;
    }

    /** {@code 0} (one PUT per blob) or a size as {@link ByteSize} reads it ({@code 16M}; a bare number is GiB). */
    static final class ChunkSize implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return "0".equals(value.trim()) ? 0L : ByteSize.parse(value);
        }
    }
}
