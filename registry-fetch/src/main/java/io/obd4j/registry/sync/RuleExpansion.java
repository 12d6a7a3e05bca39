package io.obd4j.registry.sync;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a rule into image tasks: the tags or digest it names, or the source's tag list (all, or those the regex
 * matches in full), times each destination. The destination keeps the source tag unless it names its own; a digest
 * source without a destination tag is pushed by digest.
 */
final class RuleExpansion implements SyncTask {
    private static final Logger LOG = LoggerFactory.getLogger(RuleExpansion.class);

    private final SyncRule rule;
    private final SyncContext ctx;

    RuleExpansion(SyncRule rule, SyncContext ctx) {
        this.rule = rule;
        this.ctx = ctx;
    }

    @Override
    public List<SyncTask> run() throws IOException {
        ImageSpec src = rule.source();
        Endpoint from = ctx.clients().endpoint(src.registry(), src.repository());
        List<String> refs = new ArrayList<>();
        switch (src.selector()) {
            case TAGS:
                refs.addAll(src.tags());
                break;
            case DIGEST:
                refs.add(src.digest().toString());
                break;
            case REGEX:
                for (String t : from.client().listTags(from.repository())) {
                    if (src.regexMatches(t)) {
                        refs.add(t);
                    }
                }
                break;
            default:
                refs.addAll(from.client().listTags(from.repository()));
        }
        if (refs.isEmpty()) {
            LOG.warn("{}: no tag selected, nothing to sync", src);
        }
        List<SyncTask> jobs = new ArrayList<>();
        for (ImageSpec dest : rule.destinations()) {
            Endpoint to = ctx.clients().endpoint(dest.registry(), dest.repository());
            for (String ref : refs) {
                String toRef = dest.selector() == ImageSpec.Selector.TAGS ? dest.tags().get(0)
                        : src.selector() == ImageSpec.Selector.DIGEST ? null : ref;
                jobs.add(new ImageJob(ctx, from, ref, to, toRef));
            }
        }
        return jobs;
    }

    @Override
    public String describe() {
        return "expand " + rule.source() + " (list tags)";
    }
}
