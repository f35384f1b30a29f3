package org.phonerescue.ui.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.transfer.FileTransfer;

/**
 * Saving transferred files from the diagnosis window: the analysis it shows keeps no contents
 * beyond its checks, so saving reads the capture again. The saved files are compared with what
 * {@code tshark --export-objects} writes from the same capture.
 */
class AnalysedCaptureTest {

    @TempDir
    Path dir;

    @Test
    void aFileTheAnalysisDidNotKeepIsSavedAsTsharkExportsIt() throws Exception {
        Path capture = DiagnosisPageTest.sampleCaptures().resolve("snom-rescue-http-recovered.pcap");
        try (AnalysedCapture result = AnalysedCapture.of(capture, OuiRegistry.system())) {
            FileTransfer firmware = result.saveable().get(0);
            assertFalse(firmware.content().kept(), "the analysis kept a firmware download it does not check");
            Path target = dir.resolve("saved.bin");
            result.save(firmware.requestFrame(), target);
            assertEquals(firmware.content().sha256(), sha256(target));
            assertEquals(exported(capture, "http"), new TreeSet<>(List.of(sha256(target))));
        }
    }

    @Test
    void saveAllWritesEveryTransferAsTsharkExportsThem() throws Exception {
        Path capture = DiagnosisPageTest.sampleCaptures().resolve("cisco-7961-listed-image-missing.pcap");
        try (AnalysedCapture result = AnalysedCapture.of(capture, OuiRegistry.system())) {
            List<Path> saved = result.saveAll(dir.resolve("files"));
            assertEquals(result.saveable().size(), saved.size());
            TreeSet<String> ours = new TreeSet<>();
            for (Path p : saved) {
                ours.add(sha256(p));
            }
            assertEquals(exported(capture, "tftp"), ours);
            for (FileTransfer t : result.saveable()) {
                assertTrue(Files.exists(dir.resolve("files").resolve(org.phonerescue.core.report.SavedFiles.name(t))));
            }
        }
    }

    @Test
    void aCaptureChangedSinceItsDiagnosisIsNotSavedFrom() throws Exception {
        Path capture = dir.resolve("scene.pcap");
        Files.copy(DiagnosisPageTest.sampleCaptures().resolve("snom-rescue-http-recovered.pcap"), capture);
        try (AnalysedCapture result = AnalysedCapture.of(capture, OuiRegistry.system())) {
            FileTransfer firmware = result.saveable().get(0);
            // another capture in its place: a download of the same name, with other bytes
            Files.copy(DiagnosisPageTest.sampleCaptures().resolve("snom-rescue-http-no-registrar.pcap"), capture,
                    StandardCopyOption.REPLACE_EXISTING);
            IOException e = assertThrows(IOException.class, () -> result.save(firmware.requestFrame(), dir.resolve("x")));
            assertTrue(e.getMessage().contains("changed since it was diagnosed"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("x")));
        }
    }

    /** SHA-256 of every object tshark exports from the capture for {@code protocol}. */
    private TreeSet<String> exported(Path capture, String protocol) throws Exception {
        Path out = Files.createDirectories(dir.resolve("tshark-" + protocol));
        Process p = new ProcessBuilder("tshark", "-n", "-r", capture.toString(), "-q", "--export-objects",
                protocol + "," + out).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, p.waitFor());
        TreeSet<String> shas = new TreeSet<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                shas.add(sha256(f));
            }
        }
        assertFalse(shas.isEmpty(), "tshark exported nothing");
        return shas;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
