package org.phonerescue.core.decode.text;

import java.nio.charset.StandardCharsets;

/**
 * Line and token helpers for the text protocols (HTTP, SIP, FTP, syslog …). Lines end in CRLF, a
 * lone LF or a lone CR, as Wireshark accepts them (RFC 9112 §2.2 allows a bare LF to be taken as a
 * line terminator; RFC 3261 §7 uses CRLF). Strings are read as ISO-8859-1 so that every byte maps
 * to one char and offsets stay byte offsets.
 */
public final class TextLines {

    private TextLines() {
    }

    /** Index of the end of the line starting at {@code p} (its CR or LF), or -1 when none before {@code end}. */
    public static int lineEnd(byte[] b, int p, int end) {
        for (int i = p; i < end; i++) {
            if (b[i] == '\n' || b[i] == '\r') {
                return i;
            }
        }
        return -1;
    }

    /** Where the next line starts after the line end at {@code eol} (skips CRLF, LF or CR). */
    public static int nextLine(byte[] b, int eol, int end) {
        if (b[eol] == '\r' && eol + 1 < end && b[eol + 1] == '\n') {
            return eol + 2;
        }
        return eol + 1;
    }

    /**
     * Whether a CR at {@code eol} is the last byte available, so that the LF of a CRLF may still
     * come in the next segment.
     */
    public static boolean mayBeSplitCrlf(byte[] b, int eol, int end) {
        return b[eol] == '\r' && eol + 1 == end;
    }

    public static String string(byte[] b, int p, int end) {
        return new String(b, p, Math.max(0, end - p), StandardCharsets.ISO_8859_1);
    }

    /** Whether {@code b[p, end)} starts with {@code prefix}, ignoring ASCII case. */
    public static boolean startsWithIgnoreCase(byte[] b, int p, int end, String prefix) {
        if (end - p < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            int c = b[p + i] & 0xFF;
            int e = prefix.charAt(i);
            if (c != e && Character.toLowerCase(c) != Character.toLowerCase(e)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A string as tshark -T fields prints it: CR, LF, tab, form feed and backspace as C escapes
     * ("Host: a\\r\\n"), other characters as they are, and bytes above 0x7F (read as ASCII,
     * which they are not) as U+FFFD.
     */
    public static String escaped(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String esc = switch (c) {
                case '\r' -> "\\r";
                case '\n' -> "\\n";
                case '\t' -> "\\t";
                case 0x0C -> "\\f";
                case 0x08 -> "\\b";
                default -> c >= 0x80 ? "\uFFFD" : null;
            };
            if (esc != null && sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (sb != null) {
                if (esc != null) {
                    sb.append(esc);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** Whether every byte of {@code b[p, end)} is printable ASCII or a line/tab character. */
    public static boolean isText(byte[] b, int p, int end) {
        for (int i = p; i < end; i++) {
            int c = b[i] & 0xFF;
            if (c >= 0x7F || c < 0x20 && c != '\r' && c != '\n' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Trims spaces and tabs (RFC 9110 §5.6.3 OWS) around {@code b[p, end)}; returns {start, end}. */
    public static int[] trim(byte[] b, int p, int end) {
        while (p < end && (b[p] == ' ' || b[p] == '\t')) {
            p++;
        }
        while (end > p && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        return new int[] {p, end};
    }
}
