package org.phonerescue.core.decode;

/**
 * Application protocols over UDP and TCP other than the recovery protocols (TFTP, DHCP, SPA
 * recovery, which have packages of their own), and protocols recognised by name only so that
 * the packet list names what a capture also carries.
 */
final class Applications {

    private Applications() {
    }

    /** A protocol recognised by its port, shown by name with its payload. */
    static void named(Dissection d, String name, String column, String title, int p, int end) {
        d.column(column, "");
        Field f = d.layer(name, title, p, end - p);
        d.bytes(f, name + ".payload", "Payload", p, end - p);
    }

    static void dns(Dissection d, int p, int end, boolean multicast) {
        named(d, multicast ? "mdns" : "dns", multicast ? "MDNS" : "DNS", "Domain Name System", p, end);
    }

    static void syslog(Dissection d, int p, int end) {
        named(d, "syslog", "Syslog", "Syslog message", p, end);
    }

    static void sip(Dissection d, int p, int end) {
        named(d, "sip", "SIP", "Session Initiation Protocol", p, end);
    }

    /** EtherNet/IP class 0/1 I/O on UDP 2222 (CIP I/O). */
    static void cipIo(Dissection d, int p, int end) {
        named(d, "enip", "CIP I/O", "EtherNet/IP (Industrial Protocol)", p, end);
    }

    static void sap(Dissection d, int p, int end) {
        named(d, "sap", "SAP/SDP", "Session Announcement Protocol", p, end);
    }

    static void dbLspDisc(Dissection d, int p, int end) {
        named(d, "db-lsp-disc", "DB-LSP-DISC/JSON", "Dropbox LAN sync Discovery Protocol", p, end);
    }

    static void tcpPayload(Dissection d, int p, int end, int sport, int dport, TcpStreams.Stream stream,
                           boolean forward) {
        int low = Math.min(sport, dport);
        int high = Math.max(sport, dport);
        if (!tcpPort(d, low, p, end) && !tcpPort(d, high, p, end)) {
            LinkLayers.data(d, p, end);
        }
    }

    private static boolean tcpPort(Dissection d, int port, int p, int end) {
        switch (port) {
            case 80, 8080 -> named(d, "http", "HTTP", "Hypertext Transfer Protocol", p, end);
            case 21 -> named(d, "ftp", "FTP", "File Transfer Protocol (FTP)", p, end);
            case 20 -> named(d, "ftp-data", "FTP-DATA", "FTP Data", p, end);
            case 5060 -> sip(d, p, end);
            case 2000 -> named(d, "skinny", "SKINNY", "Skinny Client Control Protocol", p, end);
            case 44818 -> named(d, "enip", "ENIP", "EtherNet/IP (Industrial Protocol)", p, end);
            case 22 -> named(d, "ssh", "SSH", "SSH Protocol", p, end);
            case 443 -> named(d, "tls", "TLS", "Transport Layer Security", p, end);
            case 3306 -> named(d, "mysql", "MySQL", "MySQL Protocol", p, end);
            default -> {
                if (port >= 6000 && port <= 6063) {
                    named(d, "x11", "X11", "X11", p, end);
                    return true;
                }
                return false;
            }
        }
        return true;
    }
}
