package org.phonerescue.core.firmware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of a folder a TFTP or HTTP server serves, by the names phones ask for: relative
 * paths with '/' up to {@link #DEPTH} folders deep. Lookups are exact (a Linux server's rule),
 * with the case-insensitive and the closest name as hints.
 */
public final class ServerRoot {

    /** Folders below the root that are indexed. */
    public static final int DEPTH = 4;
    /** Most files indexed. */
    public static final int MAX_FILES = 100_000;

    private final Path root;
    private final Map<String, Path> files = new TreeMap<>();

    private ServerRoot(Path root) {
        this.root = root;
    }

    /** Indexes {@code root}; fails when it is not a readable folder. */
    public static ServerRoot of(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a folder");
        }
        ServerRoot r = new ServerRoot(root);
        try (Stream<Path> walk = Files.walk(root, DEPTH)) { // symbolic links are not followed
            walk.filter(Files::isRegularFile).limit(MAX_FILES).forEach(p -> {
                String name = root.relativize(p).toString().replace('\\', '/');
                r.files.put(name, p);
            });
        }
        return r;
    }

    public Path root() {
        return root;
    }

    /** Every file, by relative name, sorted. */
    public Map<String, Path> files() {
        return files;
    }

    /** What a request for {@code name} finds. */
    public sealed interface Lookup {
    }

    /** Found under exactly that name. */
    public record Found(String name, Path path) implements Lookup {
    }

    /** Only a name that differs in case exists. */
    public record CaseDiffers(String name, Path path) implements Lookup {
    }

    /** Not there; {@code closest} is the most similar name, or null. */
    public record Missing(String closest) implements Lookup {
    }

    /** Looks a requested name up; one leading '/' or '\' is ignored, as the servers do by default. */
    public Lookup find(String requested) {
        String name = requested.startsWith("/") || requested.startsWith("\\") ? requested.substring(1) : requested;
        name = name.replace('\\', '/');
        Path exact = files.get(name);
        if (exact != null) {
            return new Found(name, exact);
        }
        for (Map.Entry<String, Path> e : files.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return new CaseDiffers(e.getKey(), e.getValue());
            }
        }
        return new Missing(closest(name));
    }

    /** The files whose base name matches, ignoring case, a predicate on the lower-case base name. */
    public List<String> named(java.util.function.Predicate<String> lowerBaseName) {
        List<String> out = new ArrayList<>();
        for (String n : files.keySet()) {
            String base = n.substring(n.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
            if (lowerBaseName.test(base)) {
                out.add(n);
            }
        }
        return out;
    }

    /** The existing name nearest to {@code name} by edit distance, if at most a third of it differs. */
    private String closest(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String target = name.toLowerCase(Locale.ROOT);
        for (String n : files.keySet()) {
            if (Math.abs(n.length() - name.length()) > Math.max(n.length(), name.length()) / 3) {
                continue;
            }
            int d = distance(target, n.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = n;
            }
        }
        return best != null && bestDistance <= Math.max(best.length(), name.length()) / 3 ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
