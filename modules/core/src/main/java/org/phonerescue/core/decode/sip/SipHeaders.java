package org.phonerescue.core.decode.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.http.HttpHead;
import org.phonerescue.core.decode.text.TextLines;

/**
 * SIP header fields (RFC 3261 §20) with Wireshark's names, compact forms (§7.3.3) expanded, and
 * the parts phone recovery looks at: Via (§20.42), From/To (§20.20, §20.39), Contact (§20.10),
 * CSeq (§20.16), Authorization (§20.7, digest RFC 2617 §3.2.2).
 */
final class SipHeaders {

    /** What the Info column and the body need from the headers. */
    record Summary(String cseqMethod, String contentType, int contacts, boolean contactStar, boolean expiresZero,
                   int contactsExpiresZero, String callId, String cseqNumber) {
    }

    /** RFC 3261 §7.3.3 and its successors: compact form → full name. */
    private static final Map<String, String> COMPACT = Map.ofEntries(
            Map.entry("a", "Accept-Contact"), Map.entry("b", "Referred-By"), Map.entry("c", "Content-Type"),
            Map.entry("d", "Request-Disposition"), Map.entry("e", "Content-Encoding"), Map.entry("f", "From"),
            Map.entry("i", "Call-ID"), Map.entry("j", "Reject-Contact"), Map.entry("k", "Supported"),
            Map.entry("l", "Content-Length"), Map.entry("m", "Contact"), Map.entry("n", "Identity-Info"),
            Map.entry("o", "Event"), Map.entry("r", "Refer-To"), Map.entry("s", "Subject"), Map.entry("t", "To"),
            Map.entry("u", "Allow-Events"), Map.entry("v", "Via"), Map.entry("x", "Session-Expires"),
            Map.entry("y", "Identity"));

    /** Header names Wireshark gives a field, keyed in lower case, with its spelling. */
    private static final Map<String, String> NAMES = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        for (String n : List.of("Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language",
                "Accept-Resource-Priority", "Alert-Info", "Allow", "Allow-Events", "Answer-Mode",
                "Authentication-Info", "Authorization", "Call-ID", "Call-Info", "Contact", "Content-Disposition",
                "Content-Encoding", "Content-Language", "Content-Length", "Content-Type", "CSeq", "Date",
                "Error-Info", "Event", "Expires", "Feature-Caps", "Flow-Timer", "From", "Geolocation", "History-Info",
                "Identity", "Identity-info", "Info-Package", "In-Reply-To", "Join", "Max-Breadth", "Max-Forwards",
                "MIME-Version", "Min-Expires", "Min-SE", "Organization", "P-Access-Network-Info",
                "P-Asserted-Identity", "P-Asserted-Service", "P-Associated-URI", "P-Called-Party-ID",
                "P-Charging-Function-Addresses", "P-Charging-Vector", "P-Early-Media", "P-Media-Authorization",
                "P-Preferred-Identity", "P-Preferred-Service", "P-Profile-Key", "P-Served-User",
                "P-Visited-Network-ID", "Path", "Priority", "Privacy", "Proxy-Authenticate", "Proxy-Authorization",
                "Proxy-Require", "RAck", "Reason", "Record-Route", "Recv-Info", "Refer-Sub", "Refer-To",
                "Referred-by", "Reject-Contact", "Replaces", "Reply-To", "Request-Disposition", "Require",
                "Resource-Priority", "Retry-After", "Route", "RSeq", "Security-Client", "Security-Server",
                "Security-Verify", "Server", "Service-Route", "Session-Expires", "Session-ID", "SIP-ETag",
                "SIP-If-Match", "Subject", "Subscription-State", "Supported", "Target-Dialog", "Timestamp", "To",
                "Unsupported", "User-Agent", "Via", "Warning", "WWW-Authenticate", "Diversion")) {
            NAMES.put(n, n);
        }
        NAMES.put("SIP-ETag", "ETag");
    }

    /** Header fields that Wireshark types as unsigned integers. */
    private static final java.util.Set<String> NUMERIC = java.util.Set.of("Content-Length", "Expires", "Max-Breadth",
            "Max-Forwards", "Retry-After", "RSeq");

    private SipHeaders() {
    }

    static Summary dissect(Dissection d, Field sip, HttpHead head) {
        byte[] b = d.bytes();
        Field headers = d.text(sip, "sip.msg_hdr", "Message Header", head.lines().isEmpty() ? head.startLineEnd()
                : head.lines().get(0).start(), Math.max(0, head.bodyStart() - head.startLineEnd()));
        String cseqMethod = null;
        String cseqNumber = null;
        String callId = null;
        String contentType = null;
        int contacts = 0;
        boolean contactStar = false;
        boolean expiresZero = false;
        int contactsExpiresZero = 0;
        int contactsExpiresUnknown = 0;
        for (HttpHead.Line l : head.lines()) {
            String name = l.name();
            String full = name.length() == 1 ? COMPACT.getOrDefault(name.toLowerCase(Locale.ROOT), name) : name;
            String canonical = NAMES.get(full);
            String raw = TextLines.string(b, l.start(), l.end());
            String value = l.value();
            int vo = l.valueStart();
            if (canonical == null) {
                d.text(headers, "", TextLines.escaped(raw), l.start(), l.end() - l.start());
                continue;
            }
            Field f;
            if (NUMERIC.contains(canonical)) {
                // tshark 4.0 reads these as numbers; text that is not one shows as 0
                long number = 0;
                try {
                    number = Long.parseLong(value.trim());
                } catch (NumberFormatException e) {
                    number = 0;
                }
                f = d.subtree(headers, "sip." + canonical, TextLines.escaped(raw), l.start(), l.end() - l.start(),
                        number, Long.toString(number));
            } else {
                f = d.subtree(headers, "sip." + canonical, TextLines.escaped(raw), l.start(), l.end() - l.start(),
                        value, TextLines.escaped(value));
            }
            switch (canonical.toLowerCase(Locale.ROOT)) {
                case "via" -> {
                    int off = vo;
                    for (String via : splitTop(value)) {
                        via(d, f, via.trim(), off);
                        off += via.length() + 1;
                    }
                }
                case "from" -> nameAddr(d, f, "sip.from", value, vo, true);
                case "to" -> nameAddr(d, f, "sip.to", value, vo, true);
                case "contact" -> {
                    if (value.trim().equals("*")) {
                        contactStar = true;
                        break;
                    }
                    int off = vo;
                    for (String c : splitTop(value)) {
                        contacts++;
                        String[] na = SipUri.nameAddr(c);
                        String exp = SipUri.parameter(na[2], "expires");
                        if ("0".equals(exp)) {
                            contactsExpiresZero++;
                        }
                        // tshark 4.0 counts every contact as one whose expiry the Expires header may set
                        contactsExpiresUnknown++;
                        nameAddr(d, f, "sip.contact", c.trim(), off, false);
                        off += c.length() + 1;
                    }
                }
                case "cseq" -> {
                    String[] parts = value.trim().split("\\s+");
                    cseqNumber = parts[0];
                    if (parts.length >= 1) {
                        try {
                            d.uint(f, "sip.CSeq.seq", "Sequence Number", vo, parts[0].length(),
                                    Long.parseLong(parts[0]));
                        } catch (NumberFormatException e) {
                            d.expert(f, Field.Severity.WARN, "CSeq number is not a number", vo, value.length());
                        }
                    }
                    if (parts.length >= 2) {
                        cseqMethod = parts[1];
                        d.string(f, "sip.CSeq.method", "Method", vo + value.indexOf(parts[1]), parts[1].length(),
                                parts[1]);
                    }
                }
                case "content-type" -> contentType = value;
                case "call-id" -> callId = value.trim();
                case "expires" -> expiresZero = value.trim().equals("0");
                case "authorization", "proxy-authorization", "www-authenticate", "proxy-authenticate" ->
                        authorization(d, f, value, vo);
                default -> {
                }
            }
        }
        if (expiresZero) {
            contactsExpiresZero += contactsExpiresUnknown;
        }
        return new Summary(cseqMethod, contentType, contacts, contactStar, expiresZero, contactsExpiresZero, callId,
                cseqNumber);
    }

    /** Splits a header value at commas outside quotes and angle brackets (RFC 3261 §7.3.1). */
    static List<String> splitTop(String value) {
        List<String> out = new ArrayList<>(1);
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                depth++;
            } else if (!quoted && c == '>') {
                depth = Math.max(0, depth - 1);
            } else if (!quoted && depth == 0 && c == ',') {
                out.add(value.substring(start, i));
                start = i + 1;
            }
        }
        out.add(value.substring(start));
        return out;
    }

    /** via-parm = sent-protocol LWS sent-by *( SEMI via-params ) (§20.42). */
    private static void via(Dissection d, Field f, String via, int offset) {
        int slash = via.lastIndexOf('/', Math.max(0, via.indexOf(' ') < 0 ? via.length() - 1 : via.indexOf(' ')));
        int sp = via.indexOf(' ');
        if (sp < 0) {
            return;
        }
        String transport = via.substring(slash + 1, sp).trim();
        d.string(f, "sip.Via.transport", "Transport", offset + slash + 1, transport.length(), transport);
        String rest = via.substring(sp).trim();
        int semi = rest.indexOf(';');
        String sentBy = semi < 0 ? rest : rest.substring(0, semi);
        String params = semi < 0 ? "" : rest.substring(semi);
        String host = sentBy;
        String port = null;
        int colon = sentBy.lastIndexOf(':');
        if (colon > 0 && sentBy.indexOf(']') < colon) {
            host = sentBy.substring(0, colon);
            port = sentBy.substring(colon + 1);
        }
        d.string(f, "sip.Via.sent-by.address", "Sent-by Address", offset + sp, host.length(), host);
        if (port != null) {
            try {
                d.uint(f, "sip.Via.sent-by.port", "Sent-by port", offset + sp, port.length(), Long.parseLong(port.trim()));
            } catch (NumberFormatException e) {
                d.expert(f, Field.Severity.WARN, "Via sent-by port is not a number", offset + sp, port.length());
            }
        }
        for (String param : params.split(";")) {
            String t = param.trim();
            if (t.isEmpty()) {
                continue;
            }
            int eq = t.indexOf('=');
            String key = (eq < 0 ? t : t.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String v = eq < 0 ? t : t.substring(eq + 1).trim();
            switch (key) {
                case "branch" -> d.string(f, "sip.Via.branch", "Branch", offset, v.length(), v);
                case "rport" -> d.string(f, "sip.Via.rport", "RPort", offset, v.length(), v);
                case "received" -> d.string(f, "sip.Via.received", "Received", offset, v.length(), v);
                case "maddr" -> d.string(f, "sip.Via.maddr", "Maddr", offset, v.length(), v);
                case "ttl" -> d.string(f, "sip.Via.ttl", "TTL", offset, v.length(), v);
                default -> {
                }
            }
        }
    }

    private static void nameAddr(Dissection d, Field f, String prefix, String value, int offset, boolean tag) {
        String[] na = SipUri.nameAddr(value);
        String title = prefix.substring(4);
        if (na[0] != null) {
            d.string(f, prefix + ".display.info", "SIP " + title + " display info", offset, na[0].length(), na[0]);
        }
        int uriOffset = offset + Math.max(0, value.indexOf(na[1]));
        d.string(f, prefix.equals("sip.contact") ? "sip.contact.uri" : prefix + ".addr", "SIP " + title + " address",
                uriOffset, na[1].length(), na[1]);
        SipUri.parts(d, f, prefix, na[1], uriOffset);
        if (tag) {
            String t = SipUri.parameter(na[2], "tag");
            if (t != null) {
                d.string(f, prefix + ".tag", "SIP " + title + " tag", offset, t.length(), t);
            }
        }
    }

    /** credentials = "Digest" LWS digest-response *(COMMA ...) (RFC 3261 §25.1, RFC 2617 §3.2.2). */
    private static void authorization(Dissection d, Field f, String value, int offset) {
        String v = value.trim();
        int sp = v.indexOf(' ');
        String scheme = sp < 0 ? v : v.substring(0, sp);
        d.string(f, "sip.auth.scheme", "Authentication Scheme", offset, scheme.length(), scheme);
        if (sp < 0) {
            return;
        }
        for (String part : splitTop(v.substring(sp + 1))) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String val = part.substring(eq + 1).trim();
            String field = switch (key) {
                case "username" -> "sip.auth.username";
                case "realm" -> "sip.auth.realm";
                case "nonce" -> "sip.auth.nonce";
                case "uri" -> "sip.auth.uri";
                case "response" -> "sip.auth.digest.response";
                case "algorithm" -> "sip.auth.algorithm";
                case "cnonce" -> "sip.auth.cnonce";
                case "opaque" -> "sip.auth.opaque";
                case "qop" -> "sip.auth.qop";
                case "nc" -> "sip.auth.nc";
                case "domain" -> "sip.auth.domain";
                case "stale" -> "sip.auth.stale";
                default -> null;
            };
            if (field != null) {
                d.string(f, field, key, offset, val.length(), val);
            }
        }
    }
}
