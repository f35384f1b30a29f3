package org.phonerescue.core.transfer;

/**
 * The part of a file a 206 (Partial Content) response carries, from its Content-Range header
 * (RFC 9110 §14.4): {@code bytes first-last/complete-length}, the complete length "*" when unknown.
 *
 * @param first first byte position
 * @param last  last byte position (inclusive)
 * @param total the file's whole length, or -1 for "*"
 */
public record ByteRange(long first, long last, long total) {

    /** Bytes in the range. */
    public long length() {
        return last - first + 1;
    }

    /** Whether the range is the whole file. */
    public boolean whole() {
        return first == 0 && total >= 0 && last == total - 1;
    }

    /** Reads a Content-Range value; null when it is not a valid byte range (RFC 9110 §14.4 rules). */
    public static ByteRange parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (!v.regionMatches(true, 0, "bytes ", 0, 6)) {
            return null;
        }
        v = v.substring(6).trim();
        int dash = v.indexOf('-');
        int slash = v.indexOf('/');
        if (dash <= 0 || slash < dash) {
            return null;
        }
        long first = number(v.substring(0, dash));
        long last = number(v.substring(dash + 1, slash));
        String complete = v.substring(slash + 1).trim();
        long total = complete.equals("*") ? -1 : number(complete);
        // a valid range has first <= last, and last below the complete length when that is known
        if (first < 0 || last < first || !complete.equals("*") && (total < 0 || last >= total)) {
            return null;
        }
        return new ByteRange(first, last, total);
    }

    private static long number(String s) {
        String t = s.trim();
        if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(t);
    }

    @Override
    public String toString() {
        return first + "-" + last + "/" + (total < 0 ? "*" : Long.toString(total));
    }
}
