package org.phonerescue.core.transfer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.decode.Field;

/**
 * Follows the opening of TCP connections to HTTP and FTP servers through a capture in one pass,
 * and keeps those that never came up ({@link FailedConnection}). The HTTP and FTP trackers see a
 * transfer only once a request travels over an open connection; a phone whose server is not
 * running, or is firewalled, never gets that far.
 *
 * <p>A connection attempt is a client's SYN to a server port of HTTP (80, 8080), HTTPS (443),
 * FTP (21), or a port named by a provisioning URL in DHCP option 66 ({@code http://10.0.0.5:8000/}).
 * It came up when the server answers SYN-ACK, or when either side sends a segment that
 * acknowledges the other (the capture missed the SYN-ACK); it failed when the server's host
 * answers RST (RFC 9293 §3.10.7.1: a SYN to a closed port), when an ICMP destination-unreachable
 * quotes one of its SYNs, or when the client sends its SYN again and nothing comes back (§3.8.1:
 * the retransmission timeout). A single SYN with nothing after it is left out: the capture may
 * simply end before the answer.
 */
public final class ConnectionAttemptTracker {

    /** The decoded fields this tracker reads, for a filtered decoding. */
    public static final Set<String> FIELDS = Set.of("eth.src", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
            "tcp.srcport", "tcp.dstport", "tcp.flags.syn", "tcp.flags.ack", "tcp.flags.reset", "icmp.type",
            "icmp.code", "icmpv6.type", "icmpv6.code", "dhcp.option.tftp_server_name");

    /**
     * Attempts followed at once ({@link HttpTransferTracker#MAX_CONNECTIONS}, for the same reason).
     * The least recently active goes first and is judged as at the end of the capture.
     */
    public static final int MAX_OPEN = HttpTransferTracker.MAX_CONNECTIONS;
    /** Failed connections kept; more is a scan or a flood, counted in the analysis's warnings. */
    public static final int MAX_FAILED = 10_000;
    /** Frames kept as evidence per attempt (SYNs, ICMP errors). */
    public static final int EVIDENCE_FRAMES = 20;
    /** Ports named by option 66 URLs remembered. */
    static final int MAX_URL_PORTS = 64;

    /** The well-known server ports (RFC 9110 §4.2.1, §4.2.2; RFC 959) and the usual alternative for HTTP. */
    private static final Map<Integer, String> KNOWN_PORTS = Map.of(80, "HTTP", 8080, "HTTP", 443, "HTTPS", 21, "FTP");
    /** A provisioning URL with a port (RFC 3986 §3.2.3), as Snom and Cisco phones are given in option 66. */
    private static final Pattern URL = Pattern.compile("(?i)^\\s*(https?|ftp)://[^/?#]*?:(\\d{1,5})(?:[/?#].*)?$");

    private record Key(Endpoint client, Endpoint server) {
    }

    /** One attempt while it is open. */
    private static final class Attempt {
        final String service;
        final Endpoint client;
        final Endpoint server;
        final String clientMac;
        final long firstFrame;
        final long startTime;
        long lastFrame;
        long endTime;
        int syns;
        final List<Long> synFrames = new ArrayList<>(4);
        long resetFrame = -1;
        final List<IcmpError> icmp = new ArrayList<>(1);
        long connectedLater = -1;

        Attempt(String service, Endpoint client, Endpoint server, String clientMac, long frame, long time) {
            this.service = service;
            this.client = client;
            this.server = server;
            this.clientMac = clientMac;
            this.firstFrame = frame;
            this.startTime = time;
        }

        void syn(long frame, long time) {
            syns++;
            if (synFrames.size() < EVIDENCE_FRAMES) {
                synFrames.add(frame);
            }
            seen(frame, time);
        }

        void seen(long frame, long time) {
            lastFrame = frame;
            endTime = time;
        }

        /** Whether what was seen shows a failure rather than a capture that ended too soon. */
        boolean failed() {
            return resetFrame > 0 || !icmp.isEmpty() || syns >= 2;
        }

        FailedConnection build() {
            FailedConnection.Failure failure = resetFrame > 0 ? FailedConnection.Failure.RESET
                    : !icmp.isEmpty() ? FailedConnection.Failure.ICMP_ERROR : FailedConnection.Failure.NO_ANSWER;
            return new FailedConnection(service, client, clientMac, server, firstFrame, lastFrame, startTime, endTime,
                    syns, List.copyOf(synFrames), failure, resetFrame, List.copyOf(icmp), connectedLater);
        }
    }

    /** Open attempts, the least recently active first (access order). */
    private final LinkedHashMap<Key, Attempt> open = new LinkedHashMap<>(16, 0.75f, true);
    /** Failed attempts, in the order they were judged. */
    private final List<Attempt> failed = new ArrayList<>();
    /**
     * Client address, server address and protocol → failed attempts that no later connection
     * between them for the same protocol has come up after.
     */
    private final Map<String, List<Attempt>> awaitingLater = new HashMap<>();
    /** Server ports of option 66 URLs → service. */
    private final Map<Integer, String> urlPorts = new HashMap<>();
    private long dropped;
    private long closedOut;
    private int mostOpen;

    /** Takes in one packet, in file order. */
    public void accept(PacketView p) {
        if (p.hasLayer("tcp")) {
            segment(p);
        } else if (p.hasLayer("icmp") || p.hasLayer("icmpv6")) {
            icmp(p);
        } else if (p.hasLayer("dhcp")) {
            dhcp(p);
        }
    }

    /** The service of a server port, or null when it is none this tracker follows. */
    private String service(int port) {
        String s = KNOWN_PORTS.get(port);
        return s != null ? s : urlPorts.get(port);
    }

    private void segment(PacketView p) {
        boolean syn = p.flag("tcp.flags.syn");
        boolean ack = p.flag("tcp.flags.ack");
        boolean reset = p.flag("tcp.flags.reset");
        int sport = p.tcpSourcePort();
        int dport = p.tcpDestinationPort();
        String src = p.sourceIp();
        String dst = p.destinationIp();
        if (src == null || dst == null || sport < 0 || dport < 0) {
            return;
        }
        if (syn && !ack && !reset) {
            String service = service(dport);
            if (service == null) {
                return;
            }
            Endpoint client = new Endpoint(src, sport);
            Endpoint server = new Endpoint(dst, dport);
            Key key = new Key(client, server);
            Attempt a = open.get(key);
            if (a == null) {
                a = new Attempt(service, client, server, p.sourceMac(), p.frame(), p.time());
                open(key, a);
            }
            a.syn(p.frame(), p.time()); // a repeat keeps its port and sequence number (RFC 9293 §3.8.1)
            return;
        }
        if (open.isEmpty()) {
            return;
        }
        // from the server: SYN-ACK, RST, or anything that acknowledges; from the client: an acknowledgement
        Attempt fromServer = service(sport) != null ? open.get(new Key(new Endpoint(dst, dport), new Endpoint(src, sport)))
                : null;
        if (fromServer != null) {
            open.remove(new Key(fromServer.client, fromServer.server));
            if (reset) {
                fromServer.resetFrame = p.frame();
                fromServer.seen(p.frame(), p.time());
                judge(fromServer);
            } else {
                connected(fromServer, p.frame());
            }
            return;
        }
        if (ack && !reset && service(dport) != null) {
            Key key = new Key(new Endpoint(src, sport), new Endpoint(dst, dport));
            Attempt a = open.remove(key);
            if (a != null) {
                connected(a, p.frame());
            }
        }
    }

    /** The attempt came up: earlier failures between the same two addresses, for the same protocol, were got past. */
    private void connected(Attempt a, long frame) {
        List<Attempt> earlier = awaitingLater.remove(later(a));
        if (earlier != null) {
            earlier.forEach(e -> e.connectedLater = frame);
        }
    }

    /** RFC 792 type 3, RFC 4443 type 1, quoting a TCP segment of an open attempt. */
    private void icmp(PacketView p) {
        boolean v6 = !p.hasLayer("icmp");
        long type = p.number(v6 ? "icmpv6.type" : "icmp.type", -1);
        if (type != (v6 ? 1 : 3) || open.isEmpty()) {
            return;
        }
        Field src = p.quotedField(v6 ? "ipv6.src" : "ip.src");
        Field dst = p.quotedField(v6 ? "ipv6.dst" : "ip.dst");
        Field sport = p.quotedField("tcp.srcport");
        Field dport = p.quotedField("tcp.dstport");
        if (src == null || dst == null || sport == null || dport == null) {
            return;
        }
        Attempt a = open.get(new Key(new Endpoint(src.text(), (int) sport.longValue()),
                new Endpoint(dst.text(), (int) dport.longValue())));
        if (a == null) {
            return;
        }
        if (a.icmp.size() < EVIDENCE_FRAMES) {
            a.icmp.add(new IcmpError(p.frame(), p.sourceIp(), v6 ? 6 : 4, (int) type,
                    (int) p.number(v6 ? "icmpv6.code" : "icmp.code", -1)));
        }
        a.seen(p.frame(), p.time());
    }

    /** RFC 2132 §9.4 option 66, holding a provisioning URL with a port of its own. */
    private void dhcp(PacketView p) {
        String name = p.text("dhcp.option.tftp_server_name");
        if (name == null || urlPorts.size() >= MAX_URL_PORTS) {
            return;
        }
        Matcher m = URL.matcher(name);
        if (m.matches()) {
            int port = Integer.parseInt(m.group(2));
            if (port > 0 && port <= 65535 && !KNOWN_PORTS.containsKey(port)) {
                urlPorts.putIfAbsent(port, m.group(1).toUpperCase(Locale.ROOT));
            }
        }
    }

    private void open(Key key, Attempt a) {
        open.put(key, a);
        if (open.size() > MAX_OPEN) {
            Iterator<Attempt> eldest = open.values().iterator();
            Attempt old = eldest.next();
            eldest.remove();
            closedOut++;
            judge(old);
        }
        mostOpen = Math.max(mostOpen, open.size());
    }

    /** The most attempts followed at once. */
    public int mostOpen() {
        return mostOpen;
    }

    /** Keeps an attempt that ended (or is no longer followed) when it shows a failure. */
    private void judge(Attempt a) {
        if (!a.failed()) {
            return;
        }
        if (failed.size() >= MAX_FAILED) {
            dropped++;
            return;
        }
        failed.add(a);
        awaitingLater.computeIfAbsent(later(a), k -> new ArrayList<>(1)).add(a);
    }

    /** What a later connection must share with a failed attempt to show the client got through: HTTPS counts as HTTP. */
    private static String later(Attempt a) {
        return a.client.ip() + "|" + a.server.ip() + "|" + (a.service.equals("FTP") ? "FTP" : "HTTP");
    }

    /** Failed connections left out, the latest of more than {@value #MAX_FAILED}. */
    public long droppedFailures() {
        return dropped;
    }

    /** Attempts judged before they ended, the least recently active of more than {@value #MAX_OPEN} open at once. */
    public long closedOutAttempts() {
        return closedOut;
    }

    /** Judges the attempts still open at the end of the capture; the failed ones in order of their first SYN. */
    public List<FailedConnection> finish() {
        for (Attempt a : List.copyOf(open.values())) {
            judge(a);
        }
        open.clear();
        List<FailedConnection> out = new ArrayList<>(failed.size());
        for (Attempt a : failed) {
            out.add(a.build());
        }
        out.sort(java.util.Comparator.comparingLong(FailedConnection::firstFrame));
        return List.copyOf(out);
    }
}
