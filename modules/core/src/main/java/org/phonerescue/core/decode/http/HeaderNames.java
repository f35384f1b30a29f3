package org.phonerescue.core.decode.http;

import java.util.Locale;
import java.util.Map;

/**
 * Header fields Wireshark 4.0 gives a field of their own (the others are http.unknown_header),
 * and the range fields (RFC 9110 §14) that this decoder adds under names Wireshark lacks.
 */
final class HeaderNames {

    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("authorization", "http.authorization"),
            Map.entry("proxy-authenticate", "http.proxy_authenticate"),
            Map.entry("proxy-authorization", "http.proxy_authorization"),
            Map.entry("www-authenticate", "http.www_authenticate"),
            Map.entry("content-type", "http.content_type"),
            Map.entry("content-length", "http.content_length_header"),
            Map.entry("content-encoding", "http.content_encoding"),
            Map.entry("transfer-encoding", "http.transfer_encoding"),
            Map.entry("upgrade", "http.upgrade"),
            Map.entry("user-agent", "http.user_agent"),
            Map.entry("host", "http.host"),
            Map.entry("connection", "http.connection"),
            Map.entry("cookie", "http.cookie"),
            Map.entry("accept", "http.accept"),
            Map.entry("referer", "http.referer"),
            Map.entry("accept-language", "http.accept_language"),
            Map.entry("accept-encoding", "http.accept_encoding"),
            Map.entry("date", "http.date"),
            Map.entry("cache-control", "http.cache_control"),
            Map.entry("server", "http.server"),
            Map.entry("location", "http.location"),
            Map.entry("sec-websocket-accept", "http.sec_websocket_accept"),
            Map.entry("sec-websocket-extensions", "http.sec_websocket_extensions"),
            Map.entry("sec-websocket-key", "http.sec_websocket_key"),
            Map.entry("sec-websocket-protocol", "http.sec_websocket_protocol"),
            Map.entry("sec-websocket-version", "http.sec_websocket_version"),
            Map.entry("set-cookie", "http.set_cookie"),
            Map.entry("last-modified", "http.last_modified"),
            Map.entry("x-forwarded-for", "http.x_forwarded_for"),
            Map.entry("http2-settings", "http.http2_settings"));

    /** Range requests (RFC 9110 §14): fields of our own, since tshark 4.0 names none. */
    private static final Map<String, String> RANGES = Map.of(
            "range", "http.range",
            "content-range", "http.content_range",
            "accept-ranges", "http.accept_ranges",
            "if-range", "http.if_range");

    private HeaderNames() {
    }

    static String field(String headerName) {
        return FIELDS.get(headerName.toLowerCase(Locale.ROOT));
    }

    static String ranges(String headerName) {
        return RANGES.get(headerName.toLowerCase(Locale.ROOT));
    }
}
