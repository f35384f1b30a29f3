package org.phonerescue.core.decode.tls;

import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.tcp.StreamContext;
import org.phonerescue.core.decode.tcp.StreamProtocol;

/**
 * TLS records (RFC 8446 §5.1, RFC 5246 §6.2) recognised on any TCP port: the record layer, the
 * handshake message types, the version as Wireshark names it in the Protocol column (the
 * version the server chose once its ServerHello was seen, RFC 8446 §4.2.1 supported_versions
 * for TLS 1.3; the record's version before that), and the message list of the Info column.
 * Records that span segments are asked for whole. Nothing is decrypted.
 */
public final class TlsDissector implements StreamProtocol {

    public static final TlsDissector TCP = new TlsDissector();

    /** TLSPlaintext.length may not exceed 2^14 (+2048 for compressed/protected records, RFC 5246 §6.2.3). */
    private static final int MAX_RECORD = 16384 + 2048;
    private static final String STATE = "tls";

    /** Per connection: the negotiated version and whether each direction switched to encryption. */
    private static final class Session {
        int version = -1;
        final boolean[] encrypted = new boolean[2];
    }

    private TlsDissector() {
    }

    @Override
    public String name() {
        return "tls";
    }

    /**
     * Whether the data starts with a TLS handshake record holding a ClientHello or ServerHello
     * (Wireshark's TLS-over-TCP heuristic looks for the same).
     */
    public static boolean looksLikeTls(Dissection d, int p, int end) {
        if (end - p < 6 || !recordHeader(d, p)) {
            return false;
        }
        int type = d.u8(p);
        int hs = d.u8(p + 5);
        return type == 22 && (hs == 1 || hs == 2);
    }

    /** A plausible record header: content type 20–24, version 3.x, length within bounds. */
    private static boolean recordHeader(Dissection d, int p) {
        int type = d.u8(p);
        return type >= 20 && type <= 24 && d.u8(p + 1) == 3 && d.u8(p + 2) <= 4 && d.u16(p + 3) <= MAX_RECORD;
    }

    @Override
    public int dissect(Dissection d, int p, int end, StreamContext ctx) {
        Session session = ctx.conversation().state(STATE);
        if (session == null) {
            session = new Session();
            ctx.conversation().state(STATE, session);
        }
        List<String> messages = new ArrayList<>(4);
        if ("TCP".equals(d.protocolColumn())) {
            d.info(""); // Wireshark clears the TCP summary before the records
        }
        int q = p;
        int records = 0;
        while (q < end) {
            if (end - q < 5) {
                if (ctx.canDesegment()) {
                    ctx.needMore(q, 5 - (end - q));
                    break;
                }
                break;
            }
            if (!recordHeader(d, q)) {
                if (records == 0 && q == p) {
                    // not a record boundary: data of a record whose start was not seen
                    column(d, session, -1);
                    d.info("Continuation Data");
                    Field tls = d.layer("tls", "Transport Layer Security", q, end - q);
                    d.bytes(tls, "tls.continuation_data", "Continuation Data", q, end - q);
                    return end - p;
                }
                break;
            }
            int length = d.u16(q + 3);
            if (q + 5 + length > end) {
                if (ctx.canDesegment()) {
                    ctx.needMore(q, q + 5 + length - end);
                    break;
                }
            }
            column(d, session, d.u16(q + 1));
            boolean stop = record(d, q, Math.min(end, q + 5 + length), session, ctx.forward(), messages);
            records++;
            if (stop) {
                column(d, session, -2);
                d.info(String.join(", ", messages));
                return end - p;
            }
            q = Math.min(end, q + 5 + length);
        }
        if (records > 0) {
            column(d, session, -2);
            d.info(String.join(", ", messages));
        }
        return Math.max(q - p, records > 0 ? 1 : 0);
    }

    /** Sets the Protocol column from the session's version, or the record's before it is known. */
    private static void column(Dissection d, Session session, int recordVersion) {
        int v = session.version >= 0 ? session.version : recordVersion;
        if (recordVersion == -2 && session.version < 0) {
            return;
        }
        d.protocolColumn(versionName(v));
    }

    static String versionName(int v) {
        return switch (v) {
            case 0x0300 -> "SSLv3";
            case 0x0301 -> "TLSv1";
            case 0x0302 -> "TLSv1.1";
            case 0x0303 -> "TLSv1.2";
            case 0x0304 -> "TLSv1.3";
            default -> "TLS";
        };
    }

    /** One record; returns true when it was malformed and the rest of the data is not read. */
    private static boolean record(Dissection d, int p, int end, Session session, boolean forward,
                                  List<String> messages) {
        int type = d.u8(p);
        int version = d.u16(p + 1);
        int length = d.u16(p + 3);
        String versionText = versionName(version);
        Field tls = d.layer("tls", "Transport Layer Security", p, end - p);
        int dir = forward ? 0 : 1;
        String what = switch (type) {
            case 20 -> "Change Cipher Spec";
            case 21 -> session.encrypted[dir] || end - p - 5 != 2 ? "Encrypted Alert" : "Alert";
            case 22 -> "Handshake Protocol";
            case 23 -> "Application Data Protocol";
            case 24 -> "Heartbeat";
            default -> "Unknown";
        };
        Field rec = d.text(tls, "tls.record", versionText + " Record Layer: " + what, p, end - p);
        if (type == 23 && session.version == 0x0304) {
            d.uint(rec, "tls.record.opaque_type", "Opaque Type", p, 1, type);
        } else {
            d.uint(rec, "tls.record.content_type", "Content Type", p, 1, type);
        }
        d.hex(rec, "tls.record.version", "Version", p + 1, 2, version, 4);
        d.uint(rec, "tls.record.length", "Length", p + 3, 2, length);
        int q = p + 5;
        switch (type) {
            case 20 -> {
                messages.add("Change Cipher Spec");
                if (session.version != 0x0304) {
                    session.encrypted[dir] = true;
                }
            }
            case 21 -> {
                if (what.equals("Alert") && q + 2 <= end) {
                    d.uint(rec, "tls.alert_message.level", "Level", q, 1, d.u8(q));
                    d.uint(rec, "tls.alert_message.desc", "Description", q + 1, 1, d.u8(q + 1));
                    messages.add("Alert (Level: " + (d.u8(q) == 2 ? "Fatal" : "Warning") + ", Description: "
                            + Handshake.alertName(d.u8(q + 1)) + ")");
                } else {
                    messages.add("Encrypted Alert");
                }
            }
            case 22 -> {
                if (session.encrypted[dir]) {
                    messages.add("Encrypted Handshake Message");
                    return false;
                }
                while (q + 4 <= end) {
                    int hsType = d.u8(q);
                    int hsLength = (d.u8(q + 1) << 16) | d.u16(q + 2);
                    String name = Handshake.typeName(hsType);
                    if (name == null || q + 4 + hsLength > end && q > p + 5) {
                        messages.add("Encrypted Handshake Message");
                        return false;
                    }
                    int hsEnd = Math.min(end, q + 4 + hsLength);
                    Field hs = d.text(rec, "tls.handshake", "Handshake Protocol: " + name, q, hsEnd - q);
                    d.uint(hs, "tls.handshake.type", "Handshake Type", q, 1, hsType);
                    d.uint(hs, "tls.handshake.length", "Length", q + 1, 3, hsLength);
                    int chosen = Handshake.body(d, hs, hsType, q + 4, hsEnd);
                    if (hsType == 2 && chosen > 0) {
                        // TLS 1.3 protects its records as application_data (RFC 8446 §5.2): the
                        // other content types stay plaintext
                        session.version = chosen;
                    }
                    messages.add(name);
                    if (hsType == 11 && session.version != 0x0304 && !Handshake.certificates(d, hs, q + 4, hsEnd)) {
                        d.malformed(hs, "a certificate is not valid DER (ITU-T X.690)", q + 4);
                        return true;
                    }
                    q = hsEnd;
                }
            }
            case 23 -> {
                messages.add("Application Data");
                if (end > q) {
                    d.bytes(rec, "tls.app_data", "Encrypted Application Data", q, end - q);
                }
            }
            case 24 -> messages.add("Heartbeat");
            default -> messages.add("Ignored Unknown Record");
        }
        return false;
    }
}
