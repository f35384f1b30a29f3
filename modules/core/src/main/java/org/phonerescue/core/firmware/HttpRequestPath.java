package org.phonerescue.core.firmware;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file an HTTP request target names, decoded as a server decodes it before it looks the file
 * up: the path of an origin-form ("/a/b?q") or absolute-form ("http://host/a/b") target (RFC 9112
 * §3.2), without query and fragment (RFC 3986 §3.4–3.5), percent-decoded (RFC 3986 §2.1) as UTF-8,
 * and with its dot segments removed (RFC 3986 §5.2.4). Decoding comes first, so "%2E%2E" and
 * "%2F" count as ".." and "/"; both '/' and '\' separate segments, as on a Windows server and in
 * the product's own servers. A target that cannot name a file inside the server's root gets a
 * problem instead of a path; nothing here throws.
 *
 * @param target      the request target as sent
 * @param path        the decoded path ("/snom D785.bin"), starting with '/'; null when there is a problem
 * @param dotSegments whether the decoded path had "." or ".." segments that stayed inside the root
 * @param problem     why the target names no file in the root, or null
 */
public record HttpRequestPath(String target, String path, boolean dotSegments, String problem) {

    /** "scheme://authority" of an absolute-form target (RFC 3986 §3.1–3.2). */
    private static final Pattern ABSOLUTE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*");

    public static HttpRequestPath of(String target) {
        if (target == null || target.isEmpty()) {
            return failed(target == null ? "" : target, "is empty");
        }
        String raw = target;
        int end = indexOfAny(raw, "?#");
        if (end >= 0) {
            raw = raw.substring(0, end);
        }
        if (!raw.startsWith("/")) {
            Matcher m = ABSOLUTE.matcher(raw);
            if (!m.find()) {
                return failed(target, "is neither a path (\"/name\") nor an absolute URL (\"http://host/name\")");
            }
            raw = raw.substring(m.end());
            if (raw.isEmpty()) {
                raw = "/";
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                int cp = raw.codePointAt(i);
                if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                    // half of a UTF-16 pair: no character, so no UTF-8 bytes a server could look up
                    return failed(target, "has half a character at character " + (i + 1) + " (a lone UTF-16 "
                            + "surrogate, " + String.format("U+%04X", cp) + "): no file name has it");
                }
                bytes.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
                continue;
            }
            int high = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (high < 0 || low < 0) {
                return failed(target, "has a '%' at character " + (i + 1) + " that is not followed by two hex digits"
                        + " (\"" + raw.substring(i, Math.min(raw.length(), i + 3)) + "\"): an invalid percent-encoding"
                        + " (RFC 3986 §2.1)");
            }
            bytes.write(high << 4 | low);
            i += 2;
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return failed(target, "decodes to bytes that are not UTF-8: no file name on the server matches them");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return failed(target, "decodes to a control character (" + String.format("%%%02X", (int) c)
                        + "), which no file name has");
            }
        }
        // RFC 3986 §5.2.4, on the decoded segments: a ".." with nothing left to remove climbs out of the root
        Deque<String> segments = new ArrayDeque<>();
        boolean dots = false;
        String[] parts = decoded.split("[/\\\\]", -1);
        for (int i = 1; i < parts.length; i++) {
            String s = parts[i];
            boolean last = i == parts.length - 1;
            if (s.equals(".") || s.equals("..")) {
                dots = true;
                if (s.equals("..")) {
                    if (segments.isEmpty()) {
                        return failed(target, "decodes to \"" + decoded + "\", whose \"..\" climbs out of the server's"
                                + " root");
                    }
                    segments.removeLast();
                }
                if (last) {
                    segments.addLast("");
                }
            } else {
                segments.addLast(s);
            }
        }
        return new HttpRequestPath(target, "/" + String.join("/", segments), dots, null);
    }

    /** Whether the target names a file inside the root. */
    public boolean valid() {
        return problem == null;
    }

    /** Whether decoding changed anything: escapes, a query, an absolute form, dot segments. */
    public boolean decoded() {
        return path != null && !path.equals(target);
    }

    private static HttpRequestPath failed(String target, String problem) {
        return new HttpRequestPath(target, null, false, problem);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
