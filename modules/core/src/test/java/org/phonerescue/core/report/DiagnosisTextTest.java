package org.phonerescue.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.diagnosis.Diagnose;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.session.CaptureAnalysis;

/** The terminal form: verdict, findings with evidence, transfer table, lines within 100 columns. */
class DiagnosisTextTest {

    @Test
    void aRefusedFileReadsAsVerdictFindingAndTransfer() {
        Host phone = new Host("00:0e:08:de:ad:01", "192.168.1.50");
        Host server = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");
        Scenario s = new Scenario();
        s.at(0).udp(phone, 50000, server, 69, Scenario.rrq("/spa71f6.bin"));
        s.after(0.01).udp(server, 40000, phone, 50000, Scenario.error(1, "File not found"));
        String text;
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            Diagnosis d = new org.phonerescue.core.diagnosis.DiagnosisEngine(
                    org.phonerescue.core.diagnosis.rules.StandardRules.all()).diagnose(a);
            text = DiagnosisText.render("scene.pcap", a, d);
        }
        assertTrue(text.startsWith("scene.pcap: 2 packets, 2 devices (1 phone), 1 TFTP transfer\n"), text);
        assertTrue(text.contains("\nPhone 00:0e:08:de:ad:01  192.168.1.50\n"), text);
        assertTrue(text.contains("  Verdict: tftp-file-not-found — TFTP server does not have the requested file\n"), text);
        assertTrue(text.contains("     Evidence: frames 1, 2\n"), text);
        assertTrue(text.contains("    1-2           /spa71f6.bin             error 1              0      0    0      0  "
                + "192.168.1.10:40000\n"), text);
        // prose is wrapped; table rows are not
        text.lines().filter(l -> !l.startsWith("    1-2")).forEach(l -> assertTrue(l.length() <= DiagnosisText.WIDTH, l));
    }

    /**
     * The file column widens to the longest name up to 40 characters, so 79xx image names, which
     * differ at their start, stay whole; a longer name keeps its end.
     */
    @Test
    void theFileColumnFitsTheNamesUpToItsLimit() {
        Host phone = new Host("00:0e:08:de:ad:01", "192.168.1.50");
        Host server = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");
        String image = "cvm41sccp.9-4-2SR3-1S.sbn";
        String longName = "firmware/" + "x".repeat(40) + ".bin";
        Scenario s = new Scenario();
        s.at(0).udp(phone, 50000, server, 69, Scenario.rrq(image));
        s.after(0.01).udp(server, 40000, phone, 50000, Scenario.error(1, "File not found"));
        s.after(1).udp(phone, 50001, server, 69, Scenario.rrq(longName));
        s.after(0.01).udp(server, 40001, phone, 50001, Scenario.error(1, "File not found"));
        String text;
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            Diagnosis d = new org.phonerescue.core.diagnosis.DiagnosisEngine(
                    org.phonerescue.core.diagnosis.rules.StandardRules.all()).diagnose(a);
            text = DiagnosisText.render("scene.pcap", a, d);
        }
        String shortened = "…" + longName.substring(longName.length() - DiagnosisText.FILE_COLUMN_MAX + 1);
        assertTrue(text.contains("    frames        " + String.format("%-40s", "file") + " outcome"), text);
        assertTrue(text.contains("    1-2           " + String.format("%-40s", image) + " error 1 "), text);
        assertTrue(text.contains("    3-4           " + shortened + " error 1 "), text);
    }

    @Test
    void wrappingKeepsWordsWholeAndIndentsContinuations() {
        StringBuilder sb = new StringBuilder();
        DiagnosisText.wrap(sb, "   " + "word ".repeat(30).trim(), "  ");
        String[] lines = sb.toString().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("   word word"));
        assertTrue(lines[1].startsWith("  word"));
        assertTrue(lines[0].length() <= DiagnosisText.WIDTH && lines[0].length() > DiagnosisText.WIDTH - 5);
    }

    /** Timeline rows are a table: the texts start in one column, whatever the kind's label. */
    @Test
    void timelineTextsLineUpAfterTheLongestKind() {
        Host phone = new Host("00:0e:08:de:ad:01", "192.168.1.50");
        Host server = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");
        Scenario s = new Scenario();
        Scenario.TcpConnection c = s.at(0).tcp(phone, 40000, server, 80);
        c.syn();
        c.refuse();
        s.after(1).udp(phone, 50000, server, 69, Scenario.rrq("/snom370-r.bin"));
        s.after(0.01).udp(server, 40000, phone, 50000, Scenario.error(1, "File not found"));
        String text;
        try (CaptureAnalysis a = Diagnose.analyse(s)) {
            Diagnosis d = new org.phonerescue.core.diagnosis.DiagnosisEngine(
                    org.phonerescue.core.diagnosis.rules.StandardRules.all()).diagnose(a);
            text = DiagnosisText.render("scene.pcap", a, d, true);
        }
        java.util.List<String> rows = text.lines()
                .filter(l -> l.matches(" +\\d+ +[+-]\\d+\\.\\d{3} s  (connection-failed|tftp-request|tftp-end) .*")).toList();
        assertEquals(3, rows.size(), text);
        java.util.Set<Integer> columns = new java.util.HashSet<>();
        for (String row : rows) {
            String kind = row.replaceAll(" +\\d+ +[+-]\\d+\\.\\d{3} s  (\\S+) .*", "$1");
            int after = row.indexOf(kind) + kind.length();
            while (row.charAt(after) == ' ') {
                after++;
            }
            columns.add(after);
        }
        assertEquals(1, columns.size(), text);
    }
}
