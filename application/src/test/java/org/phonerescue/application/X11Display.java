package org.phonerescue.application;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The X server the test runs against, seen through the standard X11 tools: xwininfo lists window
 * titles (Xvfb has no window manager, so there are no title bars to look at), ImageMagick's import
 * takes the screenshot.
 */
final class X11Display {

    private static final long TOOL_TIMEOUT_SECONDS = 20;

    private X11Display() {
    }

    /** The display name, or null when there is none. */
    static String name() {
        String display = System.getenv("DISPLAY");
        return display == null || display.isBlank() ? null : display;
    }

    /** Whether a top-level window has exactly this title; xwininfo prints titles in double quotes. */
    static boolean hasWindowTitled(String title) throws IOException, InterruptedException {
        return run(List.of("xwininfo", "-root", "-tree")).contains("\"" + title + "\"");
    }

    /** Writes a PNG of the whole screen. */
    static void screenshot(Path png) throws IOException, InterruptedException {
        run(List.of("import", "-window", "root", png.toString()));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        // output goes to a file so that a hung tool is caught by the timeout instead of a blocked read
        Path output = Files.createTempFile("x11-tool", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish in " + TOOL_TIMEOUT_SECONDS + " s");
            }
            String text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed with exit code " + p.exitValue() + ": " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
