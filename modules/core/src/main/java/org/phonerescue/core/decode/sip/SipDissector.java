package org.phonerescue.core.decode.sip;

import java.util.Locale;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.http.HttpHead;
import org.phonerescue.core.decode.tcp.StreamContext;
import org.phonerescue.core.decode.tcp.StreamProtocol;
import org.phonerescue.core.decode.text.TextLines;

/**
 * SIP (RFC 3261) over UDP and TCP with Wireshark's field names: the Request-Line and Status-Line
 * (§7.1, §7.2), the header fields in full or compact form (§7.3.3) with the parts of Via, From,
 * To, Contact, CSeq and Authorization, and the body by Content-Type (SDP, RFC 4566, turns the
 * Protocol column into "SIP/SDP"). Over TCP a message is delimited by its Content-Length
 * (§18.3) and asked for whole from the reassembler.
 */
public final class SipDissector implements StreamProtocol {

    public static final SipDissector TCP = new SipDissector();

    private SipDissector() {
    }

    @Override
    public String name() {
        return "sip";
    }

    /** Whether the data starts with a SIP Request-Line or Status-Line (Wireshark's SIP heuristic). */
    public static boolean looksLikeSip(Dissection d, int p, int end) {
        byte[] b = d.bytes();
        int eol = TextLines.lineEnd(b, p, end);
        return eol > p && kind(b, p, eol) != 0;
    }

    /**
     * 1 for a Request-Line "Method SP Request-URI SP SIP-Version", 2 for a Status-Line
     * "SIP-Version SP Status-Code SP Reason-Phrase", 0 otherwise.
     */
    static int kind(byte[] b, int p, int eol) {
        String line = TextLines.string(b, p, eol);
        if (line.startsWith("SIP/2.0 ")) {
            return line.length() >= 11 && Character.isDigit(line.charAt(8)) && Character.isDigit(line.charAt(9))
                    && Character.isDigit(line.charAt(10)) ? 2 : 0;
        }
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.lastIndexOf(' ');
        if (sp1 <= 0 || sp2 <= sp1 || !line.substring(sp2 + 1).equals("SIP/2.0")) {
            return 0;
        }
        for (int i = 0; i < sp1; i++) {
            char c = line.charAt(i);
            if (!(Character.isLetterOrDigit(c) || "-.!%*_+`'~".indexOf(c) >= 0)) {
                return 0; // RFC 3261 §25.1: Method = token
            }
        }
        return line.indexOf(':', sp1) > sp1 ? 1 : 0;
    }

    /** SIP in a UDP datagram (one message, §18.3); false when it is not SIP. */
    public static boolean dissectDatagram(Dissection d, int p, int end) {
        byte[] b = d.bytes();
        int eol = TextLines.lineEnd(b, p, end);
        if (eol <= p || kind(b, p, eol) == 0) {
            return false;
        }
        message(d, p, end, eol, false, null);
        return true;
    }

    @Override
    public int dissect(Dissection d, int p, int end, StreamContext ctx) {
        byte[] b = d.bytes();
        int q = p;
        while (q < end) {
            // RFC 5626 §3.5.1 keep-alives: CRLFs between messages
            int blank = q;
            while (blank < end && (b[blank] == '\r' || b[blank] == '\n')) {
                blank++;
            }
            if (blank > q) {
                if (q == p && blank == end) {
                    return 0; // only the CRLFs of a keep-alive (RFC 5626 §3.5.1): not a message
                }
                q = blank;
                continue;
            }
            int eol = TextLines.lineEnd(b, q, end);
            if (eol < 0) {
                if (ctx.canDesegment()) {
                    ctx.needMore(q, StreamContext.ONE_MORE_SEGMENT);
                    return q - p;
                }
                break;
            }
            if (kind(b, q, eol) == 0) {
                if (q == p) {
                    return 0;
                }
                d.text(d.layer("sip", "Session Initiation Protocol", q, end - q), "sip.continuation", "Continuation data",
                        q, end - q);
                return end - p;
            }
            HttpHead head = HttpHead.parse(b, q, end);
            if (head == null) {
                if (ctx.canDesegment()) {
                    ctx.needMore(q, StreamContext.ONE_MORE_SEGMENT);
                    return q - p;
                }
                message(d, q, end, eol, true, ctx);
                return end - p;
            }
            long length = contentLength(head);
            int messageEnd;
            if (length < 0) {
                length = 0; // RFC 3261 §18.3: over a stream a message without Content-Length has no body
            }
            if (head.bodyStart() + length > end) {
                if (ctx.canDesegment()) {
                    ctx.needMore(q, (int) Math.min(Integer.MAX_VALUE, head.bodyStart() + length - end));
                    return q - p;
                }
                messageEnd = end;
            } else {
                messageEnd = (int) (head.bodyStart() + length);
            }
            message(d, q, messageEnd, eol, true, ctx);
            q = messageEnd;
        }
        return Math.max(1, q - p);
    }

    static long contentLength(HttpHead head) {
        String v = head.value("Content-Length");
        if (v == null) {
            v = head.value("l");
        }
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One message in {@code d.bytes()[p, end)}. */
    private static void message(Dissection d, int p, int end, int eol, boolean stream, StreamContext ctx) {
        byte[] b = d.bytes();
        String line = TextLines.string(b, p, eol);
        boolean request = !line.startsWith("SIP/2.0 ");
        boolean again = d.protocolColumn() != null && d.protocolColumn().startsWith("SIP");
        String prefixInfo = again ? d.info() : "";
        String protocol = again ? d.protocolColumn() : "SIP";
        HttpHead head = HttpHead.partial(b, p, end);
        String method = request ? line.substring(0, line.indexOf(' ')) : null;
        Field sip = d.layer("sip", "Session Initiation Protocol" + (request ? " (" + method + ")" : " ("
                + line.substring(8, Math.min(line.length(), 11)) + ")"), p, end - p);
        String info;
        if (request) {
            Field rlTree = d.subtree(sip, "sip.Request-Line", "Request-Line: " + TextLines.escaped(line), p, eol - p,
                    line, TextLines.escaped(line));
            int sp1 = line.indexOf(' ');
            int sp2 = line.lastIndexOf(' ');
            String uri = line.substring(sp1 + 1, sp2);
            d.string(rlTree, "sip.Method", "Method", p, sp1, method);
            d.string(rlTree, "sip.r-uri", "Request-URI", p + sp1 + 1, uri.length(), uri);
            SipUri.parts(d, rlTree, "sip.r-uri", uri, p + sp1 + 1);
            info = "Request: " + method + " " + uri;
        } else {
            Field slTree = d.subtree(sip, "sip.Status-Line", "Status-Line: " + TextLines.escaped(line), p, eol - p,
                    line, TextLines.escaped(line));
            int code = Integer.parseInt(line.substring(8, 11));
            d.uint(slTree, "sip.Status-Code", "Status-Code", p + 8, 3, code);
            info = "Status: " + line.substring(8);
        }
        SipHeaders.Summary summary = SipHeaders.dissect(d, sip, head);
        if (HttpHead.parse(b, p, end) == null && (end == p || b[end - 1] != '\n' && b[end - 1] != '\r')) {
            // the header section does not end (RFC 3261 §7: an empty line must close it)
            d.column(protocol, prefixInfo + TextLines.escaped(info));
            d.malformed(sip, "the header section has no terminating empty line", head.bodyStart());
            return;
        }
        long original = d.isQuoted() ? 0 : Resends.original(d, line, summary, request, !stream);
        d.bool(sip, "sip.resend", "Resent Packet", p, 0, original > 0);
        if (original > 0) {
            d.generated(sip, "sip.resend-original", "Suspected resend of frame", original, Long.toString(original));
        }
        if (!request && summary.cseqMethod() != null) {
            int code = Integer.parseInt(line.substring(8, 11));
            if (code >= 200 && code < 300) {
                info += " (" + summary.cseqMethod() + ")";
            }
        }
        // RFC 3261 §10.2: what a REGISTER does with the bindings, as Wireshark says it
        boolean register = request ? "REGISTER".equals(method) : "REGISTER".equals(summary.cseqMethod());
        if (register) {
            int code = request ? 0 : Integer.parseInt(line.substring(8, 11));
            if (request) {
                if (summary.contactStar() && summary.expiresZero()) {
                    info += "  (remove all bindings)";
                } else if (summary.contactsExpiresZero() > 0) {
                    info += "  (remove " + bindings(summary.contactsExpiresZero()) + ")";
                    if (summary.contacts() > summary.contactsExpiresZero()) {
                        info += " (add " + bindings(summary.contacts() - summary.contactsExpiresZero()) + ")";
                    }
                } else if (summary.contacts() == 0) {
                    info += "  (fetch bindings)";
                } else {
                    info += "  (" + bindings(summary.contacts()) + ")";
                }
            } else if (code >= 200 && code < 300) {
                if (summary.contactsExpiresZero() > 0) {
                    info += "  (removed " + bindings(summary.contactsExpiresZero()) + ")";
                    if (summary.contacts() > summary.contactsExpiresZero()) {
                        info += " (" + bindings(summary.contacts() - summary.contactsExpiresZero()) + " kept)";
                    }
                } else {
                    info += "  (" + bindings(summary.contacts()) + ")";
                }
            }
        }
        d.column(protocol, prefixInfo + TextLines.escaped(info) + " | ");
        int body = head.bodyStart();
        long length = contentLength(head);
        int bodyEnd = length >= 0 ? (int) Math.min(end, body + length) : end;
        if (body < bodyEnd) {
            Field mb = d.text(sip, "", "Message Body", body, bodyEnd - body);
            String type = summary.contentType() == null ? null
                    : summary.contentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
            if ("application/sdp".equals(type)) {
                if (!d.protocolColumn().endsWith("/SDP")) {
                    d.protocolColumn(d.protocolColumn() + "/SDP");
                }
                Sdp.dissect(d, mb, body, bodyEnd);
            } else {
                int q = body;
                while (q < bodyEnd) {
                    int e = TextLines.lineEnd(b, q, bodyEnd);
                    int n = e < 0 ? bodyEnd : TextLines.nextLine(b, e, bodyEnd);
                    d.text(mb, "", TextLines.escaped(TextLines.string(b, q, n)), q, n - q);
                    q = n;
                }
            }
        }
        if (length >= 0 && body + length > end && !d.isQuoted()) {
            d.expert(sip, Field.Severity.WARN, "Content-Length " + length + " goes past the " + (end - body)
                    + " bytes of the message body", body, end - body);
        }
    }

    private static String bindings(int n) {
        return n + " binding" + (n == 1 ? "" : "s");
    }
}
