package org.phonerescue.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tshark reading a recorded capture: the independent word on which packets are which, against
 * which the evidence frames of a diagnosis are checked. Runs with a configuration directory of
 * its own, so no one's Wireshark preferences change what it decodes.
 */
final class Tshark {

    private Tshark() {
    }

    /** The frame numbers of the packets that match {@code filter}, in order. */
    static List<Long> frames(Path capture, String filter) throws IOException, InterruptedException {
        List<Long> out = new ArrayList<>();
        for (String[] row : fields(capture, filter, "frame.number")) {
            out.add(Long.parseLong(row[0]));
        }
        return out;
    }

    /** One line per packet (number, protocol, info) for a failure's message. */
    static String listing(Path capture) throws IOException, InterruptedException {
        StringBuilder sb = new StringBuilder("\n");
        for (String[] row : fields(capture, "frame", "frame.number", "_ws.col.Protocol", "_ws.col.Info")) {
            sb.append(String.join(" ", row)).append('\n');
        }
        return sb.toString();
    }

    /** {@code fields} of each packet that matches {@code filter}, one row per packet. */
    static List<String[]> fields(Path capture, String filter, String... fields) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString(), "-Y", filter, "-T", "fields",
                "-E", "separator=/t", "-E", "occurrence=f"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        Path home = Files.createTempDirectory("tshark-home");
        Path out = home.resolve("out");
        Path err = home.resolve("err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.toString());
        try {
            Process p = pb.start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark did not finish");
            assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + Files.readString(err));
            List<String[]> rows = new ArrayList<>();
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                if (!line.isEmpty()) {
                    rows.add(line.split("\t", -1));
                }
            }
            return rows;
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
