package org.phonerescue.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built command line, run as an engineer runs it: {@code target/phonerescue}, the launcher
 * beside {@code phonerescue.jar}, in a new JVM (this one's java, by JAVA_HOME); its exit code and
 * what it printed.
 */
public final class PhoneRescueJar {

    public static final Path LAUNCHER = Paths.get(System.getProperty("phonerescue.launcher", "target/phonerescue"));

    public record Run(int exit, String out, String err) {
    }

    private PhoneRescueJar() {
    }

    /** {@code phonerescue ARGS…}, to its end (at most 60 s). */
    public static Run run(String... args) throws IOException, InterruptedException {
        return run(LAUNCHER, Map.of(), args);
    }

    /** {@code LAUNCHER ARGS…} with these variables added to the environment, to its end (at most 60 s). */
    static Run run(Path launcher, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("phonerescue", ".out");
        Path err = Files.createTempFile("phonerescue", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().remove("PHONERESCUE_JAVA_OPTS");
            pb.environment().putAll(env);
            Process p = pb.start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "phonerescue " + String.join(" ", args) + " did not finish");
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
