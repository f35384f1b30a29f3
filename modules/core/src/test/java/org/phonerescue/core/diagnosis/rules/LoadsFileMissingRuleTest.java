package org.phonerescue.core.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
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

/** {@code loads-file-missing}: a packing list fetched, then a listed file refused or never asked for. */
class LoadsFileMissingRuleTest {

    static final String[] IMAGES = CiscoFiles.images41("9-4-2ES26");
    static final byte[] LIST = CiscoFiles.loads("term61.default.loads", "9-4-2ES26", IMAGES);

    @TempDir
    Path dir;

    /** A complete download of {@code content} by the phone from port {@code port}; its last frame. */
    static long download(Scenario s, int port, String file, byte[] content) {
        s.after(0.5).udp(TftpRulesTest.PHONE, port, TftpRulesTest.SERVER, 69, Scenario.rrq(file));
        long last = 0;
        for (int n = 1; (n - 1) * 512 <= content.length; n++) {
            s.after(0.001).udp(TftpRulesTest.SERVER, 40000 + port % 1000, TftpRulesTest.PHONE, port,
                    Scenario.data(n, Arrays.copyOfRange(content, (n - 1) * 512, Math.min(content.length, n * 512))));
            last = s.after(0.001).udp(TftpRulesTest.PHONE, port, TftpRulesTest.SERVER, 40000 + port % 1000, Scenario.ack(n));
        }
        return last;
    }

    static long refused(Scenario s, int port, String file) {
        return refused(s, port, file, 1, "File not found");
    }

    /** A request refused with ERROR {@code code}; the error's frame. */
    static long refused(Scenario s, int port, String file, int code, String message) {
        s.after(0.5).udp(TftpRulesTest.PHONE, port, TftpRulesTest.SERVER, 69, Scenario.rrq(file));
        return s.after(0.01).udp(TftpRulesTest.SERVER, 40000 + port % 1000, TftpRulesTest.PHONE, port,
                Scenario.error(code, message));
    }

    /**
     * A listed image the server has but will not read (ERROR 2, as tftpd-hpa answers for a file
     * that is not world-readable) is named by this rule alone, with a remedy for the permissions;
     * an unlisted file refused the same way stays an access violation.
     */
    @Test
    void aListedImageRefusedForAccessIsNamedOnceWithItsOwnRemedy() throws Exception {
        Scenario s = new Scenario();
        s.at(0);
        long list = download(s, 50000, "term61.default.loads", LIST);
        long missing = refused(s, 50001, IMAGES[0]);
        long unreadable = refused(s, 50002, IMAGES[1], 2, "Access violation");
        long ringTone = refused(s, 50003, "Chirp1.raw", 2, "Access violation");
        List<String[]> rows = Tshark.fields(s.write(dir.resolve("access.pcap")), "tftp.opcode", "tftp.error.code",
                "tftp.error.message");
        assertEquals(List.of("5", "1"), List.of(rows.get((int) missing - 1)[0], rows.get((int) missing - 1)[1]));
        for (long error : List.of(unreadable, ringTone)) {
            assertEquals(List.of("5", "2", "Access violation"), Arrays.asList(rows.get((int) error - 1)), "frame " + error);
        }
        Diagnosis d = Diagnose.run(s, ContentStore.forChecks());
        Finding f = Diagnose.only(d, "loads-file-missing");
        assertTrue(f.evidence().containsAll(List.of(list, missing, unreadable)), f.evidence().toString());
        assertTrue(f.explanation().contains("The server refused 2 of them: '" + IMAGES[0] + "' (ERROR 1 \"File not "
                + "found\", frame " + missing + "); '" + IMAGES[1] + "' (ERROR 2 \"Access violation\", frame " + unreadable
                + ")"), f.explanation());
        assertTrue(f.remedy().startsWith("Copy every file of the firmware package into the TFTP server's root under "
                + "exactly the names the packing list gives ('" + IMAGES[0] + "' included;"), f.remedy());
        assertTrue(f.remedy().contains("The server has '" + IMAGES[1] + "' but refuses to read it: make it readable by "
                + "the TFTP server's user"), f.remedy());
        Finding access = Diagnose.only(d, "tftp-access-violation");
        assertEquals(List.of(ringTone - 1, ringTone), access.evidence());
        assertTrue(access.explanation().contains("'Chirp1.raw'") && !access.explanation().contains(IMAGES[1]),
                access.explanation());
        assertEquals(List.of(), Diagnose.findings(d, "tftp-file-not-found"));
        assertEquals("loads-file-missing", d.verdict(TftpRulesTest.PHONE.mac()).verdict());
    }

    @Test
    void aListedImageTheServerRefusesIsMissing() throws Exception {
        Scenario s = new Scenario();
        s.at(0);
        long list = download(s, 50000, "term61.default.loads", LIST);
        download(s, 50001, IMAGES[0], new byte[700]);
        long error = refused(s, 50002, IMAGES[1]);
        // tshark reads the refusal as TFTP ERROR 1 for that file
        List<String[]> rows = Tshark.fields(s.write(dir.resolve("loads.pcap")), "tftp.opcode", "tftp.error.code");
        assertEquals("5", rows.get((int) error - 1)[0]);
        assertEquals("1", rows.get((int) error - 1)[1]);
        for (ContentStore store : List.of(ContentStore.keeping(), ContentStore.forChecks())) {
            Diagnosis d = Diagnose.run(s, store);
            Finding f = Diagnose.only(d, "loads-file-missing");
            assertEquals("loads-file-missing", d.verdict(TftpRulesTest.PHONE.mac()).verdict());
            assertEquals(Severity.ERROR, f.severity());
            assertTrue(f.evidence().containsAll(List.of(list, error)), f.evidence().toString());
            assertTrue(f.explanation().contains("it lists 5 files of load version 9-4-2ES26. The server refused one of "
                    + "them: '" + IMAGES[1] + "' (ERROR 1 \"File not found\", frame " + error + ")"), f.explanation());
            assertTrue(f.remedy().contains("check-root"), f.remedy());
        }
    }

    @Test
    void everyListedImageServedIsNotMissingNorIsAListTheCaptureEndsAfter() {
        Scenario s = new Scenario();
        s.at(0);
        download(s, 50000, "term61.default.loads", LIST);
        int port = 50001;
        for (String image : IMAGES) {
            download(s, port++, image, new byte[600]);
        }
        s.after(120).udp(TftpRulesTest.PHONE, 5060, TftpRulesTest.SERVER, 5060, new byte[4]);
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(s, ContentStore.forChecks()), "loads-file-missing"));

        Scenario early = new Scenario();
        early.at(0);
        download(early, 50000, "term61.default.loads", LIST);
        download(early, 50001, IMAGES[0], new byte[600]);
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(early, ContentStore.forChecks()), "loads-file-missing"),
                "the capture ends while the phone is still fetching");
    }

    @Test
    void listedImagesNeverAskedForWhileTheCaptureGoesOnAreAWarning() {
        Scenario s = new Scenario();
        s.at(0);
        long listEnd = download(s, 50000, "term61.default.loads", LIST);
        download(s, 50001, IMAGES[0], new byte[600]);
        s.after(90).udp(TftpRulesTest.PHONE, 5060, TftpRulesTest.SERVER, 5060, new byte[4]);
        Finding f = Diagnose.only(Diagnose.run(s, ContentStore.forChecks()), "loads-file-missing");
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(60, f.likelihood());
        assertTrue(f.explanation().contains("It asked for '" + IMAGES[0] + "' but never for '" + IMAGES[1] + "'"),
                f.explanation());
        assertTrue(f.evidence().contains(listEnd + 1), "the request for the first image: " + f.evidence());
    }

    @Test
    void everyListedImageRefusedIsNamedAndAListFetchedAgainAfterABootIsOneFinding() throws Exception {
        // first boot: the list, the first image, two more refused (the phone goes on to the next one)
        Scenario s = new Scenario();
        s.at(0);
        long list = download(s, 50000, "term61.default.loads", LIST);
        download(s, 50001, IMAGES[0], new byte[700]);
        long cnu = refused(s, 50002, IMAGES[1]);
        long apps = refused(s, 50003, IMAGES[2]);
        // it boots again and fetches the list once more; cnu41 is there now, apps41 still is not
        s.after(300);
        long again = download(s, 50010, "term61.default.loads", LIST);
        download(s, 50011, IMAGES[0], new byte[700]);
        download(s, 50012, IMAGES[1], new byte[700]);
        long appsAgain = refused(s, 50013, IMAGES[2]);
        List<String[]> rows = Tshark.fields(s.write(dir.resolve("two-boots.pcap")), "frame.number", "tftp.opcode",
                "tftp.error.code");
        for (long error : List.of(cnu, apps, appsAgain)) {
            assertEquals(List.of("5", "1"), List.of(rows.get((int) error - 1)).subList(1, 3), "frame " + error);
        }
        Finding f = Diagnose.only(Diagnose.run(s, ContentStore.forChecks()), "loads-file-missing");
        assertTrue(f.explanation().contains("fetched the packing list 'term61.default.loads' completely 2 times"),
                f.explanation());
        assertTrue(f.explanation().contains("The server refused one of them: '" + IMAGES[2] + "' (ERROR 1 \"File not "
                + "found\", frame " + appsAgain + ")"), f.explanation());
        assertTrue(!f.explanation().contains(IMAGES[1]), "cnu41 was served after the second boot: " + f.explanation());
        assertTrue(f.evidence().containsAll(List.of(list, again, apps, appsAgain)), f.evidence().toString());

        // one boot, two listed images refused: both named
        Scenario one = new Scenario();
        one.at(0);
        download(one, 50000, "term61.default.loads", LIST);
        long e1 = refused(one, 50001, IMAGES[1]);
        long e2 = refused(one, 50002, IMAGES[3]);
        Finding both = Diagnose.only(Diagnose.run(one, ContentStore.forChecks()), "loads-file-missing");
        assertTrue(both.explanation().contains("The server refused 2 of them: '" + IMAGES[1] + "' (ERROR 1 \"File not "
                + "found\", frame " + e1 + "); '" + IMAGES[3] + "' (ERROR 1 \"File not found\", frame " + e2 + ")"),
                both.explanation());
        assertTrue(both.remedy().contains("'" + IMAGES[1] + "', '" + IMAGES[3] + "' included"), both.remedy());
    }

    @Test
    void aRefusedListedImageIsNamedOnlyHereAndEveryOtherRefusalStaysFileNotFound() throws Exception {
        Scenario s = new Scenario();
        s.at(0);
        long list = download(s, 50000, "term61.default.loads", LIST);
        download(s, 50001, IMAGES[0], new byte[700]);
        long listedRequest = s.after(0.5).udp(TftpRulesTest.PHONE, 50002, TftpRulesTest.SERVER, 69,
                Scenario.rrq(IMAGES[1]));
        long listedError = s.after(0.01).udp(TftpRulesTest.SERVER, 40002, TftpRulesTest.PHONE, 50002,
                Scenario.error(1, "File not found"));
        // a file no packing list names (a ring tone), refused to the same phone
        long otherRequest = s.after(0.5).udp(TftpRulesTest.PHONE, 50003, TftpRulesTest.SERVER, 69,
                Scenario.rrq("Chirp1.raw"));
        long otherError = s.after(0.01).udp(TftpRulesTest.SERVER, 40003, TftpRulesTest.PHONE, 50003,
                Scenario.error(1, "File not found"));
        // the same image refused to a second phone that never fetched the list
        Scenario.Host second = new Scenario.Host("00:0e:08:de:ad:02", "192.168.1.51");
        long secondRequest = s.after(0.5).udp(second, 50004, TftpRulesTest.SERVER, 69, Scenario.rrq(IMAGES[1]));
        long secondError = s.after(0.01).udp(TftpRulesTest.SERVER, 40004, second, 50004,
                Scenario.error(1, "File not found"));
        List<String[]> rows = Tshark.fields(s.write(dir.resolve("both.pcap")), "tftp.opcode", "tftp.source_file",
                "tftp.error.code");
        for (long rrq : List.of(listedRequest, otherRequest, secondRequest)) {
            assertEquals("1", rows.get((int) rrq - 1)[0], "frame " + rrq);
        }
        assertEquals(List.of(IMAGES[1], "Chirp1.raw", IMAGES[1]), List.of(rows.get((int) listedRequest - 1)[1],
                rows.get((int) otherRequest - 1)[1], rows.get((int) secondRequest - 1)[1]));
        for (long error : List.of(listedError, otherError, secondError)) {
            assertEquals(List.of("5", "1"), List.of(rows.get((int) error - 1)[0], rows.get((int) error - 1)[2]),
                    "frame " + error);
        }

        Diagnosis d = Diagnose.run(s, ContentStore.forChecks());
        Finding loads = Diagnose.only(d, "loads-file-missing");
        assertTrue(loads.evidence().containsAll(List.of(list, listedRequest, listedError)), loads.evidence().toString());
        assertTrue(loads.explanation().contains("The server refused one of them: '" + IMAGES[1] + "'"),
                loads.explanation());
        assertTrue(!loads.explanation().contains("Chirp1.raw"), loads.explanation());

        List<Finding> notFound = Diagnose.findings(d, "tftp-file-not-found");
        assertEquals(2, notFound.size(), notFound.toString());
        Finding other = notFound.stream().filter(f -> f.device().equals(TftpRulesTest.PHONE.mac())).findFirst()
                .orElseThrow();
        assertEquals(List.of(otherRequest, otherError), other.evidence());
        assertTrue(other.explanation().contains("'Chirp1.raw'") && !other.explanation().contains(IMAGES[1]),
                other.explanation());
        Finding secondPhone = notFound.stream().filter(f -> f.device().equals(second.mac())).findFirst().orElseThrow();
        assertEquals(List.of(secondRequest, secondError), secondPhone.evidence(),
                "the second phone fetched no packing list: its refusal stays a file not found");
        assertEquals("loads-file-missing", d.verdict(TftpRulesTest.PHONE.mac()).verdict());
    }
}
