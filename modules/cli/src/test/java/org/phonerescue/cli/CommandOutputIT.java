package org.phonerescue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * at once, quietly, with 141 as SIGPIPE would; a full disk ({@code /dev/full}) is reported, exit 4,
 * by every command. A report or folder that cannot be written is named, exit 4 as well.
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
            assertEquals("phonerescue: cannot write the output: no space left on device\n", stderr, args[0]);
        }
    }

    /** {@code phonerescue ARGS > /dev/full}: its exit code and what it said on stderr. */
    private static PhoneRescueJar.Run intoAFullDisk(String... args) throws Exception {
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = phonerescue(args).redirectOutput(new File("/dev/full")).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", args));
        return new PhoneRescueJar.Run(p.exitValue(), "", Files.readString(err));
    }

    @Test
    void everyCommandReportsAFullDiskWithExitFour() throws Exception {
        String sample = SAMPLES.resolve("tftp-rrq.pcap").toString();
        Path image = Files.write(dir.resolve("spa50x-30x-7-6-2f.bin"),
                SpaImageFile.build("7.6.2f", "module".repeat(500).getBytes(StandardCharsets.US_ASCII)));
        Path root = Files.createDirectories(dir.resolve("root"));
        for (String[] args : List.of(new String[] {"diagnose", sample}, new String[] {"diagnose", "--json", sample},
                new String[] {"diagnose", "--timeline", sample}, new String[] {"stats", sample},
                new String[] {"check-image", image.toString()}, new String[] {"check-image", "--json", image.toString()},
                new String[] {"check-root", root.toString()}, new String[] {"check-root", "--json", root.toString()},
                new String[] {"dhcp-options", "--dhcp-option150", "192.168.1.10"},
                new String[] {"--help"}, new String[] {"--version"}, new String[] {"diagnose", "--help"},
                new String[] {"help", "check-root"},
                // its first log line, before any request: serving stops
                new String[] {"serve", "--root", root.toString(), "--tftp=0", "--bind", "127.0.0.1"})) {
            PhoneRescueJar.Run r = intoAFullDisk(args);
            assertEquals(PhoneRescue.EXIT_OUTPUT, r.exit(), String.join(" ", args) + ": " + r.err());
            assertEquals("phonerescue: cannot write the output: no space left on device\n", r.err(), String.join(" ", args));
        }
    }

    /**
     * A server's log line, written on the server's thread when a request comes in, to a reader that
     * has gone: serving stops as every command does, quietly with 141. The request is sent to the
     * loopback address the server listens on.
     */
    @Test
    void serveStopsWhenItsLogCannotBeWritten() throws Exception {
        Path root = Files.createDirectories(dir.resolve("served"));
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = phonerescue("serve", "--root", root.toString(), "--tftp=0", "--bind", "127.0.0.1")
                .redirectError(err.toFile()).start();
        int port;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertNotNull(first, Files.readString(err));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("on udp 127\\.0\\.0\\.1:(\\d+)").matcher(first);
            assertTrue(m.find(), first);
            port = Integer.parseInt(m.group(1));
            assertNotNull(out.readLine(), "the transport line, the last one before requests");
        } // closed: the next log line meets a closed pipe
        // RFC 1350 RRQ for a file the root does not have: the server logs the request and its refusal
        byte[] rrq = "\0\1missing.bin\0octet\0".getBytes(StandardCharsets.US_ASCII);
        try (java.net.DatagramSocket client = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 20 && !p.waitFor(500, TimeUnit.MILLISECONDS); i++) {
                client.send(new java.net.DatagramPacket(rrq, rrq.length, java.net.InetAddress.getLoopbackAddress(), port));
            }
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "serve went on after its log's reader had gone");
        assertEquals(PhoneRescue.EXIT_OUTPUT_CLOSED, p.exitValue(), Files.readString(err));
        assertEquals("", Files.readString(err));
    }

    @Test
    void aReportOrFolderThatCannotBeWrittenIsNamedWithExitFour() throws Exception {
        String sample = SAMPLES.resolve("tftp-rrq.pcap").toString();
        Path missing = dir.resolve("no-such-folder").resolve("r.md");
        PhoneRescueJar.Run r = PhoneRescueJar.run("diagnose", sample, "--report", missing.toString());
        assertEquals(PhoneRescue.EXIT_OUTPUT, r.exit(), r.err());
        assertEquals("phonerescue: " + missing + ": cannot write the report: no folder " + missing.getParent() + "\n",
                r.err());
        assertTrue(r.out().contains("1 TFTP transfer"), "the diagnosis itself is printed: " + r.out());

        PhoneRescueJar.Run full = PhoneRescueJar.run("diagnose", sample, "--report", "/dev/full");
        assertEquals(PhoneRescue.EXIT_OUTPUT, full.exit(), full.err());
        assertEquals("phonerescue: /dev/full: cannot write the report: no space left on device\n", full.err());

        // a file where the folder should be: neither it nor a folder under it can be made
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        PhoneRescueJar.Run onAFile = PhoneRescueJar.run("diagnose", sample, "--extract", file.toString());
        assertEquals(PhoneRescue.EXIT_OUTPUT, onAFile.exit(), onAFile.err());
        assertEquals("phonerescue: " + file + ": cannot write the extracted files: a file, not a folder\n", onAFile.err());
        Path under = file.resolve("extracted");
        PhoneRescueJar.Run underAFile = PhoneRescueJar.run("diagnose", sample, "--extract", under.toString());
        assertEquals(PhoneRescue.EXIT_OUTPUT, underAFile.exit(), underAFile.err());
        assertEquals("phonerescue: " + under + ": cannot write the extracted files: " + file + " is not a folder\n",
                underAFile.err());
        // /proc refuses new folders whoever asks, root included
        PhoneRescueJar.Run proc = PhoneRescueJar.run("diagnose", sample, "--extract", "/proc/phonerescue-extract");
        assertEquals(PhoneRescue.EXIT_OUTPUT, proc.exit(), proc.err());
        assertTrue(proc.err().startsWith("phonerescue: /proc/phonerescue-extract: cannot write the extracted files: "),
                proc.err());
        for (PhoneRescueJar.Run each : List.of(r, full, onAFile, underAFile, proc)) {
            assertFalse(each.err().contains(sample), "the capture is not to blame: " + each.err());
        }
    }
}
