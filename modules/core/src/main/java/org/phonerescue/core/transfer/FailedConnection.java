package org.phonerescue.core.transfer;

import java.util.List;
import java.util.Locale;

/**
 * A TCP connection a client tried to open to an HTTP or FTP server, and that never came up
 * (RFC 9293 §3.5): its SYNs went unanswered (the client sends them again, with growing pauses),
 * the server's host answered with a RST (nothing listens on the port), or an ICMP
 * destination-unreachable quoting a SYN came back (a closed port behind a firewall that says
 * so, a router without a way there). Field notes §2: a Snom in rescue mode fetches its image by
 * HTTP or FTP; a Cisco phone provisioned by HTTP does the same with its files.
 *
 * @param service        "HTTP", "HTTPS" or "FTP": what the server's port (or the URL the phone was given) is for
 * @param client         the client's address and port
 * @param clientMac      the client's MAC, or null
 * @param server         the server's address and the port the SYNs went to
 * @param firstFrame     the first SYN
 * @param lastFrame      the last frame of the attempt: SYN, RST or ICMP error
 * @param startTime      time of the first SYN (ns since 1970), or {@code PacketView.NO_TIME}
 * @param endTime        time of the last frame, or {@code PacketView.NO_TIME}
 * @param syns           SYNs sent, the first and its repeats
 * @param synFrames      the first {@value ConnectionAttemptTracker#EVIDENCE_FRAMES} of them
 * @param failure        how it failed
 * @param resetFrame     the server's RST, or -1
 * @param icmpErrors     ICMP errors quoting its SYNs (the first {@value ConnectionAttemptTracker#EVIDENCE_FRAMES})
 * @param connectedLater the SYN-ACK of a later connection for the same protocol (HTTP or HTTPS; FTP) from the
 *                       same client address to the same server address that came up, or -1: the client got
 *                       through in the end
 */
public record FailedConnection(String service, Endpoint client, String clientMac, Endpoint server, long firstFrame,
                               long lastFrame, long startTime, long endTime, int syns, List<Long> synFrames,
                               Failure failure, long resetFrame, List<IcmpError> icmpErrors, long connectedLater) {

    /** How a connection failed. */
    public enum Failure {
        /** SYNs sent again and again, nothing came back. */
        NO_ANSWER,
        /** The server's host answered RST: nothing listens on that port (RFC 9293 §3.10.7.1). */
        RESET,
        /** An ICMP destination-unreachable quoting a SYN came back. */
        ICMP_ERROR;

        /** "no-answer", "reset", "icmp-error". */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The protocol the client meant to speak: HTTP (also over TLS) or FTP. */
    public TransferProtocol protocol() {
        return service.equals("FTP") ? TransferProtocol.FTP : TransferProtocol.HTTP;
    }

    /** Seconds from the first SYN to the last frame of the attempt, or 0 without times. */
    public double seconds() {
        return startTime == Long.MIN_VALUE || endTime == Long.MIN_VALUE ? 0 : (endTime - startTime) / 1e9;
    }

    /** Every frame that shows the failure: the SYNs kept, the RST, the ICMP errors; ascending. */
    public List<Long> evidence() {
        java.util.TreeSet<Long> out = new java.util.TreeSet<>(synFrames);
        if (resetFrame > 0) {
            out.add(resetFrame);
        }
        icmpErrors.forEach(e -> out.add(e.frame()));
        return List.copyOf(out);
    }

    /**
     * In words, e.g. "HTTP connection to 10.0.0.5:80 refused: RST (frame 9) after 1 SYN" or
     * "FTP connection to 10.0.0.5:21 unanswered: 5 SYNs over 15.0 s".
     */
    public String describe() {
        String what = service + " connection to " + server;
        String syn = syns + (syns == 1 ? " SYN" : " SYNs");
        return switch (failure) {
            case RESET -> what + " refused: RST (frame " + resetFrame + ") after " + syn;
            case ICMP_ERROR -> what + " refused: " + icmpErrors.get(0).describe() + " after " + syn;
            case NO_ANSWER -> what + " unanswered: " + syn + String.format(Locale.ROOT, " over %.1f s", seconds());
        };
    }
}
