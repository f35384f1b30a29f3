package org.phonerescue.core.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.Scenario;
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
        assertEquals(List.of(1L, 3L, intruder, phone), f.evidence(),
                "the phone's ARP request, its first packet from the address, both replies");
        assertTrue(f.explanation().contains("00:40:8c:11:22:33 claims the same address by ARP (frame " + intruder + ")"),
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
}
