package org.phonerescue.core.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Dhcp;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.diagnosis.Diagnose;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.RecoveryAttempt;
import org.phonerescue.core.session.RecoveryAttempts;
import org.phonerescue.core.session.RecoveryPhase;
import org.phonerescue.core.session.Timeline;
import org.phonerescue.core.session.TimelineEvent;
import org.phonerescue.core.testing.Tshark;
import org.phonerescue.core.transfer.FailedConnection;

/**
 * A Snom in rescue mode (or a Cisco phone provisioned by HTTP) whose TCP connections to its
 * HTTP or FTP server never come up: {@code server-unreachable} and {@code subnet-mismatch} see
 * them as they see unanswered TFTP requests. The frames each finding cites are those tshark
 * filters as SYNs, RSTs and ICMP errors in the written scene.
 */
class FailedConnectionRulesTest {

    static final Host PHONE = new Host("00:04:13:24:35:46", "192.168.1.60");
    static final Host SERVER = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");
    static final Host DHCP_SERVER = new Host("00:1b:21:00:00:01", "192.168.1.1");

    @TempDir
    Path dir;

    /** The frame numbers tshark shows for a display filter, in the scenario written to {@code name}. */
    private List<Long> tshark(Scenario s, String name, String filter) throws Exception {
        return Tshark.frames(s.write(dir.resolve(name)), filter);
    }

    /** A Snom given its address by DHCP (its vendor class tells it is a phone), then its attempts. */
    private static Scenario snom() {
        Scenario s = new Scenario();
        lease(s, ack().addresses(3, DHCP_SERVER.ip()));
        return s;
    }

    /** The ACK of a lease of 192.168.1.60/24, without a router yet. */
    private static Dhcp ack() {
        return new Dhcp(2, 7, PHONE.mac(), 5).your(PHONE.ip()).addresses(54, DHCP_SERVER.ip())
                .addresses(1, "255.255.255.0");
    }

    /** DISCOVER, OFFER, REQUEST and {@code ack} (RFC 2131 §3.1); returns the ACK's frame. */
    private static long lease(Scenario s, Dhcp ack) {
        s.at(0).dhcpFromClient(PHONE.mac(), new Dhcp(1, 7, PHONE.mac(), 1).option(60, "snomD785"));
        s.after(0.1).dhcpFromServer(DHCP_SERVER, new Dhcp(2, 7, PHONE.mac(), 2).your(PHONE.ip())
                .addresses(54, DHCP_SERVER.ip()));
        s.after(0.1).dhcpFromClient(PHONE.mac(), new Dhcp(1, 7, PHONE.mac(), 3).option(60, "snomD785"));
        return s.after(0.1).dhcpFromServer(DHCP_SERVER, ack);
    }

    @Test
    void aSynAnsweredByRstIsARefusedHttpConnection() throws Exception {
        Scenario s = snom();
        Scenario.TcpConnection c = s.after(1).tcp(PHONE, 40000, SERVER, 80);
        c.syn();
        s.after(0.0002);
        c.refuse();
        List<Long> syns = tshark(s, "rst.pcap", "tcp.flags.syn==1 && tcp.flags.ack==0");
        List<Long> resets = tshark(s, "rst.pcap", "tcp.flags.reset==1");
        assertEquals(1, syns.size());
        assertEquals(1, resets.size());

        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "server-unreachable");
        assertEquals(PHONE.mac(), f.device());
        assertEquals("server-unreachable", d.verdict(PHONE.mac()).verdict());
        assertEquals("HTTP server does not answer", f.title());
        assertEquals(List.of(syns.get(0), resets.get(0)), f.evidence());
        assertEquals(-1, f.transfer());
        assertEquals("The phone tried once to connect to 192.168.1.10 for HTTP, and no connection came up: HTTP "
                + "connection to 192.168.1.10:80 refused: RST (frame " + resets.get(0) + ") after 1 SYN. A RST means "
                + "the server's host is there, but nothing listens on that port. No HTTP request could be sent.",
                f.explanation());
        assertTrue(f.remedy().startsWith("Start the HTTP server on 192.168.1.10 and make it listen on TCP port 80"),
                f.remedy());
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            FailedConnection fc = a.failedConnections().get(0);
            assertEquals(FailedConnection.Failure.RESET, fc.failure());
            assertEquals("HTTP", fc.service());
            assertEquals(PHONE.ip() + ":40000", fc.client().toString());
            assertEquals(PHONE.mac(), fc.clientMac());
            assertEquals(List.of(syns.get(0)), fc.synFrames());
            assertEquals(resets.get(0), fc.resetFrame());
            assertEquals(-1, fc.connectedLater());
            List<TimelineEvent> events = Timeline.of(a, a.device(PHONE.mac()));
            TimelineEvent e = events.get(events.size() - 1);
            assertEquals(TimelineEvent.Kind.CONNECTION_FAILED, e.kind());
            assertEquals("connection-failed", e.kind().label());
            assertEquals(syns.get(0), e.frame());
            assertEquals("HTTP connection to 192.168.1.10:80 refused: RST (frame " + resets.get(0) + ") after 1 SYN",
                    e.text());
            List<RecoveryAttempt> attempts = RecoveryAttempts.of(a, a.device(PHONE.mac()));
            assertEquals(1, attempts.size());
            assertEquals(RecoveryAttempt.Outcome.FAILED, attempts.get(0).outcome(), "nothing completed after it");
            RecoveryPhase download = attempts.get(0).phases().get(attempts.get(0).phases().size() - 1);
            assertEquals(RecoveryPhase.Kind.DOWNLOAD, download.kind());
            assertEquals(syns.get(0), download.firstFrame());
        }
    }

    @Test
    void synsSentAgainWithoutAnyAnswerAreAnUnansweredFtpServer() throws Exception {
        Scenario s = snom();
        Scenario.TcpConnection c = s.after(1).tcp(PHONE, 40001, SERVER, 21);
        for (double pause : new double[] {0, 1, 2, 4}) {
            s.after(pause);
            c.syn();
        }
        List<Long> syns = tshark(s, "drop.pcap", "tcp.flags.syn==1 && tcp.flags.ack==0");
        assertEquals(4, syns.size());
        assertEquals(3, tshark(s, "drop.pcap", "tcp.analysis.retransmission").size(), "tshark: the repeats");

        Finding f = Diagnose.only(Diagnose.run(s), "server-unreachable");
        assertEquals("FTP server does not answer", f.title());
        assertEquals(syns, f.evidence());
        assertEquals("The phone tried once to connect to 192.168.1.10 for FTP, and no connection came up: FTP "
                + "connection to 192.168.1.10:21 unanswered: 4 SYNs over 7.0 s. Unanswered SYNs mean nobody answered "
                + "at all: no SYN-ACK, no RST, no ICMP error. Nothing in the capture comes from 192.168.1.10 at all. "
                + "No FTP request could be sent.", f.explanation());
        assertTrue(f.remedy().startsWith("Check that the FTP server runs and listens on 192.168.1.10 TCP port 21"),
                f.remedy());
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            FailedConnection fc = a.failedConnections().get(0);
            assertEquals(FailedConnection.Failure.NO_ANSWER, fc.failure());
            assertEquals(4, fc.syns());
            assertEquals(7.0, fc.seconds(), 1e-9);
        }
    }

    @Test
    void anIcmpPortUnreachableQuotingTheSynRefusesTheConnection() throws Exception {
        Scenario s = snom();
        Scenario.TcpConnection c = s.after(1).tcp(PHONE, 40002, SERVER, 8080);
        long syn = c.syn();
        s.after(0.0003);
        s.icmpUnreachable(SERVER, PHONE, 3, syn);
        List<Long> icmp = tshark(s, "reject.pcap", "icmp.type==3 && icmp.code==3 && tcp.dstport==8080");
        assertEquals(1, icmp.size(), "tshark: the ICMP error quotes the SYN to 8080");

        Finding f = Diagnose.only(Diagnose.run(s), "server-unreachable");
        assertEquals(List.of(syn, icmp.get(0)), f.evidence());
        assertTrue(f.explanation().contains("HTTP connection to 192.168.1.10:8080 refused: ICMP port unreachable (type 3, "
                + "code 3) from 192.168.1.10 (frame " + icmp.get(0) + ") after 1 SYN. An ICMP error came back instead "
                + "of an answer: 192.168.1.10 says the port is closed."), f.explanation());
        assertTrue(f.remedy().startsWith("Start the HTTP server on 192.168.1.10 and make it listen on TCP port 8080"),
                f.remedy());
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            FailedConnection fc = a.failedConnections().get(0);
            assertEquals(FailedConnection.Failure.ICMP_ERROR, fc.failure());
            assertEquals(1, fc.icmpErrors().size());
            assertEquals(3, fc.icmpErrors().get(0).type());
            assertEquals(3, fc.icmpErrors().get(0).code());
            assertEquals(4, fc.icmpErrors().get(0).version());
        }
    }

    @Test
    void aConnectionThatComesUpAfterOneRepeatedSynIsNoFailure() throws Exception {
        Scenario s = snom();
        Scenario.TcpConnection c = s.after(1).tcp(PHONE, 40003, SERVER, 80);
        c.syn();
        s.after(1);
        c.syn();
        s.after(0.0002);
        c.synAck();
        c.ack(true);
        s.after(0.001);
        c.client("GET /snomD785-10.1.33.33-r.bin HTTP/1.1\r\nHost: 192.168.1.10\r\n\r\n");
        s.after(0.001);
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        assertEquals(1, tshark(s, "up.pcap", "tcp.flags.syn==1 && tcp.flags.ack==1").size(), "tshark: a SYN-ACK");
        assertEquals(2, tshark(s, "up.pcap", "tcp.flags.syn==1 && tcp.flags.ack==0").size());

        Diagnosis d = Diagnose.run(s);
        assertEquals(List.of(), Diagnose.findings(d, "server-unreachable"));
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            assertEquals(List.of(), a.failedConnections());
            assertEquals(1, a.tcpTransfers().size());
            assertTrue(Timeline.of(a, a.device(PHONE.mac())).stream()
                    .noneMatch(e -> e.kind() == TimelineEvent.Kind.CONNECTION_FAILED));
        }
    }

    @Test
    void aSingleSynAtTheEndOfTheCaptureProvesNothing() throws Exception {
        Scenario s = snom();
        s.after(1).tcp(PHONE, 40004, SERVER, 80).syn();
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            assertEquals(List.of(), a.failedConnections());
        }
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(s), "server-unreachable"));
    }

    @Test
    void aRefusedPortThenAConnectionThatComesUpIsNoFinding() throws Exception {
        // HTTPS refused, then plain HTTP to the same server works: the phone got through
        Scenario s = snom();
        Scenario.TcpConnection tls = s.after(1).tcp(PHONE, 40005, SERVER, 443);
        tls.syn();
        tls.refuse();
        Scenario.TcpConnection http = s.after(0.5).tcp(PHONE, 40006, SERVER, 80);
        http.syn();
        long up = http.synAck();
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            FailedConnection fc = a.failedConnections().get(0);
            assertEquals("HTTPS", fc.service());
            assertEquals(FailedConnection.Failure.RESET, fc.failure());
            assertEquals(up, fc.connectedLater());
        }
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(s), "server-unreachable"));
    }

    @Test
    void aPortFromTheProvisioningUrlIsFollowedToo() throws Exception {
        Scenario s = new Scenario();
        lease(s, ack().addresses(3, DHCP_SERVER.ip()).option(66, "http://192.168.1.10:8000/snom/"));
        Scenario.TcpConnection c = s.after(1).tcp(PHONE, 40007, SERVER, 8000);
        long syn = c.syn();
        long rst = c.refuse();
        Finding f = Diagnose.only(Diagnose.run(s), "server-unreachable");
        assertEquals(List.of(syn, rst), f.evidence());

        Scenario other = snom();
        Scenario.TcpConnection o = other.after(1).tcp(PHONE, 40007, SERVER, 8000);
        o.syn();
        o.refuse();
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(other), "server-unreachable"),
                "port 8000 is no HTTP port without a URL that names it");
    }

    /** The phone gets 192.168.1.60/24 without a router, and tries HTTP to 10.0.0.5. */
    private static Scenario offSubnet(boolean refused, long[] frames) {
        Scenario s = new Scenario();
        frames[0] = lease(s, ack());
        Host far = new Host(SERVER.mac(), "10.0.0.5");
        Scenario.TcpConnection c = s.after(1).tcp(PHONE, 40008, far, 80);
        frames[1] = c.syn();
        if (refused) {
            frames[2] = c.refuse();
        } else {
            s.after(1);
            frames[2] = c.syn();
        }
        return s;
    }

    @Test
    void anHttpServerThePhoneTriesInVainOffItsSubnetIsASubnetMismatch() throws Exception {
        long[] frames = new long[3];
        Scenario s = offSubnet(false, frames);
        assertEquals(List.of(frames[1], frames[2]), tshark(s, "far.pcap", "tcp.flags.syn==1 && ip.dst==10.0.0.5"));
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "subnet-mismatch");
        assertEquals(PHONE.mac(), f.device());
        assertEquals(List.of(frames[0], frames[1], frames[2]), f.evidence());
        assertTrue(f.explanation().contains("Its HTTP server 10.0.0.5 (the server it tried to connect to by HTTP (frame "
                + frames[1] + ")) is outside it, and it gives the phone no router"), f.explanation());
        assertTrue(f.explanation().endsWith("Its HTTP requests and connection attempts to 10.0.0.5 (frames " + frames[1]
                + " and " + frames[2] + ") get no answer."), f.explanation());
        assertEquals(1, Diagnose.findings(d, "server-unreachable").size());

        // the server's host answers the SYN with a RST: the way there works
        Scenario answered = offSubnet(true, frames);
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(answered), "subnet-mismatch"));
    }
    @Test
    void aRouterThatRefusesTheSynWithHostUnreachableIsNoUsableGateway() throws Exception {
        // the phone's router (192.168.1.1, the DHCP server) has no way to 10.0.0.5 and says so
        Scenario s = new Scenario();
        long acked = lease(s, ack().addresses(3, DHCP_SERVER.ip()));
        Host far = new Host(DHCP_SERVER.mac(), "10.0.0.5");
        Scenario.TcpConnection c = s.after(1).tcp(PHONE, 40009, far, 21);
        long syn = c.syn();
        long icmp = s.after(0.001).icmpUnreachable(DHCP_SERVER, PHONE, 1, syn);
        assertEquals(List.of(icmp), tshark(s, "router.pcap", "icmp.type==3 && icmp.code==1 && ip.src==192.168.1.1 "
                + "&& tcp.dstport==21 && ip.dst==192.168.1.60"));
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "subnet-mismatch");
        assertEquals(List.of(acked, syn, icmp), f.evidence());
        assertTrue(f.explanation().contains("Its FTP server 10.0.0.5 (the server it tried to connect to by FTP (frame "
                + syn + ")) is outside it, and the router 192.168.1.1 answers that it cannot forward there: ICMP host "
                + "unreachable (type 3, code 1) from 192.168.1.1 (frame " + icmp + ")."), f.explanation());
        Finding unreachable = Diagnose.only(d, "server-unreachable");
        assertEquals(List.of(syn, icmp), unreachable.evidence());
        assertTrue(unreachable.remedy().startsWith("10.0.0.5 cannot be reached from the phone's network (192.168.1.1 "
                + "has no way there)"), unreachable.remedy());

        // the same router, silent about the SYNs: whether it forwards, server-unreachable tells alone
        Scenario routed = new Scenario();
        lease(routed, ack().addresses(3, DHCP_SERVER.ip()));
        Scenario.TcpConnection r = routed.after(1).tcp(PHONE, 40009, far, 21);
        r.syn();
        routed.after(1);
        r.syn();
        Diagnosis silent = Diagnose.run(routed);
        assertEquals(List.of(), Diagnose.findings(silent, "subnet-mismatch"));
        assertEquals(1, Diagnose.findings(silent, "server-unreachable").size());
    }
}
