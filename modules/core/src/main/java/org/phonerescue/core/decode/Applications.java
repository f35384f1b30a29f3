package org.phonerescue.core.decode;

import org.phonerescue.core.decode.dns.DnsDissector;
import org.phonerescue.core.decode.enip.EnipDissector;
import org.phonerescue.core.decode.ftp.FtpDissector;
import org.phonerescue.core.decode.http.HttpDissector;
import org.phonerescue.core.decode.mysql.MysqlDissector;
import org.phonerescue.core.decode.quic.GquicDissector;
import org.phonerescue.core.decode.sccp.SkinnyDissector;
import org.phonerescue.core.decode.sip.SipDissector;
import org.phonerescue.core.decode.ssh.SshDissector;
import org.phonerescue.core.decode.syslog.SyslogDissector;
import org.phonerescue.core.decode.tcp.StreamContext;
import org.phonerescue.core.decode.tcp.StreamProtocol;
import org.phonerescue.core.decode.tls.TlsDissector;

/**
 * Application protocols over UDP and TCP other than the recovery protocols (TFTP, DHCP, SPA
 * recovery, which are chosen in {@link Transport}), and the choice among them for TCP data, in
 * Wireshark's order: the protocol the connection is bound to (FTP data connections, a
 * conversation a heuristic recognised), then the lower port, the higher port, then the
 * heuristics (HTTP, SIP, TLS), then raw data. Protocols without a dissector of their own are
 * named, so that the packet list says what a capture also carries.
 */
final class Applications {

    private Applications() {
    }

    /** Chooses and runs the protocol for TCP data; falls back to raw data, so never returns 0. */
    static final StreamProtocol TCP = new StreamProtocol() {
        @Override
        public String name() {
            return "tcp";
        }

        @Override
        public int dissect(Dissection d, int p, int end, StreamContext ctx) {
            StreamProtocol bound = ctx.conversation().protocol();
            if (bound != null) {
                int n = bound.dissect(d, p, end, ctx);
                if (n > 0 || ctx.wantsMore()) {
                    return Math.max(n, 1);
                }
            }
            int sport = ctx.conversation().sourcePort(ctx.forward());
            int dport = ctx.conversation().destinationPort(ctx.forward());
            int low = Math.min(sport, dport);
            int high = Math.max(sport, dport);
            int n = tcpPort(d, low, p, end, ctx);
            if (n == 0 && !ctx.wantsMore() && high != low) {
                n = tcpPort(d, high, p, end, ctx);
            }
            if (n == 0 && !ctx.wantsMore()) {
                n = heuristics(d, p, end, ctx);
            }
            if (n == 0 && !ctx.wantsMore()) {
                LinkLayers.data(d, p, end);
            }
            return Math.max(n, 1);
        }
    };

    /** Wireshark's TCP port table for the protocols decoded here (tshark -G decodes). */
    private static int tcpPort(Dissection d, int port, int p, int end, StreamContext ctx) {
        return switch (port) {
            case 80, 8080, 3128, 3132, 5985, 8088, 11371, 1900, 2869, 2710, 3689, 631 ->
                    HttpDissector.TCP.dissect(d, p, end, ctx);
            case 21 -> FtpDissector.CONTROL.dissect(d, p, end, ctx);
            case 20 -> FtpDissector.DATA.dissect(d, p, end, ctx);
            case 5060 -> SipDissector.TCP.dissect(d, p, end, ctx);
            case 53, 5353 -> DnsDissector.TCP.dissect(d, p, end, ctx);
            case 2000 -> SkinnyDissector.TCP.dissect(d, p, end, ctx);
            case 44818 -> EnipDissector.TCP.dissect(d, p, end, ctx);
            case 443, 465, 636, 853, 993, 995, 2221, 2443, 5061, 5671, 8883 -> TlsDissector.TCP.dissect(d, p, end, ctx);
            case 3306 -> MysqlDissector.dissect(d, p, end, ctx);
            case 22, 29418 -> SshDissector.dissect(d, p, end, ctx);
            default -> port >= 6000 && port <= 6063 ? named(d, "x11", "X11", "X11", p, end) : 0;
        };
    }

    /** The TCP heuristics enabled in tshark 4.0 that concern us, in its order (HTTP, SIP, TLS). */
    private static int heuristics(Dissection d, int p, int end, StreamContext ctx) {
        if (HttpDissector.looksLikeHttp(d, p, end)) {
            ctx.conversation().bind(HttpDissector.TCP);
            return HttpDissector.TCP.dissect(d, p, end, ctx);
        }
        if (SipDissector.looksLikeSip(d, p, end)) {
            ctx.conversation().bind(SipDissector.TCP);
            return SipDissector.TCP.dissect(d, p, end, ctx);
        }
        if (TlsDissector.looksLikeTls(d, p, end)) {
            ctx.conversation().bind(TlsDissector.TCP);
            return TlsDissector.TCP.dissect(d, p, end, ctx);
        }
        return 0;
    }

    /** A protocol recognised by its port, shown by name with its payload; returns the bytes taken. */
    static int named(Dissection d, String name, String column, String title, int p, int end) {
        d.column(column, "");
        Field f = d.layer(name, title, p, end - p);
        d.bytes(f, name + ".payload", "Payload", p, end - p);
        return end - p;
    }

    // ---- UDP ----

    static void dns(Dissection d, int p, int end, boolean multicast) {
        DnsDissector.dissect(d, p, end, multicast);
    }

    static void syslog(Dissection d, int p, int end) {
        SyslogDissector.dissect(d, p, end);
    }

    /** SIP over UDP; false when the datagram is not SIP (it is then shown as data). */
    static boolean sip(Dissection d, int p, int end) {
        return SipDissector.dissectDatagram(d, p, end);
    }

    /** GQUIC on UDP 443; false when the datagram is not GQUIC. */
    static boolean gquic(Dissection d, int p, int end, String src, int sport, String dst, int dport) {
        return GquicDissector.dissect(d, p, end, src, sport, dst, dport);
    }

    /** UDP heuristics tried when no port matched: a GQUIC conversation or its first packet, SIP. */
    static boolean udpHeuristics(Dissection d, int p, int end, String src, int sport, String dst, int dport) {
        return GquicDissector.dissect(d, p, end, src, sport, dst, dport)
                || SipDissector.looksLikeSip(d, p, end) && SipDissector.dissectDatagram(d, p, end);
    }

    /** EtherNet/IP class 0/1 I/O on UDP 2222 (CIP I/O). */
    static void cipIo(Dissection d, int p, int end) {
        EnipDissector.cipIo(d, p, end);
    }

    /** EtherNet/IP encapsulation over UDP 44818 (List Identity and the like). */
    static void enip(Dissection d, int p, int end) {
        EnipDissector.datagram(d, p, end);
    }

    static void sap(Dissection d, int p, int end) {
        named(d, "sap", "SAP/SDP", "Session Announcement Protocol", p, end);
    }

    static void dbLspDisc(Dissection d, int p, int end) {
        named(d, "db-lsp-disc", "DB-LSP-DISC/JSON", "Dropbox LAN sync Discovery Protocol", p, end);
    }
}
