package org.phonerescue.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.DiagnosisEngine;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.rules.StandardRules;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.report.DiagnosisJson;
import org.phonerescue.core.testing.Tshark;
import org.phonerescue.core.transfer.ContentStore;
import org.phonerescue.core.transfer.RequestRepeats;
import org.phonerescue.core.transfer.TftpTransfer;

/**
 * A phone asks a server that is not there for its configuration 100 000 times from the same
 * port, 50 ms apart with a 6-s pause after every 1 000 (a client stuck in a loop): one transfer
 * whose requests are counted, not kept. The tracker ties datagrams to the newest request only,
 * the transfer keeps the first and the last ten frames and sixteen bursts at each end, and the
 * diagnosis still says {@code server-unreachable} with the true count and a bounded evidence.
 */
class RequestRepeatFloodTest {

    private static final int REPEATS = 100_000;
    private static final Host PHONE = new Host("00:0e:08:de:ad:01", "192.168.1.50");
    private static final Host SERVER = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");

    @TempDir
    Path dir;

    @Test
    void aRequestRepeatedAHundredThousandTimesIsCountedWithBoundedFrames() throws Exception {
        Scenario s = new Scenario();
        s.at(0);
        byte[] rrq = Scenario.rrq("SEP000E08DEAD01.cnf.xml");
        for (int i = 0; i < REPEATS; i++) {
            s.udp(PHONE, 50000, SERVER, 69, rrq);
            s.after(i % 1000 == 999 ? 6 : 0.05);
        }
        // tshark: every frame is a TFTP read request from port 50000 to 192.168.1.10:69
        String theirs = Tshark.run(List.of("tshark", "-r", s.write(dir.resolve("loop.pcap")).toString(), "-n", "-Y",
                "tftp.opcode == 1 && udp.srcport == 50000 && ip.dst == 192.168.1.10 && udp.dstport == 69", "-T",
                "fields", "-e", "frame.number"));
        List<Long> rrqs = theirs.lines().map(Long::parseLong).toList();
        assertEquals(REPEATS, rrqs.size());

        CaptureAnalyzer analyzer = new CaptureAnalyzer(OuiRegistry.empty(), ContentStore.forChecks());
        PacketDecoder decoder = new PacketDecoder(CaptureAnalyzer.FIELDS);
        analyzer.decoder(decoder.state());
        int mostFollowed = 0;
        for (CapturedPacket p : s.packets()) { // one at a time, as a capture file is read
            analyzer.accept(new PacketView(decoder.decode(p)));
            mostFollowed = Math.max(mostFollowed, analyzer.tftpRequestFramesFollowed());
        }
        assertEquals(1, mostFollowed, "request frames the tracker ties datagrams to");
        try (CaptureAnalysis a = analyzer.finish()) {
            Runtime rt = Runtime.getRuntime();
            System.gc();
            System.out.printf("TFTP request repeated %d times: heap used %d MiB%n", REPEATS,
                    (rt.totalMemory() - rt.freeMemory()) >> 20);
            assertEquals(1, a.transfers().size());
            TftpTransfer t = a.transfers().get(0);
            RequestRepeats r = t.requests();
            assertEquals(REPEATS, r.count());
            List<Long> kept = new ArrayList<>(rrqs.subList(0, RequestRepeats.KEPT_EACH_END));
            kept.addAll(rrqs.subList(REPEATS - RequestRepeats.KEPT_EACH_END, REPEATS));
            assertEquals(kept, r.frames());
            assertEquals(2 * RequestRepeats.KEPT_EACH_END, r.times().size());
            assertEquals(REPEATS / 1000, r.burstCount());
            assertEquals(2 * RequestRepeats.BURSTS_EACH_END, r.bursts().size());
            assertEquals(rrqs.get(REPEATS - 1000), r.bursts().get(r.bursts().size() - 1).firstFrame());
            assertEquals(1000, r.bursts().get(r.bursts().size() - 1).count());

            Diagnosis d = new DiagnosisEngine(StandardRules.all()).diagnose(a);
            assertEquals("server-unreachable", d.verdict(PHONE.mac()).verdict());
            Finding f = d.verdict(PHONE.mac()).findings().get(0);
            assertEquals("The phone asked 192.168.1.10 for 'SEP000E08DEAD01.cnf.xml' 100000 times (frames 1, 2, 3, 4, "
                    + "5, 6, 7, 8 … (100000 in all)) and no TFTP answer came back. Nothing in the capture comes from "
                    + "192.168.1.10 at all.", f.explanation());
            assertEquals(kept, f.evidence(), "the requests kept, at most " + Rule.MAX_EVIDENCE);
            assertTrue(Timeline.of(a, a.device(PHONE.mac())).stream().anyMatch(e -> e.text().equals(
                    "requests SEP000E08DEAD01.cnf.xml from 192.168.1.10:69 (100000 times)")));
            String json = DiagnosisJson.render("loop.pcap", a, d);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"requests\": (\\d+),\\s*\"request_frames\": "
                    + "\\[([^\\]]*)\\]").matcher(json);
            assertTrue(m.find(), json.substring(0, Math.min(json.length(), 4000)));
            assertEquals(REPEATS, Long.parseLong(m.group(1)));
            assertEquals(kept, java.util.Arrays.stream(m.group(2).split(",")).map(String::trim).map(Long::parseLong)
                    .toList());
            assertTrue(json.length() < 20_000, "JSON of " + json.length() + " characters");
        }
    }
}
