package org.phonerescue.application;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Starts the assembled application the way a user does, {@code bin/phonerescue <capture>}, and
 * checks that the branded main window comes up, the packet list reads the capture (as many packets
 * as tshark counts) and the diagnosis window gives the phone the verdict
 * {@code sample-captures/expected-diagnoses.tsv} holds for the scene. Needs an X display (Xvfb in
 * the build); without one it fails rather than skip, so a headless build cannot pass by testing
 * nothing.
 */
class WorkbenchLauncherIT {

    private static final String WINDOW_TITLE = "PhoneRescue Workbench";
    /** The scene {@code ./run} opens: a 7961 whose packing list names an image the server lacks. */
    private static final String SCENE = "cisco-7961-listed-image-missing";
    /** A cold start on a busy two-core machine takes well under half of this. */
    private static final long START_TIMEOUT_MILLIS = 90_000;
    private static final long POLL_MILLIS = 250;
    /** The log line is written once the rows are in the table; this lets Swing paint them. */
    private static final long PAINT_MILLIS = 1_500;
    private static final long STOP_TIMEOUT_SECONDS = 20;
    private static final int TAIL_LINES = 60;

    private final Path itDir = Path.of(System.getProperty("launcher.it.dir", "target/launcher-it"));
    private final Path userdir = itDir.resolve("userdir");
    /** The launcher would otherwise keep module caches in ~/.cache/phonerescue, shared by every run. */
    private final Path cachedir = itDir.resolve("cachedir");
    private final Path messagesLog = userdir.resolve("var/log/messages.log");
    private final Path output = itDir.resolve("launcher-output.txt");

    @Test
    void opensTheCaptureNamedOnTheCommandLine() throws Exception {
        if (X11Display.name() == null) {
            fail("DISPLAY is not set: the launcher test needs an X server. Run the build under Xvfb: "
                 + "xvfb-run -a mvn -B -ntp verify");
        }
        Path launcher = Path.of(System.getProperty("launcher", "target/phonerescue/bin/phonerescue"));
        if (!Files.isExecutable(launcher)) {
            fail("No launcher at " + launcher + "; the application was not assembled");
        }
        Path samples = Path.of(System.getProperty("sample.captures.dir", "../sample-captures")).toAbsolutePath().normalize();
        Path capture = samples.resolve(SCENE + ".pcap");
        Pattern opened = Pattern.compile("Opened capture " + Pattern.quote(capture.toString()) + ": "
                                         + tsharkFrameCount(capture) + " packets");
        String[] expected = expectedVerdict(samples.resolve("expected-diagnoses.tsv"), SCENE);
        Pattern diagnosed = Pattern.compile("Diagnosed capture " + Pattern.quote(capture.toString()) + " in \\d+ ms:.* "
                                            + Pattern.quote(expected[0] + " phone " + expected[1] + ";"));
        Path screenshot = Path.of(System.getProperty("screenshot.dir", "target/screenshots"), "workbench.png");
        deleteTree(userdir);
        deleteTree(cachedir);
        Files.createDirectories(itDir);
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);

        long started = System.nanoTime();
        Process app = new ProcessBuilder(launcher.toString(), "--userdir", userdir.toString(),
                "--cachedir", cachedir.toString(), "--nosplash", capture.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
            awaitOrFail(app, deadline, "a window titled \"" + WINDOW_TITLE + "\"",
                    () -> X11Display.hasWindowTitled(WINDOW_TITLE));
            long windowShown = System.nanoTime();
            awaitOrFail(app, deadline, "the log line matching " + opened.pattern() + " in " + messagesLog,
                    () -> opened.matcher(read(messagesLog)).find());
            long captureOpened = System.nanoTime();
            awaitOrFail(app, deadline, "the log line matching " + diagnosed.pattern() + " in " + messagesLog,
                    () -> diagnosed.matcher(read(messagesLog)).find());
            long captureDiagnosed = System.nanoTime();

            Thread.sleep(PAINT_MILLIS);
            try {
                X11Display.screenshot(screenshot);
            } catch (IOException e) {
                fail("Taking the screenshot failed: " + e.getMessage() + diagnostics());
            }
            checkScreenshot(screenshot);
            System.out.printf("Launcher test: main window after %.1f s, capture opened after %.1f s, diagnosed after"
                              + " %.1f s; screenshot %s%n", seconds(started, windowShown), seconds(started, captureOpened),
                    seconds(started, captureDiagnosed), screenshot.toAbsolutePath());
        } finally {
            stop(app);
        }
    }

    /** Frames in the capture, as tshark counts them. */
    private static long tsharkFrameCount(Path capture) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tshark", "-n", "-r", capture.toString(), "-T", "fields", "-e", "frame.number")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long frames = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines()
                .filter(l -> !l.isBlank()).count();
        if (p.waitFor() != 0 || frames == 0) {
            fail("tshark could not count the frames of " + capture + " (exit " + p.exitValue() + ")");
        }
        return frames;
    }

    /** The phone's MAC and its verdict for {@code scene} in expected-diagnoses.tsv (columns 1 and 5). */
    private static String[] expectedVerdict(Path tsv, String scene) throws IOException {
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            String[] c = line.split("\t", -1);
            if (c.length > 4 && c[0].equals(scene)) {
                return new String[] {c[1], c[4]};
            }
        }
        return fail("No row for " + scene + " in " + tsv);
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private void awaitOrFail(Process app, long deadline, String what, Condition condition) throws InterruptedException {
        while (!holds(condition, what)) {
            if (!app.isAlive()) {
                fail("The application exited with code " + app.exitValue() + " before showing " + what + diagnostics());
            }
            if (System.currentTimeMillis() > deadline) {
                fail("No " + what + " within " + START_TIMEOUT_MILLIS / 1000 + " s of starting the launcher" + diagnostics());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private boolean holds(Condition condition, String what) {
        try {
            return condition.holds();
        } catch (Exception e) {
            return fail("Could not check for " + what + ": " + e + diagnostics());
        }
    }

    /** A real screen, not an empty or black one: the right size and more than a handful of colours. */
    private void checkScreenshot(Path png) throws IOException {
        if (!Files.isRegularFile(png) || Files.size(png) < 10_000) {
            fail("Screenshot " + png + " is missing or too small to show the workbench" + diagnostics());
        }
        BufferedImage image = ImageIO.read(png.toFile());
        if (image == null || image.getWidth() < 640 || image.getHeight() < 480) {
            fail("Screenshot " + png + " is not a full-screen PNG" + diagnostics());
        }
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 8) {
            for (int x = 0; x < image.getWidth(); x += 8) {
                colours.add(image.getRGB(x, y));
            }
        }
        if (colours.size() < 16) {
            fail("Screenshot " + png + " has only " + colours.size() + " colours; nothing was drawn" + diagnostics());
        }
    }

    /** The launcher is a shell script that starts the JVM as a child: stop the children too. */
    private static void stop(Process app) throws InterruptedException {
        List<ProcessHandle> tree = Stream.concat(app.descendants(), Stream.of(app.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                p.destroyForcibly();
            }
        }
    }

    private String diagnostics() {
        return "\n--- tail of " + messagesLog + " ---\n" + tail(messagesLog)
               + "\n--- tail of launcher output " + output + " ---\n" + tail(output);
    }

    private static String tail(Path file) {
        List<String> lines = read(file).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    /** The file's text so far, or empty before it exists; lenient about a line being written. */
    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
