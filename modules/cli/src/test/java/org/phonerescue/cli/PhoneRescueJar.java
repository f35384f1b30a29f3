package org.phonerescue.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The built {@code phonerescue.jar}, run as an engineer runs it: a new JVM, its exit code and what it printed. */
final class PhoneRescueJar {

    static final Path JAR = Paths.get(System.getProperty("phonerescue.jar", "target/phonerescue.jar"));

    record Run(int exit, String out, String err) {
    }

    private PhoneRescueJar() {
    }

    /** {@code java -jar phonerescue.jar ARGS…}, to its end (at most 60 s). */
    static Run run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("phonerescue", ".out");
        Path err = Files.createTempFile("phonerescue", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "phonerescue " + String.join(" ", args) + " did not finish");
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
