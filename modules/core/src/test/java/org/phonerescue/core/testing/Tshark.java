package org.phonerescue.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Wireshark's tshark (and capinfos) as the independent oracle; fails when they are missing. */
public final class Tshark {

    private Tshark() {
    }

    /** Runs a Wireshark command-line tool with a throw-away configuration and returns its stdout. */
    public static String run(List<String> command) throws IOException, InterruptedException {
        Path config = Files.createTempDirectory("tshark-config");
        Path stdout = Files.createTempFile("tshark", ".out");
        Path stderr = Files.createTempFile("tshark", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            // No personal preferences or name resolution may change the oracle's answers.
            pb.environment().put("HOME", config.toString());
            pb.environment().put("XDG_CONFIG_HOME", config.toString());
            pb.environment().put("TZ", "UTC");
            pb.environment().put("LC_ALL", "C.UTF-8");
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new IllegalStateException(command.get(0) + " is not installed: run the README's set-up", e);
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in 120 s");
            }
            String err = Files.readString(stderr, StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("Running as user \"root\"")).reduce("", (a, b) -> a + b + "\n");
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " exited " + p.exitValue() + ": " + err);
            }
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            Files.deleteIfExists(config);
        }
    }

    /** {@code tshark -r FILE -n -T fields} with the given fields, one array per frame (no header). */
    public static List<String[]> fields(Path capture, String... fields) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", capture.toString(), "-n", "-T", "fields",
                "-E", "header=n", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : run(cmd).split("\n")) {
            if (!line.isEmpty()) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }

    /** The numbers of the frames a display filter matches, in order ({@code tshark -r FILE -n -Y FILTER}). */
    public static List<Long> frames(Path capture, String filter) throws IOException, InterruptedException {
        List<Long> out = new ArrayList<>();
        for (String line : run(List.of("tshark", "-r", capture.toString(), "-n", "-Y", filter, "-T", "fields",
                "-e", "frame.number")).split("\n")) {
            if (!line.isBlank()) {
                out.add(Long.parseLong(line.trim()));
            }
        }
        return out;
    }

    /** Every frame's bytes as tshark read them, in hex, from {@code -T json -x}'s frame_raw. */
    public static List<String> frameBytes(Path capture) throws IOException, InterruptedException {
        String json = run(List.of("tshark", "-r", capture.toString(), "-n", "-T", "json", "-x", "-j", "frame"));
        List<String> frames = new ArrayList<>();
        String key = "\"frame_raw\": [";
        int at = 0;
        while ((at = json.indexOf(key, at)) >= 0) {
            int open = json.indexOf('"', at + key.length());
            int close = json.indexOf('"', open + 1);
            frames.add(json.substring(open + 1, close));
            at = close;
        }
        return frames;
    }
}
