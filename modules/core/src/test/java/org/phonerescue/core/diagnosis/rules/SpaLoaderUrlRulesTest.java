package org.phonerescue.core.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.diagnosis.Diagnose;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.session.Sign;
import org.phonerescue.core.testing.Tshark;

/**
 * An SPA loader whose saved Recovery URL is http://, or whose TFTP URL is answered with ERROR
 * file not found (spa-recovery-protocol.md "The loader's loop", "Fingerprints of an SPA loader on
 * the wire"): {@code spa-loader-url-retry} explains these attempts, and {@code server-unreachable},
 * {@code download-refused} and {@code tftp-file-not-found} leave them to it; the same attempts by
 * a phone not known to be in its loader keep their usual rules. The frames and times the findings
 * cite are checked against what tshark reads from the written scenes.
 */
class SpaLoaderUrlRulesTest {

    static final Host PHONE = SpaRulesTest.PHONE;
    static final Host URL_SERVER = SpaRulesTest.URL_SERVER;
    static final String IMAGE = "/spa50x-30x-7-6-2f.bin";
    /** The loader's User-Agent as the notes give it ("Fingerprints of an SPA loader on the wire"). */
    static final String LOADER_AGENT = "Linksys/SPA-5X51-(88014FA00024)";

    @TempDir
    Path dir;

    /** The frame numbers tshark shows for a display filter. */
    private static List<Long> tshark(Path file, String filter) throws Exception {
        return Tshark.frames(file, filter);
    }

    /**
     * One round of an http:// Recovery URL whose server's host has nothing on port 80: the loader
     * tries its Recovery URL and its Last Upgrade URL, each connection refused by a RST.
     */
    private static void refusedRound(Scenario s, double at, int port) {
        s.at(at);
        for (int i = 0; i < 2; i++) {
            Scenario.TcpConnection c = s.tcp(PHONE, port + i, URL_SERVER, 80);
            c.syn();
            s.after(0.0002);
            c.refuse();
            s.after(1);
        }
    }

    /** Rounds at 5, 21, 47 and 93 s: each 1 s long, then 10, 20, 40 s of back-off and a 5 s listen window. */
    private static final double[] ROUNDS = {5, 21, 47, 93};

    @Test
    void aLoaderWhoseHttpRecoveryUrlIsRefusedIsStillInItsLoader() throws Exception {
        Scenario s = new Scenario();
        long[] dhcp = SpaRulesTest.loaderDhcp(s.at(0));
        for (int i = 0; i < ROUNDS.length; i++) {
            refusedRound(s, ROUNDS[i], 40000 + 2 * i);
        }
        Path file = s.write(dir.resolve("loader-http-refused.pcap"));
        List<Long> syns = tshark(file, "tcp.flags.syn==1 && tcp.flags.ack==0 && tcp.dstport==80");
        List<Long> resets = tshark(file, "tcp.flags.reset==1 && ip.src==" + URL_SERVER.ip());
        assertEquals(8, syns.size());
        assertEquals(8, resets.size());
        List<String[]> times = Tshark.fields(file, "frame.number", "frame.time_relative");
        assertEquals("21.000000000", times.get((int) (long) syns.get(2) - 1)[1], "the second round, as tshark times it");
        assertEquals("93.000000000", times.get((int) (long) syns.get(6) - 1)[1]);

        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "spa-loader-url-retry");
        assertEquals("spa-loader-url-retry", d.verdict(PHONE.mac()).verdict());
        assertEquals(List.of(), Diagnose.findings(d, "server-unreachable"), "one cause, one finding");
        assertEquals(88, f.likelihood());
        assertTrue(f.evidence().containsAll(syns) && f.evidence().containsAll(resets)
                && f.evidence().containsAll(List.of(dhcp[0], dhcp[1])), f.evidence().toString());
        assertTrue(f.explanation().contains("vendor class 'TI-dhcp 0.1' and host name 'TNETV1050SDB' (frames "
                + dhcp[0] + " and " + dhcp[1] + ")"), f.explanation());
        assertFalse(f.explanation().contains("UDP port 2000"), "no TFTP here: " + f.explanation());
        assertTrue(f.explanation().contains("it tried 8 times to connect to 192.168.1.99:80 for HTTP in 4 rounds "
                + "(starting at frame " + syns.get(0) + " (5 s), frame " + syns.get(2) + " (21 s), frame "
                + syns.get(4) + " (47 s) and frame " + syns.get(6) + " (93 s))."), f.explanation());
        assertTrue(f.explanation().contains("No connection to 192.168.1.99:80 came up: HTTP connection to "
                + "192.168.1.99:80 refused: RST (frame " + resets.get(0) + ") after 1 SYN;"), f.explanation());
        assertTrue(f.explanation().contains("waited 15, 25 and 45 s: 10, 20 and 40 s once the 5 s"), f.explanation());
        assertTrue(f.remedy().contains("by HTTP at 192.168.1.99:80 under the path of its Recovery URL")
                && f.remedy().contains("run an HTTP server on that host")
                && f.remedy().contains("start the tool at once"), f.remedy());

        // not known to be in its loader: the same refused connections are an HTTP server that does not answer
        Scenario unknown = new Scenario();
        for (int i = 0; i < ROUNDS.length; i++) {
            refusedRound(unknown, ROUNDS[i], 40000 + 2 * i);
        }
        Diagnosis other = Diagnose.run(unknown);
        assertEquals(List.of(), Diagnose.findings(other, "spa-loader-url-retry"));
        assertEquals("HTTP server does not answer", Diagnose.only(other, "server-unreachable").title());
    }

    /**
     * The loader's DHCP, then the booted firmware's (its own vendor class): the connections that
     * fail after it are the firmware's, not the loader's URL attempts.
     */
    @Test
    void connectionsAfterThePhoneBootedItsFirmwareAreNotTheLoaders() throws Exception {
        Scenario s = new Scenario();
        SpaRulesTest.loaderDhcp(s.at(0));
        long booted = s.at(60).dhcpFromClient(PHONE.mac(), new Scenario.Dhcp(1, 0x4321, PHONE.mac(), 1)
                .option(60, "Cisco SPA504G"));
        refusedRound(s, 70, 41000);
        refusedRound(s, 90, 41002);
        Path file = s.write(dir.resolve("booted-http-refused.pcap"));
        List<String[]> vendor = Tshark.fields(file, "frame.number", "dhcp.option.vendor_class_id");
        assertEquals("Cisco SPA504G", vendor.get((int) booted - 1)[1]);
        Diagnosis d = Diagnose.run(s);
        assertEquals(List.of(), Diagnose.findings(d, "spa-loader-url-retry"));
        Finding f = Diagnose.only(d, "server-unreachable");
        assertEquals("HTTP server does not answer", f.title());
    }

    /** One round of an http:// Recovery URL answered 404, as the loader asks (HTTP/1.0, its User-Agent); the 404's frame. */
    private static long notFoundRound(Scenario s, double at, int port, String agent) {
        s.at(at);
        Scenario.TcpConnection c = s.tcp(PHONE, port, URL_SERVER, 80);
        c.handshake();
        c.client("GET " + IMAGE + " HTTP/1.0\r\nHost: " + URL_SERVER.ip() + "\r\nUser-Agent: " + agent
                + "\r\nConnection: close\r\n\r\n");
        long refused = c.server("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        c.fin(false);
        c.fin(true);
        return refused;
    }

    @Test
    void aRecoveryUrlAnswered404ToTheLoadersUserAgentIsTheLoaders() throws Exception {
        Scenario s = new Scenario();
        long r1 = notFoundRound(s, 0, 40000, LOADER_AGENT);
        long r2 = notFoundRound(s, 20, 40001, LOADER_AGENT);
        Path file = s.write(dir.resolve("loader-http-404.pcap"));
        List<Long> requests = tshark(file, "http.request && http.user_agent == \"" + LOADER_AGENT + "\"");
        assertEquals(2, requests.size());
        assertEquals(List.of(r1, r2), tshark(file, "http.response.code == 404"));

        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "spa-loader-url-retry");
        assertEquals("spa-loader-url-retry", d.verdict(PHONE.mac()).verdict());
        assertEquals(List.of(), Diagnose.findings(d, "download-refused"), "one cause, one finding");
        assertTrue(f.evidence().containsAll(List.of(requests.get(0), requests.get(1), r1, r2)), f.evidence().toString());
        assertTrue(f.explanation().contains("its HTTP requests carry the loader's User-Agent 'Linksys/SPA-5X51-…' "
                + "(frames " + requests.get(0) + " and " + requests.get(1) + ")"), f.explanation());
        assertFalse(f.explanation().contains("88014FA00024"), "the serial stays out: " + f.explanation());
        assertTrue(f.explanation().contains("it asked 192.168.1.99:80 for '" + IMAGE + "' by HTTP 2 times in 2 rounds"),
                f.explanation());
        assertTrue(f.explanation().contains("The HTTP server 192.168.1.99:80 answered 2 of them with 404 Not Found "
                + "(frames " + r1 + " and " + r2 + "): it has no file by that name where it looks."), f.explanation());
        assertTrue(f.remedy().startsWith("Either give the loader what it asks for: put the firmware image for this "
                + "phone as '" + IMAGE + "' on the HTTP server at 192.168.1.99, which answers but has no such file, "
                + "under exactly that name") && f.remedy().contains("start the tool at once"), f.remedy());
        assertFalse(f.remedy().contains("run an HTTP server"), "it runs: " + f.remedy());
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            List<Sign> signs = PhoneSigns.recovery(a, a.device(PHONE.mac()));
            assertEquals(requests, signs.stream().map(Sign::frame).toList(), "the loader's requests show its loader");
            assertTrue(signs.stream().allMatch(g -> g.kind() == Sign.Kind.LOADER), signs.toString());
        }

        // a booted SPA firmware sends a Linksys/Cisco User-Agent too, one naming its model and version: no loader
        Scenario booted = new Scenario();
        String firmware = "Cisco/SPA504G-7.6.2f (88014FA00024)";
        notFoundRound(booted, 0, 40000, firmware);
        notFoundRound(booted, 20, 40001, firmware);
        assertEquals(2, tshark(booted.write(dir.resolve("firmware-http-404.pcap")),
                "http.user_agent == \"" + firmware + "\"").size());
        Diagnosis other = Diagnose.run(booted);
        assertEquals(List.of(), Diagnose.findings(other, "spa-loader-url-retry"));
        assertEquals("download-refused", other.verdict(PHONE.mac()).verdict());
    }

    /** The loader's TFTP Recovery URL answered ERROR 1 by a server that runs, in rounds at 5, 20 and 45 s. */
    private static List<Long> refusedTftp(Scenario s, int clientPort) {
        List<Long> errors = new ArrayList<>();
        double[] starts = {5, 20, 45};
        for (int i = 0; i < starts.length; i++) {
            s.at(starts[i]).udp(PHONE, clientPort, URL_SERVER, 69, Scenario.rrq(IMAGE));
            errors.add(s.after(0.002).udp(URL_SERVER, 3000 + i, PHONE, clientPort, Scenario.error(1, "File not found")));
        }
        return errors;
    }

    @Test
    void aLoaderRefusedItsTftpRecoveryUrlIsToldItIsStillInItsLoader() throws Exception {
        Scenario s = new Scenario();
        long[] dhcp = SpaRulesTest.loaderDhcp(s.at(0));
        List<Long> errors = refusedTftp(s, 2000);
        Path file = s.write(dir.resolve("loader-tftp-not-found.pcap"));
        assertEquals(errors, tshark(file, "tftp.opcode == 5 && tftp.error.code == 1 && udp.dstport == 2000"));
        List<Long> requests = tshark(file, "tftp.opcode == 1 && udp.srcport == 2000");
        assertEquals(3, requests.size());

        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "spa-loader-url-retry");
        assertEquals("spa-loader-url-retry", d.verdict(PHONE.mac()).verdict());
        assertEquals(List.of(), Diagnose.findings(d, "tftp-file-not-found"), "one cause, one finding");
        assertEquals(List.of(), Diagnose.findings(d, "server-unreachable"));
        assertTrue(f.evidence().containsAll(requests) && f.evidence().containsAll(errors)
                && f.evidence().containsAll(List.of(dhcp[0], dhcp[1])), f.evidence().toString());
        assertTrue(f.explanation().startsWith("The phone is still in its SPA recovery loader"), f.explanation());
        assertTrue(f.explanation().contains("loader keeps trying its saved Recovery URL (then its Last Upgrade URL): "
                + "it asked 192.168.1.99 for '" + IMAGE + "' 3 times in 3 rounds"), f.explanation());
        assertTrue(f.explanation().contains("The TFTP server 192.168.1.99 answered 3 of them with ERROR 1 \"File not "
                + "found\" (frames " + errors.get(0) + ", " + errors.get(1) + " and " + errors.get(2) + "): it has no "
                + "file by that name."), f.explanation());
        assertTrue(f.explanation().contains("waited 15 and 25 s: 10 and 20 s once the 5 s"), f.explanation());
        assertTrue(f.remedy().startsWith("Either give the loader what it asks for: put the firmware image for this "
                + "phone as '" + IMAGE + "' on the TFTP server at 192.168.1.99, which answers but has no such file, "
                + "under exactly that name (names are case-sensitive"), f.remedy());
        assertTrue(f.remedy().contains("Or recover it with the recovery tool: power-cycle the phone and start the tool "
                + "at once, so that its Request comes in the 5 s the loader listens"), f.remedy());

        // the same refusals of another TFTP client than the loader's (not from port 2000): a missing file
        Scenario client = new Scenario();
        SpaRulesTest.loaderDhcp(client.at(0));
        List<Long> refused = refusedTftp(client, 3001);
        assertEquals(refused, tshark(client.write(dir.resolve("client-tftp-not-found.pcap")),
                "tftp.opcode == 5 && tftp.error.code == 1 && udp.dstport == 3001"));
        Diagnosis other = Diagnose.run(client);
        assertEquals(List.of(), Diagnose.findings(other, "spa-loader-url-retry"));
        Finding notFound = Diagnose.only(other, "tftp-file-not-found");
        assertTrue(notFound.evidence().containsAll(refused), notFound.evidence().toString());
    }

    /**
     * The engineer puts the image on the server after the loader's refused rounds: the loader's next
     * round gets it. The rounds are history then: information that it was fixed, below what came of
     * the download.
     */
    @Test
    void aRecoveryUrlServedAfterItsRefusedRoundsWasFixedDuringTheCapture() throws Exception {
        Scenario s = new Scenario();
        SpaRulesTest.loaderDhcp(s.at(0));
        refusedTftp(s, 2000);
        long rrq = s.at(90).udp(PHONE, 2000, URL_SERVER, 69, Scenario.rrq(IMAGE));
        s.after(0.01).udp(URL_SERVER, 3100, PHONE, 2000, Scenario.data(1, new byte[512]));
        s.after(0.01).udp(PHONE, 2000, URL_SERVER, 3100, Scenario.ack(1));
        s.after(0.01).udp(URL_SERVER, 3100, PHONE, 2000, Scenario.data(2, new byte[100]));
        long ack = s.after(0.01).udp(PHONE, 2000, URL_SERVER, 3100, Scenario.ack(2));
        Path file = s.write(dir.resolve("loader-tftp-fixed.pcap"));
        assertEquals(List.of(rrq), tshark(file, "tftp.opcode == 1 && frame.time_relative > 60"));
        assertEquals(List.of(ack), tshark(file, "tftp.opcode == 4 && tftp.block == 2"));

        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "spa-loader-url-retry");
        assertEquals(org.phonerescue.core.diagnosis.Severity.INFO, f.severity());
        assertEquals(25, f.likelihood());
        assertTrue(f.explanation().startsWith("The phone was in its SPA recovery loader")
                && f.explanation().contains("loader kept trying its saved Recovery URL"), f.explanation());
        assertTrue(f.explanation().endsWith(" Then it fetched '" + IMAGE + "' completely by TFTP (frames " + rrq + "–"
                + ack + "): this was fixed during the capture."), f.explanation());
        assertTrue(f.evidence().containsAll(List.of(rrq, ack)), f.evidence().toString());
        assertTrue(f.remedy().startsWith("Nothing more to do about these attempts"), f.remedy());
        assertFalse("spa-loader-url-retry".equals(d.verdict(PHONE.mac()).verdict()), "what came of the download first");

        // the phone registering after the refused rounds (recovered by other means): fixed as well
        Scenario booted = new Scenario();
        SpaRulesTest.loaderDhcp(booted.at(0));
        refusedTftp(booted, 2000);
        long register = booted.at(200).sip(PHONE, URL_SERVER, "REGISTER sip:192.168.1.99 SIP/2.0",
                "User-Agent: Cisco/SPA504G-7.6.2f", "Content-Length: 0");
        assertEquals(List.of(register), tshark(booted.write(dir.resolve("loader-then-sip.pcap")), "sip.Method == \"REGISTER\""));
        Diagnosis recovered = Diagnose.run(booted);
        Finding left = Diagnose.only(recovered, "spa-loader-url-retry");
        assertEquals(org.phonerescue.core.diagnosis.Severity.INFO, left.severity());
        assertTrue(left.explanation().endsWith(" Then it sent a SIP REGISTER as Cisco/SPA504G-7.6.2f (frame " + register
                + "): it runs its firmware, so this was fixed during the capture."), left.explanation());
        assertEquals("recovered", recovered.verdict(PHONE.mac()).verdict());
    }

    /** The recovery tool's Requests while the loader tries an http:// URL are unheard as they are during TFTP rounds. */
    @Test
    void requestsWhileTheLoaderTriesAnHttpUrlComeTooLate() throws Exception {
        Scenario s = new Scenario();
        SpaRulesTest.loaderDhcp(s.at(0));
        refusedRound(s, 5, 40000);
        Scenario.TcpConnection c = s.at(8).tcp(PHONE, 40002, URL_SERVER, 80);
        for (double pause : new double[] {0, 1, 2}) {
            s.after(pause);
            c.syn(); // a URL whose host is gone: its SYNs repeated, nothing comes back
        }
        long q = s.at(12).spaRequest(SpaRulesTest.PC, SpaRulesTest.WILDCARD);
        refusedRound(s, 27, 40004);
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("busy-http.pcap")), "frame.number",
                "tcp.dstport", "udp.dstport", "frame.time_relative");
        assertEquals(List.of(String.valueOf(q), "", "4810", "12.000000000"), List.of(theirs.get((int) q - 1)));
        Diagnosis d = Diagnose.run(s);
        Finding late = Diagnose.only(d, "spa-loader-timeout");
        assertTrue(late.explanation().contains("it was trying its recovery URLs by HTTP (rounds starting at frame"),
                late.explanation());
        assertTrue(late.evidence().contains(q), late.evidence().toString());
        assertEquals(List.of(), Diagnose.findings(d, "spa-no-reply"), "one cause, one finding");
        assertEquals(List.of(), Diagnose.findings(d, "server-unreachable"));
    }
}
