package org.phonerescue.core.decode.http;

import java.util.Locale;
import java.util.Set;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.text.TextLines;

/**
 * A message body by its media type (RFC 9110 §8.3), as Wireshark's media-type table dissects it
 * after HTTP: line-based text, URL-encoded forms, JSON, XML, multipart; anything else is raw
 * data. Each adds to the Protocol and Info columns what Wireshark adds ("HTTP/XML",
 * " (text/html)").
 */
public final class MediaBody {

    private static final Set<String> TEXT_LINES = Set.of("text/plain", "text/html", "text/css", "text/javascript",
            "text/csv", "text/vnd.wap.wml", "text/x-component", "application/javascript",
            "application/x-javascript", "application/x-ns-proxy-autoconfig", "text/vnd.sun.j2me.app-descriptor",
            "application/vnd.oma.drm.message");
    private static final Set<String> XML = Set.of("text/xml", "application/xml", "application/soap+xml",
            "application/xhtml+xml", "application/rss+xml", "application/atom+xml", "image/svg+xml",
            "application/pidf+xml", "application/xcap-el+xml", "application/dialog-info+xml",
            "application/simple-message-summary+xml", "application/reginfo+xml", "application/rlmi+xml",
            "application/watcherinfo+xml", "application/vnd.ms-sync.wbxml");
    private static final Set<String> JSON = Set.of("application/json", "application/json-rpc",
            "application/jsonrequest", "application/x-json", "application/vnd.api+json");

    private MediaBody() {
    }

    /** The media type without parameters, lower case ("text/html; charset=x" → "text/html"), or null. */
    public static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        String t = (semi >= 0 ? contentType.substring(0, semi) : contentType).trim().toLowerCase(Locale.ROOT);
        return t.isEmpty() ? null : t;
    }

    /**
     * Dissects {@code d.bytes()[p, end)} as a body of {@code mediaType} (may be null): a layer of
     * its own, and the columns as Wireshark sets them.
     */
    public static void dissect(Dissection d, String mediaType, String contentType, int p, int end) {
        if (end <= p) {
            return;
        }
        if (mediaType != null && TEXT_LINES.contains(mediaType)) {
            textLines(d, mediaType, p, end);
        } else if ("application/x-www-form-urlencoded".equals(mediaType)) {
            form(d, p, end);
        } else if (mediaType != null && XML.contains(mediaType)) {
            d.protocolColumn(d.protocolColumn() + "/XML");
            Field xml = d.layer("xml", "eXtensible Markup Language", p, end - p);
            textChildren(d, xml, p, end);
        } else if (mediaType != null && JSON.contains(mediaType)) {
            d.protocolColumn(d.protocolColumn() + "/JSON");
            d.info(d.info() + ", JavaScript Object Notation (" + mediaType + ")");
            d.layer("json", "JavaScript Object Notation: " + mediaType, p, end - p);
        } else if (mediaType != null && mediaType.startsWith("multipart/")) {
            Multipart.dissect(d, contentType, p, end);
        } else {
            data(d, p, end);
        }
    }

    /** Undecoded bytes, as Wireshark's data protocol. */
    public static void data(Dissection d, int p, int end) {
        Field data = d.layer("data", "Data (" + (end - p) + " bytes)", p, end - p);
        d.bytes(data, "data.data", "Data", p, end - p);
        d.generated(data, "data.len", "Length", (long) (end - p), Integer.toString(end - p));
    }

    private static void textLines(Dissection d, String mediaType, int p, int end) {
        int lines = countLines(d.bytes(), p, end);
        Field f = d.layer("data-text-lines", "Line-based text data: " + mediaType + " (" + lines + " lines)", p, end - p);
        textChildren(d, f, p, end);
        d.info(d.info() + " (" + mediaType + ")");
    }

    private static void form(Dissection d, int p, int end) {
        Field f = d.layer("urlencoded-form", "HTML Form URL Encoded: application/x-www-form-urlencoded", p, end - p);
        byte[] b = d.bytes();
        int q = p;
        while (q < end) {
            int amp = q;
            while (amp < end && b[amp] != '&') {
                amp++;
            }
            int eq = q;
            while (eq < amp && b[eq] != '=') {
                eq++;
            }
            Field pair = d.text(f, "urlencoded-form", "Form item: " + TextLines.string(b, q, amp), q, amp - q);
            String key = decode(TextLines.string(b, q, eq));
            d.string(pair, "urlencoded-form.key", "Key", q, eq - q, key);
            if (eq < amp) {
                d.string(pair, "urlencoded-form.value", "Value", eq + 1, amp - eq - 1,
                        decode(TextLines.string(b, eq + 1, amp)));
            }
            q = amp + 1;
        }
        d.info(d.info() + " (application/x-www-form-urlencoded)");
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static void textChildren(Dissection d, Field parent, int p, int end) {
        byte[] b = d.bytes();
        int q = p;
        while (q < end) {
            int eol = TextLines.lineEnd(b, q, end);
            int next = eol < 0 ? end : TextLines.nextLine(b, eol, end);
            d.text(parent, "", TextLines.escaped(TextLines.string(b, q, next)), q, next - q);
            q = next;
        }
    }

    private static int countLines(byte[] b, int p, int end) {
        int lines = 0;
        int q = p;
        while (q < end) {
            int eol = TextLines.lineEnd(b, q, end);
            lines++;
            q = eol < 0 ? end : TextLines.nextLine(b, eol, end);
        }
        return lines;
    }
}
