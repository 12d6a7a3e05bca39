package io.obd4j.registry.sync;

import io.obd4j.registry.Digest;
import io.obd4j.registry.RegistryException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One side of a rule: {@code registry/repository} plus what it selects, as image-syncer writes it:
 * {@code reg/repo} (all tags), {@code reg/repo:t1,t2} (tags), {@code reg/repo@sha256:…} (one digest) or
 * {@code reg/repo:/regex/} (the tags the regex matches in full). The registry part is mandatory
 * ({@code host[:port]}); Docker Hub's implicit {@code docker.io/library/} is not guessed.
 */
public final class ImageSpec {
    /** How a spec selects images of its repository. */
    public enum Selector { ALL_TAGS, TAGS, DIGEST, REGEX }

    private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]{1,5})?");
    private static final Pattern REPOSITORY = Pattern.compile(
            "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    private final String registry;
    private final String repository;
    private final Selector selector;
    private final List<String> tags;
    private final Digest digest;
    private final Pattern regex;

    private ImageSpec(String registry, String repository, Selector selector, List<String> tags, Digest digest,
            Pattern regex) {
        this.registry = registry;
        this.repository = repository;
        this.selector = selector;
        this.tags = tags;
        this.digest = digest;
        this.regex = regex;
    }

    /**
     * Parses {@code text}; {@code where} names it in errors (file and field, e.g. {@code rules.yaml: images key}).
     */
    public static ImageSpec parse(String text, String where) throws RegistryException {
        if (text == null || text.isBlank()) {
            throw fail(where, text, "empty image (expected registry/repository[:tags|@digest])");
        }
        int slash = text.indexOf('/');
        if (slash <= 0) {
            throw fail(where, text, "no registry (expected registry/repository[:tags|@digest])");
        }
        String registry = text.substring(0, slash);
        if (!REGISTRY.matcher(registry).matches()) {
            throw fail(where, text, "invalid registry '" + registry + "' (expected host[:port])");
        }
        String rest = text.substring(slash + 1);
        int at = rest.indexOf('@');
        int colon = rest.indexOf(':');
        if (at >= 0 && (colon < 0 || at < colon)) {
            String repo = repository(rest.substring(0, at), where, text);
            try {
                return new ImageSpec(registry, repo, Selector.DIGEST, List.of(), Digest.parse(rest.substring(at + 1)),
                        null);
            } catch (RegistryException e) {
                throw fail(where, text, e.getMessage());
            }
        }
        if (colon < 0) {
            return new ImageSpec(registry, repository(rest, where, text), Selector.ALL_TAGS, List.of(), null, null);
        }
        String repo = repository(rest.substring(0, colon), where, text);
        String sel = rest.substring(colon + 1);
        if (sel.length() >= 2 && sel.startsWith("/") && sel.endsWith("/")) {
            try {
                Pattern p = Pattern.compile(sel.substring(1, sel.length() - 1));
                return new ImageSpec(registry, repo, Selector.REGEX, List.of(), null, p);
            } catch (PatternSyntaxException e) {
                throw fail(where, text, "invalid tag regex: " + e.getDescription() + " at index "
                        + e.getIndex());
            }
        }
        List<String> tags = List.of(sel.split(",", -1));
        for (String t : tags) {
            if (!TAG.matcher(t).matches()) {
                throw fail(where, text, "invalid tag '" + t + "' (expected [A-Za-z0-9_][A-Za-z0-9._-]"
                        + "{0,127}, several separated by ',' or a /regex/)");
            }
        }
        return new ImageSpec(registry, repo, Selector.TAGS, tags, null, null);
    }

    private static SyncRulesException fail(String where, String text, String what) {
        return new SyncRulesException(where + ": '" + text + "': " + what);
    }

    private static String repository(String repo, String where, String text) throws RegistryException {
        if (!REPOSITORY.matcher(repo).matches() || repo.length() > 255) {
            throw fail(where, text, "invalid repository name '" + repo + "' (lowercase path "
                    + "components separated by '/')");
        }
        return repo;
    }

    public String registry() {
        return registry;
    }

    public String repository() {
        return repository;
    }

    public Selector selector() {
        return selector;
    }

    /** The tags of a {@link Selector#TAGS} spec, empty otherwise. */
    public List<String> tags() {
        return tags;
    }

    /** The digest of a {@link Selector#DIGEST} spec, null otherwise. */
    public Digest digest() {
        return digest;
    }

    /** True when {@code tag} is selected by a {@link Selector#REGEX} spec (the whole tag must match). */
    public boolean regexMatches(String tag) {
        return regex != null && regex.matcher(tag).matches();
    }

    /** Exactly one image named: one tag or a digest (a destination may then rename it). */
    public boolean isSingle() {
        return selector == Selector.DIGEST || selector == Selector.TAGS && tags.size() == 1;
    }

    /** {@code registry/repository}, the key auth entries are matched against. */
    public String name() {
        return registry + "/" + repository;
    }

    @Override
    public String toString() {
        switch (selector) {
            case TAGS:
                return name() + ":" + String.join(",", tags);
            case DIGEST:
                return name() + "@" + digest;
            case REGEX:
                return name() + ":/" + regex.pattern() + "/";
            default:
                return name();
        }
    }
}
