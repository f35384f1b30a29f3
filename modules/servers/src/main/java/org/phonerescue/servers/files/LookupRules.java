package org.phonerescue.servers.files;

import java.util.Map;

/**
 * How a requested name is matched to a file under the served root.
 *
 * @param caseInsensitive    match names regardless of case when no exact match exists (phones ask
 *                           for {@code SPA504G.bin}, engineers copy {@code spa504g.bin}; Windows
 *                           servers match either)
 * @param ignoreLeadingSlash look {@code /spa71f6.bin} up as {@code spa71f6.bin} (the SPA loader
 *                           keeps the leading slash of the name it was given); when false, a name
 *                           starting with a separator is not found
 * @param aliases            extra names: requested name → file under the root, so one image is
 *                           served under every name the models ask for (Snom per-model names)
 * @param maxNameLength      longer names are refused without a lookup
 */
public record LookupRules(boolean caseInsensitive, boolean ignoreLeadingSlash, Map<String, String> aliases,
                          int maxNameLength) {

    /** Long enough for any name a phone asks for, short enough to refuse garbage early. */
    public static final int DEFAULT_MAX_NAME_LENGTH = 512;

    public LookupRules {
        aliases = Map.copyOf(aliases);
        if (maxNameLength < 1) {
            throw new IllegalArgumentException("maxNameLength " + maxNameLength);
        }
    }

    /** Exact names only (the strictest): case-sensitive, a leading slash is not ignored, no aliases. */
    public static LookupRules exact() {
        return new LookupRules(false, false, Map.of(), DEFAULT_MAX_NAME_LENGTH);
    }

    public LookupRules withCaseInsensitive(boolean on) {
        return new LookupRules(on, ignoreLeadingSlash, aliases, maxNameLength);
    }

    public LookupRules withIgnoreLeadingSlash(boolean on) {
        return new LookupRules(caseInsensitive, on, aliases, maxNameLength);
    }

    public LookupRules withAliases(Map<String, String> aliasToFile) {
        return new LookupRules(caseInsensitive, ignoreLeadingSlash, aliasToFile, maxNameLength);
    }
}
