package io.obd4j.registry.sync;

import java.util.List;
import java.util.Locale;

/**
 * The {@code --os} / {@code --arch} selection: an image or index child is kept when its OS is one of {@code oses}
 * and its architecture one of {@code arches} (an empty list allows every value). An arch may name a variant as
 * {@code arm64/v8} or {@code arm/v7}; a bare {@code arm} matches every ARM variant.
 */
public final class PlatformFilter {
    /** Keeps everything. */
    public static final PlatformFilter ALL = new PlatformFilter(List.of(), List.of());

    private final List<String> oses;
    private final List<String> arches;

    public PlatformFilter(List<String> oses, List<String> arches) {
        this.oses = oses.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
        this.arches = arches.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .toList();
    }

    public boolean isAll() {
        return oses.isEmpty() && arches.isEmpty();
    }

    /** True when a platform ({@code variant} may be null or empty) is selected. */
    public boolean matches(String os, String architecture, String variant) {
        String o = os == null ? "" : os.toLowerCase(Locale.ROOT);
        String a = architecture == null ? "" : architecture.toLowerCase(Locale.ROOT);
        String v = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
        if (!oses.isEmpty() && !oses.contains(o)) {
            return false;
        }
        if (arches.isEmpty()) {
            return true;
        }
        for (String want : arches) {
            int slash = want.indexOf('/');
            boolean hit = slash < 0 ? want.equals(a)
                    : want.substring(0, slash).equals(a) && want.substring(slash + 1).equals(v);
            if (hit) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return isAll() ? "all platforms" : "os " + (oses.isEmpty() ? "*" : String.join(",", oses)) + ", arch "
                + (arches.isEmpty() ? "*" : String.join(",", arches));
    }
}
