package org.phonerescue.core.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.diagnosis.Diagnose;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.firmware.SpaImageBuilder;
import org.phonerescue.core.testing.Tshark;
import org.phonerescue.core.transfer.ContentStore;

/**
 * The SPA image a capture's TFTP transfer carried, checked against the loader version of the
 * phone's Reply: {@code image-corrupt}, and what {@code image-rejected-loop} says about the image.
 */
class ImageRulesTest {

    private static final Host PHONE = SpaRulesTest.PHONE;
    private static final Host PC = SpaRulesTest.PC;

    @TempDir
    Path dir;

    static byte[] image(String version) throws Exception {
        return new SpaImageBuilder(version).module(2, false, SpaImageBuilder.content(6000, 1))
                .module(5, true, SpaImageBuilder.content(900, 2)).build();
    }

    /** Handshake (Reply: loader 7.4.4rec), then the loader's multicast download of {@code image}; its last frame. */
    static long recovery(Scenario s, byte[] image) {
        SpaRulesTest.handshake(s);
        s.after(0.1).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 69, Scenario.rrq("/spa71f6.bin"));
        long last = 0;
        for (int n = 1; (n - 1) * 512 <= image.length; n++) {
            s.after(0.01).udp(PC, 3000, PHONE, 2000,
                    Scenario.data(n, Arrays.copyOfRange(image, (n - 1) * 512, Math.min(image.length, n * 512))));
            last = s.after(0.01).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 3000, Scenario.ack(n));
        }
        return last;
    }

    static long backInRecovery(Scenario s) {
        s.after(180).spaRequest(PC, SpaRulesTest.WILDCARD);
        return s.after(0.01).spaReply(PHONE, "88014FA00024", "SPA504G", "7.4.4rec");
    }

    @Test
    void aTruncatedImageServedWholeIsCorruptAndExplainsTheLoop() throws Exception {
        byte[] good = image("7.4.9c");
        Scenario s = new Scenario();
        s.at(0);
        long last = recovery(s, Arrays.copyOf(good, good.length - 600));
        long again = backInRecovery(s);
        // tshark: the last datagram from the server's port 3000 carries less than 512 bytes of data, so the
        // transfer is complete for TFTP (RFC 1350 §6) although the image in it is cut short
        List<String[]> rows = Tshark.fields(s.write(dir.resolve("cut.pcap")), "udp.srcport", "udp.length").stream()
                .filter(r -> r[0].equals("3000")).toList();
        assertEquals(8 + 4 + (good.length - 600) % 512, Integer.parseInt(rows.get(rows.size() - 1)[1]));
        assertEquals((good.length - 600) / 512 + 1, rows.size());
        for (ContentStore store : List.of(ContentStore.keeping(), ContentStore.forChecks())) {
            Diagnosis d = Diagnose.run(s, store);
            Finding corrupt = Diagnose.only(d, "image-corrupt");
            assertEquals("image-corrupt", d.verdict(PHONE.mac()).verdict());
            assertEquals(PHONE.mac(), corrupt.device());
            assertTrue(corrupt.evidence().contains(last), corrupt.evidence().toString());
            assertTrue(corrupt.explanation().contains("truncated, 600 bytes missing"), corrupt.explanation());
            assertTrue(corrupt.remedy().contains("check-image"), corrupt.remedy());
            Finding loop = Diagnose.only(d, "image-rejected-loop");
            assertTrue(loop.evidence().contains(again));
            assertTrue(loop.explanation().contains("the downloaded image is damaged: length:"), loop.explanation());
        }
    }

    @Test
    void aChangedModuleIsCorruptEvenBeforeThePhoneComesBack() throws Exception {
        byte[] b = image("7.4.9c");
        b[b.length - 5] ^= 1; // inside the stored module
        Scenario s = new Scenario();
        s.at(0);
        recovery(s, b);
        Finding f = Diagnose.only(Diagnose.run(s, ContentStore.forChecks()), "image-corrupt");
        assertTrue(f.explanation().contains("module 1: sector 5, stored, 900 bytes"), f.explanation());
    }

    @Test
    void anIntactImageIsNoCorruptionAndTheLoopNamesVersionsOrFlash() throws Exception {
        Scenario fits = new Scenario();
        fits.at(0);
        recovery(fits, image("7.4.9c"));
        long again = backInRecovery(fits);
        Diagnosis d = Diagnose.run(fits, ContentStore.forChecks());
        assertEquals(List.of(), Diagnose.findings(d, "image-corrupt"));
        Finding loop = Diagnose.only(d, "image-rejected-loop");
        assertTrue(loop.explanation().contains("intact by the loader's checks (header digest, every module's MD5) and "
                + "its version 7.4.9c suits loader 7.4.4rec"), loop.explanation());
        assertTrue(loop.remedy().contains("internal flash is probably broken"), loop.remedy());
        assertTrue(loop.evidence().contains(again));

        Scenario newer = new Scenario();
        newer.at(0);
        recovery(newer, image("7.6.2f"));
        backInRecovery(newer);
        Diagnosis n = Diagnose.run(newer, ContentStore.forChecks());
        assertEquals(List.of(), Diagnose.findings(n, "image-corrupt"));
        Finding mismatch = Diagnose.only(n, "image-rejected-loop");
        assertTrue(mismatch.explanation().contains("The downloaded image is intact, but the loader is 7.4.4rec "
                + "and the image 7.6.2f"), mismatch.explanation());
        assertTrue(mismatch.remedy().contains("use 7.4.9c"), mismatch.remedy());
    }

    @Test
    void contentThatIsNoSpaImageIsNotJudgedAndHashingOnlyJudgesNothing() throws Exception {
        Scenario other = new Scenario();
        other.at(0);
        recovery(other, Scenario.content(3000, 4));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(other, ContentStore.forChecks()), "image-corrupt"));

        byte[] good = image("7.4.9c");
        Scenario cut = new Scenario();
        cut.at(0);
        recovery(cut, Arrays.copyOf(good, good.length - 600));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(cut, ContentStore.hashingOnly()), "image-corrupt"));
    }

    @Test
    void anImageOnTheOtherSideOfTheLoaderRuleIsAMismatchUntilThePhoneShowsTheResult() throws Exception {
        Scenario s = new Scenario();
        s.at(0);
        long last = recovery(s, image("7.6.2f"));
        Diagnosis d = Diagnose.run(s, ContentStore.forChecks());
        Finding f = Diagnose.only(d, "image-loader-mismatch");
        assertEquals("image-loader-mismatch", d.verdict(PHONE.mac()).verdict());
        assertEquals(org.phonerescue.core.diagnosis.Severity.WARNING, f.severity());
        assertTrue(f.evidence().contains(last), f.evidence().toString());
        assertTrue(f.explanation().contains("the loader is 7.4.4rec and the image 7.6.2f"), f.explanation());
        assertTrue(f.remedy().contains("--loader 7.4.4rec") && f.remedy().contains("7.4.9c"), f.remedy());

        // back in recovery: image-rejected-loop says it, with the proof
        backInRecovery(s);
        Diagnosis loop = Diagnose.run(s, ContentStore.forChecks());
        assertEquals(List.of(), Diagnose.findings(loop, "image-loader-mismatch"));
        assertEquals("image-rejected-loop", loop.verdict(PHONE.mac()).verdict());

        // an image that fits the loader is no mismatch
        Scenario fits = new Scenario();
        fits.at(0);
        recovery(fits, image("7.4.9c"));
        assertEquals(List.of(), Diagnose.findings(Diagnose.run(fits, ContentStore.forChecks()), "image-loader-mismatch"));
    }
}
