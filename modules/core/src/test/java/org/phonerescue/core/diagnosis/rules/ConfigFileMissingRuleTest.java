package org.phonerescue.core.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.diagnosis.Diagnose;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.firmware.CiscoFiles;
import org.phonerescue.core.testing.Tshark;
import org.phonerescue.core.transfer.ContentStore;

/**
 * {@code config-file-missing} in the order of field notes §3: SEP&lt;MAC&gt;.cnf.xml, falling back
 * to XMLDefault.cnf.xml, then the termXX.default.loads packing list, then every listed file.
 */
class ConfigFileMissingRuleTest {

    static final String SEP = "SEP000E08DEAD01.cnf.xml";
    static final String LOAD = "SCCP41.9-4-2SR3-1S";
    static final String[] IMAGES = LoadsFileMissingRuleTest.IMAGES;

    @TempDir
    Path dir;

    @Test
    void aNewPhoneRefusedItsSepFileAndServedXmlDefaultIsNoFinding() throws Exception {
        Scenario s = new Scenario();
        s.at(0);
        long sepError = LoadsFileMissingRuleTest.refused(s, 50000, SEP);
        LoadsFileMissingRuleTest.download(s, 50001, "XMLDefault.cnf.xml",
                CiscoFiles.xmlDefault(LOAD, LOAD).getBytes(StandardCharsets.UTF_8));
        LoadsFileMissingRuleTest.download(s, 50002, "term61.default.loads", LoadsFileMissingRuleTest.LIST);
        int port = 50003;
        for (String image : IMAGES) {
            LoadsFileMissingRuleTest.download(s, port++, image, new byte[600]);
        }
        s.after(120).udp(TftpRulesTest.PHONE, 5060, TftpRulesTest.SERVER, 5060, new byte[4]);
        // tshark: the SEP request refused with ERROR 1, then the phone's RRQ for XMLDefault.cnf.xml
        List<String[]> rows = Tshark.fields(s.write(dir.resolve("new-phone.pcap")), "frame.number", "tftp.opcode",
                "tftp.source_file", "tftp.error.code");
        assertEquals(List.of("1", "1", SEP, ""), List.of(rows.get(0)));
        assertEquals(List.of("2", "5", "", "1"), List.of(rows.get((int) sepError - 1)));
        assertEquals(List.of("3", "1", "XMLDefault.cnf.xml", ""), List.of(rows.get(2)));
        Diagnosis d = Diagnose.run(s, ContentStore.forChecks());
        for (String rule : List.of("config-file-missing", "tftp-file-not-found", "loads-file-missing")) {
            assertEquals(List.of(), Diagnose.findings(d, rule), rule);
        }
    }

    @Test
    void aRefusedSepFileCountsOnceThePhoneHadTimeToFallBackAndDidNot() throws Exception {
        Scenario s = new Scenario();
        long sep = s.at(0).udp(TftpRulesTest.PHONE, 50000, TftpRulesTest.SERVER, 69, Scenario.rrq(SEP));
        long error = s.after(0.01).udp(TftpRulesTest.SERVER, 40000, TftpRulesTest.PHONE, 50000,
                Scenario.error(1, "File not found"));
        long later = s.after(90).arpRequest(TftpRulesTest.PHONE, TftpRulesTest.SERVER.ip());
        List<String[]> rows = Tshark.fields(s.write(dir.resolve("no-fallback.pcap")), "frame.number", "tftp.opcode",
                "tftp.error.code", "frame.time_relative");
        assertEquals(List.of("2", "5", "1"), List.of(rows.get((int) error - 1)).subList(0, 3));
        assertTrue(Double.parseDouble(rows.get((int) later - 1)[3]) >= 90, rows.get((int) later - 1)[3]);
        Diagnosis d = Diagnose.run(s);
        Finding f = Diagnose.only(d, "config-file-missing");
        assertEquals(List.of(sep, error), f.evidence());
        assertEquals(85, f.likelihood());
        assertTrue(f.explanation().contains("and the phone did not go on to XMLDefault.cnf.xml"), f.explanation());
        assertEquals("config-file-missing", d.verdict(TftpRulesTest.PHONE.mac()).verdict());

        // the capture ends a second after the refusal: the fallback may be the phone's next request
        Scenario early = new Scenario();
        early.at(0).udp(TftpRulesTest.PHONE, 50000, TftpRulesTest.SERVER, 69, Scenario.rrq(SEP));
        early.after(0.01).udp(TftpRulesTest.SERVER, 40000, TftpRulesTest.PHONE, 50000, Scenario.error(1, "File not found"));
        early.after(1).arpRequest(TftpRulesTest.PHONE, TftpRulesTest.SERVER.ip());
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(early), "config-file-missing"));
    }

    @Test
    void aPhoneThatGoesOnToItsPackingListWithoutConfigurationWasNotStoppedByIt() throws Exception {
        Scenario s = new Scenario();
        s.at(0);
        LoadsFileMissingRuleTest.refused(s, 50000, SEP);
        long defaultError = LoadsFileMissingRuleTest.refused(s, 50001, "XMLDefault.cnf.xml");
        long list = LoadsFileMissingRuleTest.download(s, 50002, "term61.default.loads", LoadsFileMissingRuleTest.LIST);
        LoadsFileMissingRuleTest.download(s, 50003, IMAGES[0], new byte[600]);
        long imageError = LoadsFileMissingRuleTest.refused(s, 50004, IMAGES[1]);
        List<String[]> rows = Tshark.fields(s.write(dir.resolve("no-config.pcap")), "frame.number", "tftp.opcode",
                "tftp.source_file", "tftp.error.code");
        // tshark: XMLDefault.cnf.xml refused with ERROR 1, the packing list asked for next, a listed image refused
        assertEquals(List.of("5", "1"), List.of(rows.get((int) defaultError - 1)[1], rows.get((int) defaultError - 1)[3]));
        assertEquals("term61.default.loads", rows.get((int) defaultError)[2], "the phone's next request");
        assertEquals(List.of("5", "1"), List.of(rows.get((int) imageError - 1)[1], rows.get((int) imageError - 1)[3]));
        Diagnosis d = Diagnose.run(s, ContentStore.forChecks());
        Finding f = Diagnose.only(d, "config-file-missing");
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(40, f.likelihood());
        assertTrue(f.explanation().contains("but the phone went on without a configuration to the packing list "
                + "'term61.default.loads' (frame " + (defaultError + 1) + ")"), f.explanation());
        assertTrue(f.evidence().contains(defaultError + 1), f.evidence().toString());
        assertTrue(f.evidence().size() == 5 && list > defaultError, f.evidence().toString());
        assertEquals("loads-file-missing", d.verdict(TftpRulesTest.PHONE.mac()).verdict(),
                "the refused listed image, not the configuration, stopped the phone");
    }

    @Test
    void aPackingListTheServedConfigurationNamesAndTheServerRefusesCitesTheConfiguration() throws Exception {
        Scenario s = new Scenario();
        s.at(0);
        LoadsFileMissingRuleTest.refused(s, 50000, SEP);
        long xml = LoadsFileMissingRuleTest.download(s, 50001, "XMLDefault.cnf.xml",
                CiscoFiles.xmlDefault(LOAD, LOAD).getBytes(StandardCharsets.UTF_8));
        long loadsError = LoadsFileMissingRuleTest.refused(s, 50002, LOAD + ".loads");
        // tshark: XMLDefault.cnf.xml served, then the load it names asked for and refused
        List<String[]> rows = Tshark.fields(s.write(dir.resolve("wrong-load.pcap")), "frame.number", "tftp.opcode",
                "tftp.source_file", "tftp.error.code");
        assertEquals(List.of("1", LOAD + ".loads", ""), List.of(rows.get((int) loadsError - 2)).subList(1, 4));
        assertEquals(List.of("5", "", "1"), List.of(rows.get((int) loadsError - 1)).subList(1, 4));
        Diagnosis d = Diagnose.run(s, ContentStore.forChecks());
        assertEquals(List.of(), Diagnose.findings(d, "config-file-missing"), "XMLDefault.cnf.xml was served");
        Finding f = Diagnose.only(d, "tftp-file-not-found");
        assertTrue(f.explanation().contains("The configuration 'XMLDefault.cnf.xml' the phone got (frames 3–" + xml
                + ") names this load in <loadInformation115 model=\"Cisco IP Phone 7941\">" + LOAD), f.explanation());
        assertTrue(f.remedy().startsWith("Either copy the firmware package of load " + LOAD + " into the root, or correct "
                + "<loadInformation115 model=\"Cisco IP Phone 7941\"> in XMLDefault.cnf.xml"), f.remedy());
        assertTrue(f.evidence().containsAll(List.of(3L, xml, loadsError)), f.evidence().toString());

        // the refused packing list is not one the configuration names: nothing to cite
        Scenario other = new Scenario();
        other.at(0);
        LoadsFileMissingRuleTest.download(other, 50001, "XMLDefault.cnf.xml",
                CiscoFiles.xmlDefault("SCCP41.9-3-1SR1-1S", "SCCP41.9-3-1SR1-1S").getBytes(StandardCharsets.UTF_8));
        LoadsFileMissingRuleTest.refused(other, 50002, "term61.default.loads");
        Finding plain = Diagnose.only(Diagnose.run(other, ContentStore.forChecks()), "tftp-file-not-found");
        assertTrue(!plain.explanation().contains("The configuration"), plain.explanation());
    }
}
