package org.phonerescue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.PcapWriter;

/**
 * The commands that print per packet stop when their output goes away: {@code | head} ends them
 * at once, quietly, with 141 as SIGPIPE would; a full disk ({@code /dev/full}) is reported, exit 4.
 */
class CommandOutputIT {

    private static final Path SAMPLES = Paths.get(System.getProperty("sample.captures.dir", "../../sample-captures"));
    /** Copies of the sample's packets: output far larger than a pipe's buffer and our own. */
    private static final int COPIES = 40_000;

    @TempDir
    static Path dir;
    static Path capture;

    @BeforeAll
    static void largeCapture() throws Exception {
        List<CapturedPacket> packets = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(SAMPLES.resolve("tftp-rrq.pcap"))) {
            CapturedPacket p;
            while ((p = reader.next()) != null) {
                packets.add(p);
            }
        }
        capture = dir.resolve("large.pcap");
        try (PcapWriter w = PcapWriter.create(capture, packets.get(0).linkType())) {
            for (int i = 0; i < COPIES; i++) {
                for (CapturedPacket p : packets) {
                    w.write(p.epochSecond() + i, p.nanos(), p.originalLength(), p.linkType(), p.data(), 0,
                            p.data().length, null);
                }
            }
        }
    }

    private static ProcessBuilder phonerescue(String... args) {
        List<String> cmd = new ArrayList<>(List.of(PhoneRescueJar.LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("PHONERESCUE_JAVA_OPTS");
        return pb;
    }

    private static void endsQuietlyWhenTheReaderGoesAway(String... args) throws Exception {
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = phonerescue(args).redirectError(err.toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertNotNull(out.readLine(), "a first line");
        } // closed: the command's next writes meet a closed pipe
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", args) + " went on after its reader had gone");
        assertEquals(PhoneRescue.EXIT_OUTPUT_CLOSED, p.exitValue(), Files.readString(err));
        assertEquals("", Files.readString(err));
    }

    @Test
    void listStopsWhenItsReaderGoesAway() throws Exception {
        endsQuietlyWhenTheReaderGoesAway("list", capture.toString());
    }

    @Test
    void fieldsStopsWhenItsReaderGoesAway() throws Exception {
        endsQuietlyWhenTheReaderGoesAway("fields", capture.toString(), "-e", "frame.number", "-e", "_ws.col.Info");
    }

    @Test
    void showStopsWhenItsReaderGoesAway() throws Exception {
        endsQuietlyWhenTheReaderGoesAway("show", capture.toString());
    }

    @Test
    void aFullDiskIsReportedWithExitFour() throws Exception {
        for (String[] args : List.of(new String[] {"list", capture.toString()},
                new String[] {"fields", capture.toString(), "-e", "frame.number"},
                new String[] {"show", capture.toString()})) {
            Path err = Files.createTempFile(dir, "err", ".txt");
            Process p = phonerescue(args).redirectOutput(new File("/dev/full")).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), args[0]);
            String stderr = Files.readString(err);
            assertEquals(PhoneRescue.EXIT_OUTPUT, p.exitValue(), args[0] + ": " + stderr);
            assertEquals("phonerescue: cannot write the output: No space left on device\n", stderr, args[0]);
        }
    }
}
