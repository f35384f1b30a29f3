package org.phonerescue.servers.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds the existing name most like a requested one, for the "file not found" log line: an
 * engineer whose phone asks for {@code SPA504G.bin} while the root holds {@code spa504g.bin} sees
 * the fix at once. Bounded work per request — at most {@link #MAX_NAMES} names, listed at most once
 * every {@link #LISTING_TTL_NANOS}, and names compared up to {@link #MAX_COMPARED} characters — so
 * a flood of requests for missing files cannot stall the server.
 */
final class ClosestName {

    static final int MAX_NAMES = 2000;
    static final int MAX_DEPTH = 4;
    static final int MAX_COMPARED = 128;
    static final long LISTING_TTL_NANOS = 2_000_000_000L;

    private final Path root;
    private final List<String> aliasNames;
    private volatile Listing listing;

    private record Listing(long listedAt, List<String> names) {
    }

    ClosestName(Path root, Collection<String> aliasNames) {
        this.root = root;
        this.aliasNames = List.copyOf(aliasNames);
    }

    /** The existing name (relative, '/'-separated) closest to {@code requested}, or null when none is alike. */
    String closestTo(String requested) {
        String wanted = lower(trim(requested));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : names()) {
            int d = distance(wanted, lower(trim(name)), bestDistance);
            if (d < bestDistance) {
                bestDistance = d;
                best = name;
            }
        }
        // Alike: at most a third of the longer name differs (a typo, the case, a slash, a version
        // digit, a folder); a shared extension alone does not make two names alike.
        if (best == null || bestDistance > Math.max(2, Math.max(wanted.length(), best.length()) / 3)) {
            return null;
        }
        return best;
    }

    private List<String> names() {
        Listing l = listing;
        long now = System.nanoTime();
        if (l == null || now - l.listedAt() > LISTING_TTL_NANOS) {
            l = new Listing(now, list());
            listing = l;
        }
        return l.names();
    }

    private List<String> list() {
        List<String> names = new ArrayList<>(aliasNames);
        try (Stream<Path> files = Files.walk(root, MAX_DEPTH)) {
            files.filter(Files::isRegularFile).limit(MAX_NAMES)
                    .forEach(p -> names.add(root.relativize(p).toString().replace('\\', '/')));
        } catch (IOException | RuntimeException e) {
            // a folder we may not read: hint from what was listed
        }
        return List.copyOf(names);
    }

    private static String trim(String name) {
        int i = 0;
        while (i < name.length() && (name.charAt(i) == '/' || name.charAt(i) == '\\')) {
            i++;
        }
        String s = name.substring(i).replace('\\', '/');
        return s.length() > MAX_COMPARED ? s.substring(0, MAX_COMPARED) : s;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance, giving up (returning {@code limit}) once every path exceeds {@code limit}. */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
