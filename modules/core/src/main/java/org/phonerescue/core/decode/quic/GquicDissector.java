package org.phonerescue.core.decode.quic;

import org.phonerescue.core.decode.DecoderState;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;

/**
 * Google QUIC (the pre-IETF "gQUIC", versions Q0xx up to Q043) public header, recognised as
 * Wireshark's heuristic does: a packet with the version flag and a version "Q" + three digits
 * starts a GQUIC conversation; later packets of that conversation are GQUIC whatever their flags.
 * Other UDP traffic on port 443 is not GQUIC (and not decoded further here). Payloads are
 * encrypted except the client's first hellos.
 */
public final class GquicDissector {

    public static final String PROTOCOL = "gquic";

    private GquicDissector() {
    }

    /** Dissects the datagram if it is GQUIC; returns false (and adds nothing) otherwise. */
    public static boolean dissect(Dissection d, int p, int end, String src, int sport, String dst, int dport) {
        if (end - p < 2) {
            return false;
        }
        int flags = d.u8(p);
        boolean version = (flags & 0x01) != 0;
        int cidLength = (flags & 0x08) != 0 ? 8 : 0;
        boolean known = d.state().udpConversation(PROTOCOL, src, sport, dst, dport) != null;
        if (version && (flags & 0x80) == 0) {
            int v = p + 1 + cidLength;
            if (end - v >= 4 && d.u8(v) == 'Q' && digit(d.u8(v + 1)) && digit(d.u8(v + 2)) && digit(d.u8(v + 3))) {
                if (!known && !d.isQuoted()) {
                    d.state().claimUdp(new DecoderState.UdpConversation(PROTOCOL, src, sport, dst), Boolean.TRUE);
                    d.state().claimUdp(new DecoderState.UdpConversation(PROTOCOL, dst, dport, src), Boolean.TRUE);
                }
                known = true;
            }
        }
        if (!known) {
            return false;
        }
        header(d, p, end, flags, version, cidLength);
        return true;
    }

    private static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    private static void header(Dissection d, int p, int end, int flags, boolean version, int cidLength) {
        d.column("GQUIC", "");
        Field q = d.layer("gquic", "GQUIC (Google Quick UDP Internet Connections)", p, end - p);
        d.hex(q, "gquic.puflags", "Public Flags", p, 1, flags, 2);
        d.bool(q, "gquic.puflags.version", "Version", p, 1, version);
        d.bool(q, "gquic.puflags.reset", "Reset", p, 1, (flags & 0x02) != 0);
        int o = p + 1;
        String cid = null;
        if (cidLength == 8 && o + 8 <= end) {
            // Q0xx before Q043 write the connection ID little-endian
            long id = 0;
            for (int i = 7; i >= 0; i--) {
                id = (id << 8) | d.u8(o + i);
            }
            cid = Long.toUnsignedString(id);
            d.string(q, "gquic.cid", "CID: " + cid, o, 8, cid, cid);
            o += 8;
        }
        if (version && o + 4 <= end) {
            String v = new String(d.bytes(), o, 4, java.nio.charset.StandardCharsets.US_ASCII);
            d.string(q, "gquic.version", "Version", o, 4, v);
            o += 4;
        }
        int pnLength = switch ((flags >>> 4) & 3) {
            case 0 -> 1;
            case 1 -> 2;
            case 2 -> 4;
            default -> 6;
        };
        long pkn = -1;
        if (o + pnLength <= end) {
            pkn = 0;
            // Q0xx up to Q038 send the packet number little-endian; from Q039 big-endian
            for (int i = pnLength - 1; i >= 0; i--) {
                pkn = (pkn << 8) | d.u8(o + i);
            }
            d.uint(q, "gquic.packet_number", "Packet Number", o, pnLength, pkn);
            o += pnLength;
        }
        String what = version && contains(d, o, Math.min(end, o + 64), "CHLO") ? "Client Hello"
                : contains(d, o, Math.min(end, o + 64), "SHLO") ? "Server Hello"
                : contains(d, o, Math.min(end, o + 64), "REJ\0") ? "Rejection" : "Payload (Encrypted)";
        if (what.equals("Client Hello")) {
            d.string(q, "gquic.tag", "Tag", o, 0, "CHLO");
        }
        d.info(what + (pkn >= 0 ? ", PKN: " + pkn : "") + (cid != null ? ", CID: " + cid : ""));
    }

    private static boolean contains(Dissection d, int p, int end, String tag) {
        byte[] b = d.bytes();
        outer:
        for (int i = p; i + tag.length() <= end; i++) {
            for (int j = 0; j < tag.length(); j++) {
                if (b[i + j] != tag.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
