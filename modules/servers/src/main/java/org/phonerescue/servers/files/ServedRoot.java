package org.phonerescue.servers.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.phonerescue.servers.event.RefusalReason;

/**
 * The folder a server serves, and the rules that turn a requested name into a file inside it.
 * Every server (TFTP, HTTP, FTP) asks this class, so a name means the same file over every
 * protocol and the path checks exist once.
 *
 * <p>A name never leaves the root: {@code .} and {@code ..} segments are refused outright (not
 * normalised away), both {@code /} and {@code \} separate segments (Windows-style clients), control
 * characters and NUL are refused, and the final path is resolved with every symbolic link followed
 * and must still lie inside the root and be a regular file (no directories, devices or FIFOs).
 * Thread-safe: it holds no mutable state other than the cached listing behind closest-name hints.
 */
public final class ServedRoot {

    private final Path root;
    private final LookupRules rules;
    /** Alias keys in lookup form (see {@link #aliasKey}). */
    private final Map<String, String> aliases;
    private final ClosestName closestName;

    /**
     * @throws IOException when {@code root} is not an existing directory
     */
    public ServedRoot(Path root, LookupRules rules) throws IOException {
        Path real = root.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new NotDirectoryException(root.toString());
        }
        this.root = real;
        this.rules = rules;
        Map<String, String> keyed = new HashMap<>();
        for (Map.Entry<String, String> e : rules.aliases().entrySet()) {
            keyed.put(aliasKey(e.getKey()), e.getValue());
        }
        this.aliases = Map.copyOf(keyed);
        this.closestName = new ClosestName(real, rules.aliases().keySet());
    }

    /** The root, absolute and with symbolic links resolved. */
    public Path root() {
        return root;
    }

    public LookupRules rules() {
        return rules;
    }

    /** The regular file to send for {@code requested}, or why there is none. */
    public FileLookup find(String requested) {
        String problem = nameProblem(requested);
        if (problem != null) {
            return new FileLookup.Refused(RefusalReason.ACCESS_VIOLATION, problem);
        }
        String target = aliases.get(aliasKey(requested));
        if (target != null) {
            FileLookup viaAlias = findInRoot(target, target);
            if (viaAlias instanceof FileLookup.NotFound nf) {
                return new FileLookup.NotFound("alias " + requested + " names " + target + ", which "
                        + nf.detail(), nf.closestName());
            }
            return viaAlias;
        }
        return findInRoot(requested, requested);
    }

    /**
     * The folder {@code requested} names (for a directory listing): inside the root, every link
     * resolved; an empty name or "/" is the root itself.
     */
    public FileLookup findFolder(String requested) {
        String problem = requested == null || requested.isEmpty() ? null : nameProblem(requested);
        if (problem != null) {
            return new FileLookup.Refused(RefusalReason.ACCESS_VIOLATION, problem);
        }
        String relative = requested == null ? "" : stripLeadingSeparators(requested);
        Path current = root;
        for (String segment : relative.split("[/\\\\]")) {
            if (segment.isEmpty()) {
                continue;
            }
            current = child(current, segment);
            if (current == null) {
                return new FileLookup.NotFound("does not exist", null);
            }
        }
        Path real;
        try {
            real = current.toRealPath();
        } catch (IOException e) {
            return new FileLookup.NotFound("does not exist", null);
        }
        if (!real.startsWith(root)) {
            return new FileLookup.Refused(RefusalReason.ACCESS_VIOLATION, "a symbolic link leads outside the root");
        }
        if (!Files.isDirectory(real)) {
            return new FileLookup.NotFound("is not a folder", null);
        }
        return new FileLookup.Found(real, real.equals(root) ? "" : relative(real));
    }

    /**
     * Where an upload named {@code requested} may be written: only directly into the root, only a
     * new name (an upload never replaces a file), never through a symbolic link.
     */
    public FileLookup findForWrite(String requested) {
        String problem = nameProblem(requested);
        if (problem != null) {
            return new FileLookup.Refused(RefusalReason.ACCESS_VIOLATION, problem);
        }
        List<String> segments = segments(requested);
        if (segments == null) {
            return new FileLookup.Refused(RefusalReason.WRITE_REFUSED,
                    "names starting with a separator are not accepted (leading-slash-insensitive lookups are off)");
        }
        if (segments.size() != 1) {
            return new FileLookup.Refused(RefusalReason.WRITE_REFUSED, "uploads go only directly into the root");
        }
        Path target = root.resolve(segments.get(0));
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(target)) {
            return new FileLookup.Refused(RefusalReason.FILE_EXISTS, "a file of that name exists; uploads never replace one");
        }
        return new FileLookup.Found(target, segments.get(0));
    }

    private FileLookup findInRoot(String name, String requested) {
        String problem = nameProblem(name);
        if (problem != null) {
            return new FileLookup.Refused(RefusalReason.ACCESS_VIOLATION, problem);
        }
        List<String> segments = segments(name);
        if (segments == null) {
            String stripped = stripLeadingSeparators(name);
            return new FileLookup.NotFound("starts with a separator and leading-slash-insensitive lookups are off",
                    closestName.closestTo(stripped.isEmpty() ? name : stripped));
        }
        if (segments.isEmpty()) {
            return new FileLookup.Refused(RefusalReason.ACCESS_VIOLATION, "names the root folder itself");
        }
        Path current = root;
        for (String segment : segments) {
            Path next = child(current, segment);
            if (next == null) {
                return new FileLookup.NotFound("does not exist", closestName.closestTo(requested));
            }
            current = next;
        }
        Path real;
        try {
            real = current.toRealPath();
        } catch (NoSuchFileException e) {
            // a symbolic link to nothing
            return new FileLookup.NotFound("is a broken symbolic link", closestName.closestTo(requested));
        } catch (IOException e) {
            return new FileLookup.Refused(RefusalReason.IO_ERROR, "cannot be resolved: " + e.getMessage());
        }
        if (!real.startsWith(root)) {
            return new FileLookup.Refused(RefusalReason.ACCESS_VIOLATION, "a symbolic link leads outside the root");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return new FileLookup.Refused(RefusalReason.ACCESS_VIOLATION,
                    Files.isDirectory(real) ? "is a folder" : "is not a regular file");
        }
        if (!Files.isReadable(real)) {
            return new FileLookup.Refused(RefusalReason.ACCESS_VIOLATION, "is not readable by the server");
        }
        return new FileLookup.Found(real, relative(real));
    }

    /**
     * The entry {@code segment} of {@code dir}: the exact name when it exists, else (when
     * case-insensitive lookups are on) the first name in sorted order that matches ignoring case.
     */
    private Path child(Path dir, String segment) {
        Path exact = dir.resolve(segment);
        if (Files.exists(exact, LinkOption.NOFOLLOW_LINKS)) {
            return exact;
        }
        if (!rules.caseInsensitive() || !Files.isDirectory(dir)) {
            return null;
        }
        String best = null;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (n.equalsIgnoreCase(segment) && (best == null || n.compareTo(best) < 0)) {
                    best = n;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return best == null ? null : dir.resolve(best);
    }

    /** Why {@code name} is refused before any lookup, or null. */
    private String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "empty name";
        }
        if (name.length() > rules.maxNameLength()) {
            return "name longer than " + rules.maxNameLength() + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return c == 0 ? "NUL in name" : "control character in name";
            }
        }
        for (String s : name.split("[/\\\\]", -1)) {
            if (s.equals("..") || s.equals(".")) {
                return "'" + s + "' in name";
            }
        }
        return null;
    }

    /**
     * The path segments of a checked name; null when it starts with a separator and such names are
     * not to be looked up.
     */
    private List<String> segments(String name) {
        String relative = stripLeadingSeparators(name);
        if (relative.length() != name.length() && !rules.ignoreLeadingSlash()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String s : relative.split("[/\\\\]")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static String stripLeadingSeparators(String name) {
        int i = 0;
        while (i < name.length() && (name.charAt(i) == '/' || name.charAt(i) == '\\')) {
            i++;
        }
        return name.substring(i);
    }

    private String aliasKey(String name) {
        String key = rules.ignoreLeadingSlash() ? stripLeadingSeparators(name) : name;
        return rules.caseInsensitive() ? key.toLowerCase(Locale.ROOT) : key;
    }

    private String relative(Path real) {
        return root.relativize(real).toString().replace('\\', '/');
    }
}
