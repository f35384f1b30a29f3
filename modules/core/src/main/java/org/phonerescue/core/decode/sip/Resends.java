package org.phonerescue.core.decode.sip;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.phonerescue.core.decode.Addresses;
import org.phonerescue.core.decode.Dissection;

/**
 * SIP retransmissions over UDP (RFC 3261 §17: a client resends a request, a server its final
 * response, until the other side answers). As Wireshark tracks them, per Call-ID and
 * source/destination address and port: a request with the same CSeq and method as the request
 * last seen (ACK and CANCEL excepted), or a final response with the same CSeq, method and status
 * code as the final response last seen, resends that message. At most {@link #MAX} dialogs are
 * remembered.
 */
final class Resends {

    static final int MAX = 8192;

    private static final int REQUEST = 1;
    private static final int PROVISIONAL = 2;
    private static final int FINAL = 3;

    private static final class Transaction {
        long cseq;
        String method;
        int state;
        long frame;
        int code;
    }

    private Resends() {
    }

    /** The frame this message resends, or 0. */
    static long original(Dissection d, String firstLine, SipHeaders.Summary summary, boolean request, boolean udp) {
        if (!udp || summary.callId() == null || summary.cseqNumber() == null
                || d.netSource() == null) {
            return 0;
        }
        long cseq;
        try {
            cseq = Long.parseLong(summary.cseqNumber());
        } catch (NumberFormatException e) {
            return 0;
        }
        Map<String, Transaction> seen = d.state().protocolState("sip.resends",
                () -> new LinkedHashMap<String, Transaction>());
        String key = summary.callId() + "|" + address(d.netSource()) + ":" + d.sourcePort() + ">"
                + address(d.netDestination()) + ":" + d.destinationPort();
        Transaction t = seen.get(key);
        String method = summary.cseqMethod() == null ? "" : summary.cseqMethod();
        int code = request ? 0 : statusCode(firstLine);
        long result = 0;
        if (t == null) {
            t = new Transaction();
            t.cseq = cseq;
            t.method = method;
            t.frame = d.packet().number();
            seen.put(key, t);
            Iterator<String> it = seen.keySet().iterator();
            while (seen.size() > MAX) {
                it.next();
                it.remove();
            }
        } else if (request && cseq == t.cseq && t.state == REQUEST && method.equals(t.method)
                && !method.equals("ACK") && !method.equals("CANCEL")) {
            result = t.frame;
        } else if (!request && cseq == t.cseq && t.state == FINAL && method.equals(t.method) && code >= 200
                && code == t.code) {
            result = t.frame;
        }
        t.cseq = cseq;
        t.method = method;
        if (request) {
            t.state = REQUEST;
            if (result == 0) {
                t.frame = d.packet().number();
            }
        } else if (code >= 200) {
            t.code = code;
            t.state = FINAL;
            if (result == 0) {
                t.frame = d.packet().number();
            }
        } else {
            t.state = PROVISIONAL;
        }
        return result;
    }

    private static int statusCode(String line) {
        try {
            return Integer.parseInt(line.substring(8, 11));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static String address(byte[] a) {
        return a.length == 4 ? Addresses.ipv4(a, 0) : Addresses.ipv6(a, 0);
    }
}
