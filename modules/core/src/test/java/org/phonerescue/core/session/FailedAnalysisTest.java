package org.phonerescue.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.transfer.ContentStore;

/**
 * An analysis that fails part-way hands no {@link CaptureAnalysis} to close, so it closes the
 * store itself: the temporary files that held transfer contents are deleted and closed.
 */
class FailedAnalysisTest {

    private static final Host PHONE = new Host("00:0e:08:de:ad:01", "192.168.1.50");
    private static final Host SERVER = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");

    @TempDir
    Path dir;

    /** The files this process holds open in a content store's temporary directory (Linux /proc). */
    private static List<Path> openContentFiles() throws IOException {
        List<Path> open = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.toString().contains("phonerescue-transfers")) {
                        open.add(target);
                    }
                } catch (IOException e) {
                    // closed while listed
                }
            }
        }
        return open;
    }

    @Test
    void aPassThatThrowsClosesItsStore() throws Exception {
        // a download still under way when the pass breaks off: 10 DATA of 512 bytes, past the
        // store's 1000 bytes in memory, so its content is in a temporary file
        Scenario s = new Scenario();
        s.at(0).udp(PHONE, 50000, SERVER, 69, Scenario.rrq("big.bin"));
        for (int n = 1; n <= 10; n++) {
            s.after(0.01).udp(SERVER, 40000, PHONE, 50000, Scenario.data(n, Scenario.content(512, n)));
        }
        Path capture = s.write(dir.resolve("download.pcap"));
        List<Path> spilled = new ArrayList<>();

        ContentStore store = ContentStore.keeping(1000, 1 << 20);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CaptureAnalyzer.analyze(capture, OuiRegistry.empty(), store,
                        CaptureAnalyzer.Decoding.TFTP_BLOCKS_FROM_HEADERS, n -> {
                            try {
                                spilled.addAll(openContentFiles());
                            } catch (IOException io) {
                                throw new java.io.UncheckedIOException(io);
                            }
                            throw new IllegalStateException("the pass broke off");
                        }));
        assertEquals("the pass broke off", e.getMessage());

        assertEquals(1, spilled.size(), "the download's content was in a temporary file: " + spilled);
        assertFalse(Files.exists(spilled.get(0)), "its file is deleted");
        assertFalse(Files.exists(spilled.get(0).getParent()), "and the store's directory");
        assertEquals(List.of(), openContentFiles(), "nothing of the store is left open");
    }
}
