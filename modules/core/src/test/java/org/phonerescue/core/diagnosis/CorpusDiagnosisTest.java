package org.phonerescue.core.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.device.Role;
import org.phonerescue.core.diagnosis.rules.StandardRules;
import org.phonerescue.core.pcap.CaptureFormatException;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.CaptureAnalyzer;
import org.phonerescue.core.testing.SharedCaptures;
import org.phonerescue.core.transfer.ContentStore;
import org.phonerescue.core.transfer.TransferOutcome;

/** The whole pipeline over every capture of the corpus: no failure, and no false alarm on healthy transfers. */
class CorpusDiagnosisTest {

    private static Diagnosis diagnose(CaptureAnalysis a) {
        return new DiagnosisEngine(StandardRules.all()).diagnose(a);
    }

    @Test
    void everyCorpusCaptureIsAnalysedAndDiagnosed() throws Exception {
        List<Path> captures;
        try (Stream<Path> files = Files.walk(SharedCaptures.dir())) {
            captures = files.filter(f -> f.toString().endsWith(".tshark.tsv"))
                    .map(f -> f.resolveSibling(f.getFileName().toString().replace(".tshark.tsv", "")))
                    .filter(Files::isRegularFile).sorted().toList();
        }
        assertTrue(captures.size() >= 80, "captures: " + captures.size());
        int analysed = 0;
        for (Path capture : captures) {
            try (CaptureAnalysis a = CaptureAnalyzer.analyze(capture, OuiRegistry.empty(), ContentStore.keeping())) {
                diagnose(a);
                analysed++;
            } catch (CaptureFormatException notACapture) {
                assertTrue(SharedCaptures.isMalformed(capture), SharedCaptures.relative(capture) + ": " + notACapture);
            }
        }
        assertTrue(analysed >= 80, "analysed " + analysed);
    }

    @Test
    void theCorpusTftpTransfersAreHealthy() throws Exception {
        for (String name : List.of("spicy-tftp_tftp_rrq.pcap", "spicy-tftp_tftp_wrq.pcap", "tcpdump_tftp.pcap",
                "spicy-tftp_tftp_oack.pcap")) {
            Path capture = SharedCaptures.dir().resolve("tftp").resolve(name);
            try (CaptureAnalysis a = CaptureAnalyzer.analyze(capture, OuiRegistry.empty(), ContentStore.keeping())) {
                assertEquals(1, a.transfers().size(), name);
                assertEquals(TransferOutcome.COMPLETE, a.transfers().get(0).outcome(), name);
                Diagnosis d = diagnose(a);
                assertTrue(d.verdicts().stream().anyMatch(v -> v.device().role() == Role.PHONE) || name.contains("wrq"),
                        name + ": the downloading client is taken for a phone");
                d.verdicts().forEach(v -> assertEquals(List.of(), v.findings(), name + " " + v.device().key()));
                assertEquals(List.of(), d.general(), name);
            }
        }
    }

    /**
     * arp-unanswered over every capture of the corpus and every sample capture: where it fires,
     * by capture, device and asked-for address. Each one was checked with tshark by hand (see the
     * comments): repeated requests for the address, and no frame from it at all.
     */
    @Test
    void arpUnansweredFiresOnlyWhereNobodyAnswers() throws Exception {
        List<Path> captures = new java.util.ArrayList<>();
        for (Path root : List.of(SharedCaptures.dir(), java.nio.file.Paths.get("../../sample-captures"))) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".pcap") || f.toString().endsWith(".pcapng")
                        || f.toString().endsWith(".cap")).filter(Files::isRegularFile).sorted().forEach(captures::add);
            }
        }
        assertTrue(captures.size() >= 80, "captures: " + captures.size());
        java.util.TreeSet<String> fired = new java.util.TreeSet<>();
        List<String> explained = new java.util.ArrayList<>();
        for (Path capture : captures) {
            try (CaptureAnalysis a = CaptureAnalyzer.analyze(capture, OuiRegistry.empty(), ContentStore.keeping())) {
                for (Finding f : new org.phonerescue.core.diagnosis.rules.ArpUnansweredRule().evaluate(a)) {
                    fired.add(capture.getFileName() + " " + f.device() + " " + f.evidence());
                    explained.add(f.explanation() + " REMEDY " + f.remedy());
                }
            } catch (CaptureFormatException notACapture) {
                // malformed files of the corpus: the test above checks they are the malformed ones
            }
        }
        // tshark -r other/arp/zeek_linuxsll-arp.pcap: a VMware host (10.1.10.100) asks "who has 10.1.10.1"
        // nine times 1 s apart (frames 2-4, 6-7, 9-12) and sends nothing else; nothing comes from 10.1.10.1
        // (the other frames: a router asking once for another address, and a host's two announcements).
        // That is the pattern of a phone whose typed gateway is not there: it is taken for one.
        // sample-captures/snom-rescue-wrong-gateway.pcap: the scene made for the rule; tshark shows the Snom's nine
        // "who has 10.231.60.1? tell 10.231.60.5" (frames 5, 9, 14-15, 17, 19-22), nothing from 10.231.60.1.
        assertEquals(java.util.Set.of("zeek_linuxsll-arp.pcap 00:50:56:8b:cf:fa [2, 3, 4, 6, 7, 9, 10, 11, 12]",
                "snom-rescue-wrong-gateway.pcap 00:04:13:78:50:01 [5, 9, 14, 15, 17, 19, 20, 21, 22]"), fired,
                explained.toString());
    }
}
