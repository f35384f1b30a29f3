package org.phonerescue.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.DiagnosisEngine;
import org.phonerescue.core.diagnosis.rules.StandardRules;
import org.phonerescue.core.pcap.CaptureFormatException;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.LinkType;
import org.phonerescue.core.pcap.PcapWriter;
import org.phonerescue.core.report.DiagnosisJson;
import org.phonerescue.core.report.DiagnosisText;
import org.phonerescue.core.testing.Frames;
import org.phonerescue.core.testing.SharedCaptures;
import org.phonerescue.core.transfer.ContentStore;
import org.phonerescue.core.transfer.TftpTransfer;

/**
 * Reading TFTP blocks from their headers gives exactly what decoding every packet gives: the
 * same JSON and text diagnosis, the same reassembled files, on every capture of the corpus and
 * the samples, and on a scene with everything that can interrupt a transfer's flow of blocks
 * (VLAN tags, fragments, snaplen cuts, a lying UDP length, stray TIDs, a changed MAC, ICMP
 * errors, repeated and reused requests, block-number wrap, multicast ACKs of the SPA loader).
 */
class HeaderShortcutTest {

    private static final Host PHONE = new Host("00:0e:08:de:ad:01", "192.168.1.50");
    private static final Host PHONE_OTHER_NIC = new Host("00:0e:08:de:ad:99", "192.168.1.50");
    private static final Host PHONE2 = new Host("00:0e:08:de:ad:02", "192.168.1.51");
    private static final Host LOADER = new Host("00:0e:08:de:ad:03", "192.168.1.52");
    private static final Host UNNUMBERED = new Host("00:0e:08:de:ad:04", "0.0.0.0");
    private static final Host SERVER = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");
    private static final Host GROUP_MAC_SERVER = new Host("03:00:00:00:00:01", "192.168.1.11");

    @TempDir
    Path dir;

    /** Both ways of reading, compared; returns how many packets were read from headers. */
    private static long assertSame(Path capture) throws IOException {
        long[] fromHeaders = new long[1];
        String name = capture.getFileName().toString();
        try (CaptureAnalysis full = CaptureAnalyzer.analyze(capture, OuiRegistry.empty(), ContentStore.keeping(),
                CaptureAnalyzer.Decoding.EVERY_PACKET);
             CaptureAnalysis fast = CaptureAnalyzer.analyze(capture, OuiRegistry.empty(), ContentStore.keeping(),
                     CaptureAnalyzer.Decoding.TFTP_BLOCKS_FROM_HEADERS, n -> fromHeaders[0] = n)) {
            Diagnosis expected = new DiagnosisEngine(StandardRules.all()).diagnose(full);
            Diagnosis actual = new DiagnosisEngine(StandardRules.all()).diagnose(fast);
            assertEquals(DiagnosisJson.render(name, full, expected), DiagnosisJson.render(name, fast, actual), name);
            assertEquals(DiagnosisText.render(name, full, expected, true), DiagnosisText.render(name, fast, actual, true),
                    name);
            assertEquals(full.transfers().size(), fast.transfers().size(), name);
            for (int i = 0; i < full.transfers().size(); i++) {
                TftpTransfer a = full.transfers().get(i);
                TftpTransfer b = fast.transfers().get(i);
                assertEquals(a.content() == null, b.content() == null, name + " transfer " + i);
                if (a.content() != null) {
                    assertTrue(Arrays.equals(a.content().head(Integer.MAX_VALUE), b.content().head(Integer.MAX_VALUE)),
                            name + " content of transfer " + i);
                }
            }
        }
        return fromHeaders[0];
    }

    @Test
    void everyCaptureOfTheCorpusAndTheSamplesComesOutTheSame() throws IOException {
        List<Path> captures = new ArrayList<>();
        for (Path root : List.of(SharedCaptures.dir(), Paths.get("../../sample-captures"))) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".pcap") || f.toString().endsWith(".pcapng")).sorted()
                        .forEach(captures::add);
            }
        }
        assertTrue(captures.size() >= 90, "captures: " + captures.size());
        long fromHeaders = 0;
        for (Path capture : captures) {
            try {
                fromHeaders += assertSame(capture);
            } catch (CaptureFormatException notACapture) {
                // the malformed part of the corpus: both ways refuse it alike
            }
        }
        assertTrue(fromHeaders > 0, "no corpus packet was read from its headers");
    }

    @Test
    void aSceneWithEveryInterruptionOfTheBlocksComesOutTheSame() throws IOException {
        Scenario s = new Scenario();
        List<Long> vlan = new ArrayList<>();
        List<Long> cut = new ArrayList<>();
        List<Long> longerUdp = new ArrayList<>();

        // An RRQ with blksize 16 and the blocks, with every kind of interruption on the way.
        s.at(0).udp(PHONE, 1025, SERVER, 69, Scenario.rrq("spa.bin", "blksize", "16"));
        s.after(0.01).udp(SERVER, 50001, PHONE, 1025, Scenario.oack("blksize", "16"));
        s.after(0.01).udp(PHONE, 1025, SERVER, 50001, Scenario.ack(0));
        int blocks = 60;
        for (int b = 1; b <= blocks; b++) {
            byte[] content = Scenario.content(b == blocks ? 5 : 16, b);
            s.after(0.001);
            if (b == 12) {
                // one DATA sent as two IP fragments
                byte[] udp = Frames.udpDatagram(50001, 1025, Scenario.data(b, content));
                s.frame(Frames.ipv4(mac(SERVER), mac(PHONE), ip(SERVER), ip(PHONE), 17, 0, true, 0x77,
                        Arrays.copyOfRange(udp, 0, 16)));
                s.frame(Frames.ipv4(mac(SERVER), mac(PHONE), ip(SERVER), ip(PHONE), 17, 16, false, 0x77,
                        Arrays.copyOfRange(udp, 16, udp.length)));
            } else if (b == 18) {
                s.udp(PHONE_OTHER_NIC, 1025, SERVER, 50001, Scenario.ack(b - 1)); // same flow, other MAC
                s.udp(SERVER, 50001, PHONE, 1025, Scenario.data(b, content));
            } else {
                long f = s.udp(SERVER, 50001, PHONE, 1025, Scenario.data(b, content));
                switch (b) {
                    case 10 -> vlan.add(f);
                    case 40 -> cut.add(f);
                    case 50 -> longerUdp.add(f);
                    case 5 -> s.udp(SERVER, 50001, PHONE, 1025, Scenario.data(b, content)); // retransmitted
                    case 16 -> s.udp(SERVER, 50002, PHONE, 1025, Scenario.data(b, content)); // another TID
                    case 20 -> s.icmpUnreachable(PHONE, SERVER, 3, f);
                    default -> {
                    }
                }
            }
            s.after(0.001);
            if (b == 14) {
                byte[] ack = Arrays.copyOf(Scenario.ack(b), 6); // two bytes after the block number
                s.udp(PHONE, 1025, SERVER, 50001, ack);
            } else {
                long f = s.udp(PHONE, 1025, SERVER, 50001, Scenario.ack(b));
                if (b == 10) {
                    vlan.add(f);
                }
                if (b == 7) {
                    s.udp(PHONE, 1025, SERVER, 50001, Scenario.ack(b)); // duplicate ACK
                }
                if (b == 30) {
                    s.after(2).udp(PHONE, 1025, SERVER, 69, Scenario.rrq("spa.bin", "blksize", "16")); // asked again
                }
            }
        }
        s.after(0.5).udp(SERVER, 50001, PHONE, 1025, Scenario.data(blocks, Scenario.content(5, blocks)));

        // A WRQ the server ends with an ERROR while the client sends on.
        s.after(1).udp(PHONE, 1030, SERVER, 69, Scenario.wrq("log.txt"));
        s.after(0.01).udp(SERVER, 50010, PHONE, 1030, Scenario.ack(0));
        for (int b = 1; b <= 4; b++) {
            s.after(0.01).udp(PHONE, 1030, SERVER, 50010, Scenario.data(b, Scenario.content(512, b)));
            s.after(0.01).udp(SERVER, 50010, PHONE, 1030, b == 2 ? Scenario.error(3, "disk full") : Scenario.ack(b));
        }

        // The SPA loader: request and ACKs to the group, DATA from the server's own address.
        s.after(1).udpToGroup(LOADER, 2000, Scenario.SPA_GROUP, 69, Scenario.rrq("spa942-7-1-3.bin"));
        for (int b = 1; b <= 20; b++) {
            s.after(0.01).udp(SERVER, 50020, LOADER, 2000, Scenario.data(b, Scenario.content(b == 20 ? 100 : 512, b)));
            s.after(0.01).udpToGroup(LOADER, 2000, Scenario.SPA_GROUP, 50020, Scenario.ack(b));
        }

        // One client port and one server port used for two requests in turn.
        for (String file : List.of("a.cfg", "b.cfg")) {
            s.after(1).udp(PHONE, 1040, SERVER, 69, Scenario.rrq(file));
            for (int b = 1; b <= 3; b++) {
                s.after(0.01).udp(SERVER, 50030, PHONE, 1040, Scenario.data(b, Scenario.content(b == 3 ? 7 : 512, b)));
                s.after(0.01).udp(PHONE, 1040, SERVER, 50030, Scenario.ack(b));
            }
        }

        // A server with a group MAC as source, and a client without an address yet.
        s.after(1).udp(UNNUMBERED, 1050, GROUP_MAC_SERVER, 69, Scenario.rrq("x.cfg"));
        for (int b = 1; b <= 4; b++) {
            s.after(0.01).udp(GROUP_MAC_SERVER, 50050, UNNUMBERED, 1050,
                    Scenario.data(b, Scenario.content(b == 4 ? 0 : 512, b)));
            s.after(0.01).udp(UNNUMBERED, 1050, GROUP_MAC_SERVER, 50050, Scenario.ack(b));
        }

        // Past block 65 535: the numbers wrap to 0, with a retransmission and a late ACK around the wrap.
        s.after(1).udp(PHONE2, 3000, SERVER, 69, Scenario.rrq("big.img", "blksize", "8"));
        s.after(0.01).udp(SERVER, 50040, PHONE2, 3000, Scenario.oack("blksize", "8"));
        s.after(0.01).udp(PHONE2, 3000, SERVER, 50040, Scenario.ack(0));
        int last = 65536 + 40;
        for (int n = 1; n <= last; n++) {
            int b = n & 0xFFFF;
            byte[] data = Scenario.data(b, Scenario.content(n == last ? 3 : 8, n));
            s.after(0.0001).udp(SERVER, 50040, PHONE2, 3000, data);
            if (n == 65536 + 2) {
                s.udp(SERVER, 50040, PHONE2, 3000, Scenario.data(65535, Scenario.content(8, 65535)));
                s.udp(PHONE2, 3000, SERVER, 50040, Scenario.ack(65534));
            }
            s.after(0.0001).udp(PHONE2, 3000, SERVER, 50040, Scenario.ack(b));
        }

        List<CapturedPacket> packets = new ArrayList<>();
        for (CapturedPacket p : s.packets()) {
            byte[] data = p.data();
            int original = p.originalLength();
            if (vlan.contains(p.number())) {
                data = tagged(data, 100);
                original = data.length;
            } else if (cut.contains(p.number())) {
                data = Arrays.copyOf(data, 14 + 20 + 8 + 4 + 3); // a snaplen that keeps 3 bytes of the block
            } else if (longerUdp.contains(p.number())) {
                data = data.clone();
                int length = ((data[38] & 0xFF) << 8 | data[39] & 0xFF) + 10;
                data[38] = (byte) (length >>> 8);
                data[39] = (byte) length;
            }
            packets.add(new CapturedPacket(p.number(), p.epochSecond(), p.nanos(), original, p.linkType(),
                    p.interfaceId(), data, null, 0));
        }
        Path capture = dir.resolve("interruptions.pcap");
        try (PcapWriter w = PcapWriter.create(capture, LinkType.ETHERNET)) {
            for (CapturedPacket p : packets) {
                w.write(p);
            }
        }
        long fromHeaders = assertSame(capture);
        assertTrue(fromHeaders > 2 * 65536 && fromHeaders < packets.size() - 20,
                fromHeaders + " of " + packets.size() + " read from headers");
    }

    /** An IEEE 802.1Q tag (TPID 0x8100, VID) after the MAC addresses. */
    private static byte[] tagged(byte[] frame, int vid) {
        byte[] out = new byte[frame.length + 4];
        System.arraycopy(frame, 0, out, 0, 12);
        out[12] = (byte) 0x81;
        out[14] = (byte) (vid >>> 8);
        out[15] = (byte) vid;
        System.arraycopy(frame, 12, out, 16, frame.length - 12);
        return out;
    }

    private static byte[] mac(Host h) {
        return Frames.mac(h.mac());
    }

    private static byte[] ip(Host h) {
        return Frames.ip(h.ip());
    }
}
