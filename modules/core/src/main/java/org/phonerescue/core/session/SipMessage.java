package org.phonerescue.core.session;

import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.decode.Field;

/**
 * A SIP request (RFC 3261 §7.1) or response (§7.2) a device sent. A REGISTER tells that a phone
 * runs its application firmware again (field notes §1: the reliable sign of a successful
 * recovery); the registrar's final response to it tells whether its line works.
 *
 * @param frame        frame number
 * @param time         ns since 1970
 * @param senderMac    Ethernet source
 * @param senderIp     IP source
 * @param receiverIp   IP destination
 * @param method       the request method, e.g. "REGISTER"; null for a response
 * @param userAgent    the User-Agent header (§20.41), or null
 * @param status       a response's status code (§7.2), e.g. 403; -1 for a request
 * @param reason       a response's reason phrase, e.g. "Forbidden"; null for a request
 * @param cseqMethod   the method of the CSeq header (§20.16): what a response answers; null when absent
 */
public record SipMessage(long frame, long time, String senderMac, String senderIp, String receiverIp, String method,
                         String userAgent, int status, String reason, String cseqMethod) {

    public boolean isRequest() {
        return method != null;
    }

    /** A final response (§7.2: 200–699) to a REGISTER. */
    public boolean finalRegisterResponse() {
        return !isRequest() && status >= 200 && "REGISTER".equals(cseqMethod);
    }

    /** "403 Forbidden". */
    public String statusLine() {
        return status + (reason != null && !reason.isBlank() ? " " + reason : "");
    }

    /** The decoded fields {@link #of} reads, for a filtered decoding. */
    static final java.util.Set<String> FIELDS = java.util.Set.of("sip", "sip.Method", "sip.Status-Line",
            "sip.Status-Code", "sip.User-Agent", "sip.CSeq.method");

    /**
     * The SIP messages of a packet as the SIP decoder read them: over UDP or TCP, on whatever port
     * the decoder recognises SIP, one message per "sip" layer (a TCP segment may carry several,
     * RFC 3261 §18.3). Continuation data, which has neither a Request-Line nor a Status-Line, is
     * left out.
     */
    static List<SipMessage> of(PacketView p) {
        List<Field> layers = p.fields("sip");
        if (layers.isEmpty()) {
            return List.of();
        }
        List<SipMessage> out = new ArrayList<>(layers.size());
        for (Field layer : layers) {
            Field method = within(p, "sip.Method", layer);
            Field statusLine = within(p, "sip.Status-Line", layer);
            Field statusCode = within(p, "sip.Status-Code", layer);
            if (method == null && (statusLine == null || statusCode == null)) {
                continue;
            }
            String reason = null;
            if (method == null) {
                // §7.2: "SIP/2.0" SP Status-Code SP Reason-Phrase
                String line = String.valueOf(statusLine.value());
                reason = line.length() > 12 ? line.substring(12).trim() : "";
            }
            Field userAgent = within(p, "sip.User-Agent", layer);
            Field cseqMethod = within(p, "sip.CSeq.method", layer);
            out.add(new SipMessage(p.frame(), p.time(), p.sourceMac(), p.sourceIp(), p.destinationIp(),
                    method == null ? null : method.text(), userAgent == null ? null : userAgent.text(),
                    method == null ? (int) statusCode.longValue() : -1, reason,
                    cseqMethod == null ? null : cseqMethod.text()));
        }
        return out;
    }

    /** The first field of that name inside the bytes of one message's layer. */
    private static Field within(PacketView p, String name, Field layer) {
        for (Field f : p.fields(name)) {
            if (f.source() == layer.source() && f.offset() >= layer.offset()
                    && f.offset() < layer.offset() + layer.length()) {
                return f;
            }
        }
        return null;
    }
}
