package org.phonerescue.core.firmware;

import java.util.ArrayList;
import java.util.List;

/**
 * SPA firmware and loader versions ("7.4.4rec", "7.5.2b", "7.6.2f"), and the field rule about them
 * (field notes §1): a loader of 7.5.2b or older needs a recovery tool of 7.5.2b or older, newer
 * loaders newer tools — and the image the tool carries follows the tool's version.
 */
public final class SpaVersions {

    /** The boundary of the rule. */
    public static final String BOUNDARY = "7.5.2b";

    private SpaVersions() {
    }

    /**
     * Compares two versions: the dotted numbers first, then the letter revision that follows the
     * last number ("b" &lt; "c"); a suffix of several letters (the loader's "rec") is not a revision
     * and is left out.
     */
    public static int compare(String a, String b) {
        List<Integer> x = numbers(a);
        List<Integer> y = numbers(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            int d = Integer.compare(i < x.size() ? x.get(i) : 0, i < y.size() ? y.get(i) : 0);
            if (d != 0) {
                return d;
            }
        }
        return Character.compare(revision(a), revision(b));
    }

    /**
     * Whether {@code v} has a version number to compare ("7.4.4rec", "7.6.2f"); "rec" or "garbage"
     * has none, and no side of the rule can be told for it.
     */
    public static boolean readable(String v) {
        return v != null && !numbers(v).isEmpty();
    }

    /** Whether {@code v} is on the old side of the rule (7.5.2b or older). */
    public static boolean oldSide(String v) {
        return compare(v, BOUNDARY) <= 0;
    }

    /**
     * A warning when loader and image sit on different sides of the rule, else null: also null
     * when either is not {@link #readable}, so a caller that reports a fit checks that first.
     */
    public static String mismatch(String loaderVersion, String imageVersion) {
        if (loaderVersion == null || imageVersion == null || numbers(loaderVersion).isEmpty()
                || numbers(imageVersion).isEmpty()) {
            return null;
        }
        boolean loaderOld = oldSide(loaderVersion);
        if (loaderOld == oldSide(imageVersion)) {
            return null;
        }
        return "the loader is " + loaderVersion + " and the image " + imageVersion + ": the vendor's rule puts "
                + (loaderOld ? "a loader of " + BOUNDARY + " or older with tools and images of " + BOUNDARY + " or older"
                : "loaders newer than " + BOUNDARY + " with newer tools and images")
                + "; the phone may take the file and come back in S.O.S. mode — pick an image on the loader's side";
    }

    private static List<Integer> numbers(String v) {
        List<Integer> out = new ArrayList<>();
        for (String part : v.split("\\.")) {
            int i = 0;
            while (i < part.length() && Character.isDigit(part.charAt(i))) {
                i++;
            }
            if (i == 0) {
                break;
            }
            // a version read from the wire or a file may carry any number of digits: no overflow
            out.add(i > 9 ? Integer.MAX_VALUE : Integer.parseInt(part.substring(0, i)));
            if (i < part.length()) {
                break;
            }
        }
        return out;
    }

    private static char revision(String v) {
        int i = v.length() - 1;
        int letters = 0;
        while (i >= 0 && Character.isLetter(v.charAt(i))) {
            i--;
            letters++;
        }
        return letters == 1 ? Character.toLowerCase(v.charAt(v.length() - 1)) : ' ';
    }
}
