package org.phonerescue.core.protocol.http;

import java.util.Locale;

/**
 * The transfer codings of an HTTP/1.1 message, from its {@code Transfer-Encoding} field: a list of
 * codings in the order they were applied (RFC 9112 §6.1), names compared without regard to case
 * (§7).
 */
public final class TransferCodings {

    private TransferCodings() {
    }

    /**
     * Whether a message with this {@code Transfer-Encoding} value (null: no such field) is framed
     * by chunks. Only when chunked is the final coding: "gzip, chunked" is, "chunked, gzip" is
     * not — such a response's body runs until the server closes the connection (RFC 9112 §6.3
     * rule 3). Empty list elements are skipped (RFC 9110 §5.6.1); a coding's parameters, after
     * {@code ;}, do not count.
     */
    public static boolean chunked(String transferEncoding) {
        if (transferEncoding == null) {
            return false;
        }
        String last = null;
        for (String element : transferEncoding.split(",")) {
            int parameters = element.indexOf(';');
            String coding = (parameters >= 0 ? element.substring(0, parameters) : element).trim();
            if (!coding.isEmpty()) {
                last = coding;
            }
        }
        return last != null && last.toLowerCase(Locale.ROOT).equals("chunked");
    }

    /**
     * The body length that frames a message, from its {@code Transfer-Encoding} value (null: no
     * such field) and its Content-Length (-1: none): the Content-Length, unless a
     * Transfer-Encoding is present, which overrides it (RFC 9112 §6.3 rule 3); then -1 — the body
     * is chunked, or runs until the server closes the connection.
     */
    public static long framedLength(String transferEncoding, long contentLength) {
        return transferEncoding != null ? -1 : contentLength;
    }
}
