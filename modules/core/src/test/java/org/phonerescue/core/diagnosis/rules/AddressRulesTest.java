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
import org.phonerescue.core.testing.Tshark;

/** The addressing rules (duplicate address, subnets), each on a scene that must trigger it and one that must not. */
class AddressRulesTest {

    static final Host PHONE = new Host("00:0e:08:de:ad:01", "192.168.1.50");
    static final Host SERVER = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");
    /** A camera set by hand to the phone's address. */
    static final Host INTRUDER = new Host("00:40:8c:11:22:33", "192.168.1.50");

    @TempDir
    Path dir;

    /** The phone finds the server by ARP and asks it for its configuration. */
    private static void phoneAsks(Scenario s) {
        s.arpRequest(PHONE, SERVER.ip());
        s.after(0.001).arpReply(SERVER, PHONE);
        s.after(0.01).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("SEP000E08DEAD01.cnf.xml"));
    }

    @Test
    void twoMacsAnsweringForThePhonesAddressIsADuplicate() throws Exception {
        Scenario s = new Scenario();
        s.at(0);
        phoneAsks(s);
        long ask = s.after(0.001).arpRequest(SERVER, PHONE.ip());
        long intruder = s.after(0.0005).arpReply(INTRUDER, SERVER);
        long phone = s.after(0.0005).arpReply(PHONE, SERVER);
        s.after(0.01).udp(SERVER, 3000, PHONE, 50000, Scenario.data(1, new byte[100]));
        // tshark: who-has .50 tell .10, then two replies for .50 from two MACs, and its own duplicate-use warning
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("dup.pcap")), "arp.opcode", "arp.src.hw_mac",
                "arp.src.proto_ipv4", "arp.dst.proto_ipv4", "arp.duplicate-address-frame");
        assertEquals(List.of("1", SERVER.mac(), SERVER.ip(), PHONE.ip()), List.of(theirs.get((int) ask - 1)).subList(0, 4));
        assertEquals(List.of("2", INTRUDER.mac(), PHONE.ip(), SERVER.ip()),
                List.of(theirs.get((int) intruder - 1)).subList(0, 4));
        assertEquals(List.of("2", PHONE.mac(), PHONE.ip(), SERVER.ip()), List.of(theirs.get((int) phone - 1)).subList(0, 4));
        // tshark learnt .50 at the phone's MAC from the target of the server's reply (frame 2)
        assertEquals("2", theirs.get((int) intruder - 1)[4], "tshark flags the intruder's reply as a duplicate");
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "duplicate-ip");
        assertEquals(PHONE.mac(), f.device());
        // the phone's first use of the address is its own ARP request (frame 1: sender .50, RFC 826)
        assertEquals(List.of(1L, intruder, phone), f.evidence(),
                "the phone's ARP request (its first packet from the address) and both replies");
        assertTrue(f.explanation().contains("00:40:8c:11:22:33 claims the same address by ARP (frame " + intruder + ")"),
                f.explanation());
        // each of the phone's frames named once: its ARP request is both a claim and its first packet from the address
        assertTrue(f.explanation().startsWith("The phone uses 192.168.1.50 (frames 1 and " + phone + "), and "),
                f.explanation());
        assertTrue(f.remedy().contains("00:40:8c:11:22:33"), f.remedy());
        assertEquals("duplicate-ip", d.verdict(PHONE.mac()).verdict());

        Scenario alone = new Scenario();
        alone.at(0);
        phoneAsks(alone);
        alone.after(0.001).arpRequest(SERVER, PHONE.ip());
        alone.after(0.0005).arpReply(PHONE, SERVER);
        alone.after(0.01).udp(SERVER, 3000, PHONE, 50000, Scenario.data(1, new byte[100]));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(alone), "duplicate-ip"));
    }

    @Test
    void aProbeForTheAddressAnsweredByAnotherMacIsADuplicate() throws Exception {
        Scenario s = new Scenario();
        s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("SEP000E08DEAD01.cnf.xml"));
        long probe = s.after(1).arpProbe(PHONE.mac(), PHONE.ip());
        long answer = s.after(0.001).arp(INTRUDER.mac(), PHONE.mac(), 2, INTRUDER.mac(), PHONE.ip(), PHONE.mac(),
                "0.0.0.0");
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("probe.pcap")), "arp.opcode", "arp.src.proto_ipv4",
                "arp.dst.proto_ipv4", "arp.isprobe");
        assertEquals(List.of("1", "0.0.0.0", PHONE.ip(), "1"), List.of(theirs.get((int) probe - 1)));
        Finding f = Diagnose.only(Diagnose.run(s), "duplicate-ip");
        assertEquals(List.of(1L, probe, answer), f.evidence());

        Scenario unanswered = new Scenario();
        unanswered.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("SEP000E08DEAD01.cnf.xml"));
        unanswered.after(1).arpProbe(PHONE.mac(), PHONE.ip());
        unanswered.after(1).arpAnnouncement(PHONE);
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(unanswered), "duplicate-ip"));
    }

    static final Host DHCP_SERVER = new Host("00:1b:21:00:00:01", "192.168.1.1");
    static final Host FAR_SERVER = new Host("00:1b:21:00:00:01", "10.0.0.5");

    /** DISCOVER, then OFFER and ACK of 192.168.1.50/24 with option 150 and the given routers (option 3). */
    private static long lease(Scenario s, String tftp, String... routers) {
        s.dhcpFromClient(PHONE.mac(), new Dhcp(1, 3, PHONE.mac(), 1).option(60, "Cisco Systems, Inc. IP Phone CP-7961G"));
        Dhcp offer = new Dhcp(2, 3, PHONE.mac(), 2).your(PHONE.ip()).addresses(54, DHCP_SERVER.ip())
                .addresses(1, "255.255.255.0").addresses(150, tftp);
        Dhcp ack = new Dhcp(2, 3, PHONE.mac(), 5).your(PHONE.ip()).addresses(54, DHCP_SERVER.ip())
                .addresses(1, "255.255.255.0").addresses(150, tftp);
        if (routers.length > 0) {
            offer.addresses(3, routers);
            ack.addresses(3, routers);
        }
        s.after(0.1).dhcpFromServer(DHCP_SERVER, offer);
        s.after(0.1).dhcpFromClient(PHONE.mac(), new Dhcp(1, 3, PHONE.mac(), 3));
        return s.after(0.1).dhcpFromServer(DHCP_SERVER, ack);
    }

    @Test
    void aServerOnAnotherSubnetWithoutARouterIsASubnetMismatch() throws Exception {
        Scenario s = new Scenario();
        long ack = lease(s.at(0), FAR_SERVER.ip());
        // tshark: the ACK gives 192.168.1.50, mask 255.255.255.0, TFTP server 10.0.0.5 and no router
        assertEquals(List.of(PHONE.ip(), "255.255.255.0", "10.0.0.5", ""), List.of(Tshark.fields(
                s.write(dir.resolve("norouter.pcap")), "dhcp.ip.your", "dhcp.option.subnet_mask",
                "dhcp.option.tftp_server_address", "dhcp.option.router").get((int) ack - 1)));
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "subnet-mismatch");
        assertEquals(PHONE.mac(), f.device());
        assertEquals(List.of(ack), f.evidence());
        assertTrue(f.explanation().contains("its subnet is 192.168.1.0/24. Its TFTP server 10.0.0.5 (option 150 of the "
                + "DHCP ACK from 192.168.1.1 (frame 4)) is outside it, and it gives the phone no router"), f.explanation());
        assertEquals("subnet-mismatch", d.verdict(PHONE.mac()).verdict());

        Scenario near = new Scenario();
        lease(near.at(0), SERVER.ip());
        near.after(1).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("SEP000E08DEAD01.cnf.xml"));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(near), "subnet-mismatch"), "same subnet: no gateway needed");
    }

    @Test
    void aRouterThatNeverAnswersIsNoGateway() throws Exception {
        Scenario s = new Scenario();
        long ack = lease(s.at(0), FAR_SERVER.ip(), "192.168.1.254");
        long a1 = s.after(1).arpRequest(PHONE, "192.168.1.254");
        long a2 = s.after(1).arpRequest(PHONE, "192.168.1.254");
        long a3 = s.after(1).arpRequest(PHONE, "192.168.1.254");
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("deadrouter.pcap")), "dhcp.option.router",
                "arp.opcode", "arp.dst.proto_ipv4");
        assertEquals("192.168.1.254", theirs.get((int) ack - 1)[0]);
        assertEquals(List.of("", "1", "192.168.1.254"), List.of(theirs.get((int) a3 - 1)));
        Finding f = Diagnose.only(Diagnose.run(s), "subnet-mismatch");
        assertEquals(List.of(ack, a1, a2, a3), f.evidence());
        assertTrue(f.explanation().contains("the router it gives, 192.168.1.254, never answers"), f.explanation());

        Scenario routed = new Scenario();
        lease(routed.at(0), FAR_SERVER.ip(), DHCP_SERVER.ip());
        routed.after(1).arpRequest(PHONE, DHCP_SERVER.ip());
        routed.after(0.001).arpReply(DHCP_SERVER, PHONE);
        routed.after(0.01).udp(PHONE, 50000, FAR_SERVER, 69, Scenario.rrq("SEP000E08DEAD01.cnf.xml"));
        routed.after(0.01).udp(FAR_SERVER, 3000, PHONE, 50000, Scenario.data(1, new byte[100]));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(routed), "subnet-mismatch"),
                "the router answers and the far server's data comes back through it");
    }

    @Test
    void aStaticPhoneAskingInVainForItsGatewayIsASubnetMismatchOnTheUsualMask() {
        Host phone = new Host(PHONE.mac(), "192.168.0.100");
        Scenario s = new Scenario();
        long r1 = s.at(0).udp(phone, 50000, FAR_SERVER, 69, Scenario.rrq("snom370-r.bin"));
        long a1 = s.after(1).arpRequest(phone, "192.168.0.1");
        long a2 = s.after(1).arpRequest(phone, "192.168.0.1");
        long r2 = s.after(1).udp(phone, 50000, FAR_SERVER, 69, Scenario.rrq("snom370-r.bin"));
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "subnet-mismatch");
        assertEquals(75, f.likelihood());
        assertEquals(List.of(r1, a1, a2, r2), f.evidence());
        assertTrue(f.explanation().contains("255.255.255.0 is assumed"), f.explanation());
        assertEquals("server-unreachable", d.verdict(PHONE.mac()).verdict(),
                "without a mask on the wire the unanswered requests stay the verdict");

        Scenario answered = new Scenario();
        answered.at(0).udp(phone, 50000, FAR_SERVER, 69, Scenario.rrq("snom370-r.bin"));
        answered.after(1).arpRequest(phone, "192.168.0.1");
        answered.after(0.001).arpReply(new Host("00:1b:21:00:00:77", "192.168.0.1"), phone);
        answered.after(1).arpRequest(phone, "192.168.0.1");
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(answered), "subnet-mismatch"),
                "the gateway answers ARP");
    }

    static final Host SNOM = new Host("00:04:13:24:35:46", "192.168.0.100");

    @Test
    void aSnomFetchingItsImageByHttpFromAFarServerWithoutGatewayIsASubnetMismatch() throws Exception {
        // rescue mode: address typed in (no DHCP), HTTP chosen; the gateway it was given is not there
        Scenario s = new Scenario();
        long a1 = s.at(0).arpRequest(SNOM, "192.168.0.1");
        long a2 = s.after(1).arpRequest(SNOM, "192.168.0.1");
        long get = s.after(1).tcp(SNOM, 40000, FAR_SERVER, 80).client("GET /snomD785-r.bin HTTP/1.1\r\n"
                + "Host: 10.0.0.5\r\nUser-Agent: snomD785\r\n\r\n");
        long a3 = s.after(1).arpRequest(SNOM, "192.168.0.1");
        // tshark: the GET goes from .100 to 10.0.0.5:80; the ARP requests ask for .1 and nothing answers
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("snom-http.pcap")), "ip.src", "ip.dst",
                "tcp.dstport", "http.request.uri", "arp.dst.proto_ipv4");
        assertEquals(List.of(SNOM.ip(), FAR_SERVER.ip(), "80", "/snomD785-r.bin", ""), List.of(theirs.get((int) get - 1)));
        assertEquals(List.of("", "", "", "", "192.168.0.1"), List.of(theirs.get((int) a3 - 1)));
        Finding f = Diagnose.only(Diagnose.run(s), "subnet-mismatch");
        assertEquals(SNOM.mac(), f.device());
        assertEquals(List.of(a1, a2, get, a3), f.evidence());
        assertEquals(get, f.transfer());
        assertTrue(f.explanation().contains("Its HTTP server 10.0.0.5 (the server it sent HTTP requests to (frame " + get
                + ")) is outside it"), f.explanation());
        assertTrue(f.explanation().contains("Its HTTP requests to 10.0.0.5 (frame " + get + ") get no answer"),
                f.explanation());
        assertTrue(f.remedy().startsWith("Put the phone and the HTTP server on the same subnet"), f.remedy());

        // the same phone with a gateway that answers, and the image coming back through it
        Host gateway = new Host("00:1b:21:00:00:77", "192.168.0.1");
        Scenario routed = new Scenario();
        routed.at(0).arpRequest(SNOM, gateway.ip());
        routed.after(0.001).arpReply(gateway, SNOM);
        Scenario.TcpConnection c = routed.after(0.01).tcp(SNOM, 40000, FAR_SERVER, 80);
        c.handshake();
        c.client("GET /snomD785-r.bin HTTP/1.1\r\nHost: 10.0.0.5\r\n\r\n");
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n");
        long body = c.server(Scenario.content(3000, 5));
        assertEquals("200", Tshark.fields(routed.write(dir.resolve("snom-routed.pcap")), "frame.number",
                "http.response.code").get((int) body - 1)[1]);
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(routed), "subnet-mismatch"));
    }

    @Test
    void anFtpServerOutsideTheLeasedSubnetCountsAndOneThatGreetsThePhoneDoesNot() throws Exception {
        // DHCP gives 192.168.1.50/24 and a router outside that subnet; the phone's RETR to 10.0.0.5 goes unanswered
        Scenario s = new Scenario();
        long ack = lease(s.at(0), SERVER.ip(), "10.0.0.1");
        long retr = s.after(1).tcp(PHONE, 41000, FAR_SERVER, 21).client("RETR snom320-r.bin\r\n");
        List<String[]> theirs = Tshark.fields(s.write(dir.resolve("ftp-far.pcap")), "dhcp.option.router",
                "ip.dst", "ftp.request.command", "ftp.request.arg");
        assertEquals("10.0.0.1", theirs.get((int) ack - 1)[0]);
        assertEquals(List.of("", FAR_SERVER.ip(), "RETR", "snom320-r.bin"), List.of(theirs.get((int) retr - 1)));
        Finding f = Diagnose.only(Diagnose.run(s), "subnet-mismatch");
        assertEquals(List.of(ack, retr), f.evidence());
        assertTrue(f.explanation().contains("Its FTP server 10.0.0.5 (the server it sent FTP requests to (frame " + retr
                + ")) is outside it, and the router it gives, 10.0.0.1, is itself outside that subnet"), f.explanation());

        // the server's greeting reaches the phone: the connection was made, so there is a way, reply or not
        Scenario greeted = new Scenario();
        lease(greeted.at(0), SERVER.ip(), "10.0.0.1");
        Scenario.TcpConnection control = greeted.after(1).tcp(PHONE, 41000, FAR_SERVER, 21);
        control.handshake();
        long hello = control.server("220 ready\r\n");
        control.client("RETR snom320-r.bin\r\n");
        assertEquals("220", Tshark.fields(greeted.write(dir.resolve("ftp-greeted.pcap")), "frame.number",
                "ftp.response.code").get((int) hello - 1)[1]);
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(greeted), "subnet-mismatch"));
    }

    @Test
    void aProvisioningUrlInOption66NamesAnHttpServerToo() throws Exception {
        // a Snom given its provisioning server as a URL in option 66, on 10.0.0.5, and no router
        Scenario s = new Scenario();
        s.at(0).dhcpFromClient(SNOM.mac(), new Dhcp(1, 7, SNOM.mac(), 1).option(60, "snomD785"));
        Dhcp ack = new Dhcp(2, 7, SNOM.mac(), 5).your("192.168.1.60").addresses(54, DHCP_SERVER.ip())
                .addresses(1, "255.255.255.0").option(66, "http://10.0.0.5:8080/snom/");
        long acked = s.after(0.1).dhcpFromServer(DHCP_SERVER, ack);
        assertEquals(List.of("192.168.1.60", "http://10.0.0.5:8080/snom/", ""), List.of(Tshark.fields(
                s.write(dir.resolve("opt66-url.pcap")), "dhcp.ip.your", "dhcp.option.tftp_server_name",
                "dhcp.option.router").get((int) acked - 1)));
        Finding f = Diagnose.only(Diagnose.run(s), "subnet-mismatch");
        assertEquals(SNOM.mac(), f.device());
        assertEquals(List.of(acked), f.evidence());
        assertTrue(f.explanation().contains("Its HTTP server 10.0.0.5 (option 66, \"http://10.0.0.5:8080/snom/\", of the "
                + "DHCP ACK from 192.168.1.1 (frame 2)) is outside it, and it gives the phone no router"), f.explanation());

        Scenario near = new Scenario();
        near.at(0).dhcpFromClient(SNOM.mac(), new Dhcp(1, 7, SNOM.mac(), 1).option(60, "snomD785"));
        near.after(0.1).dhcpFromServer(DHCP_SERVER, new Dhcp(2, 7, SNOM.mac(), 5).your("192.168.1.60")
                .addresses(54, DHCP_SERVER.ip()).addresses(1, "255.255.255.0").option(66, "http://192.168.1.10/snom/"));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(near), "subnet-mismatch"), "the URL's host is on the subnet");
    }
}
