package org.phonerescue.cli.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code phonerescue serve} running from the built jar, optionally inside a network namespace
 * ({@code ip netns exec NS java -jar ...}), with its log lines collected as they come.
 */
final class ServeProcess implements AutoCloseable {

    static final Path JAR = Paths.get(System.getProperty("phonerescue.jar", "target/phonerescue.jar"));
    private static final Pattern READY = Pattern.compile(" (tftp|http|ftp) serving .* on (udp|tcp) (\\S+?):(\\d+)");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder err = new StringBuilder();
    private final Thread reader;
    private final Thread errReader;

    private ServeProcess(List<String> command) throws IOException {
        process = new ProcessBuilder(command).start();
        reader = new Thread(() -> collect(process.inputReader(StandardCharsets.UTF_8), true), "serve-stdout");
        errReader = new Thread(() -> collect(process.errorReader(StandardCharsets.UTF_8), false), "serve-stderr");
        reader.setDaemon(true);
        errReader.setDaemon(true);
        reader.start();
        errReader.start();
    }

    /** Starts the jar with {@code args}; {@code prefix} (e.g. ip netns exec NS) goes before java. */
    static ServeProcess start(List<String> prefix, String... args) throws IOException {
        return start(prefix, List.of(), args);
    }

    /** As {@link #start(List, String...)}, with {@code jvmOptions} (e.g. system properties) for java. */
    static ServeProcess start(List<String> prefix, List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(JAR.toAbsolutePath().toString());
        cmd.add("serve");
        cmd.addAll(List.of(args));
        return new ServeProcess(cmd);
    }

    private void collect(BufferedReader r, boolean out) {
        try (BufferedReader in = r) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (this) {
                    if (out) {
                        lines.add(line);
                    } else {
                        err.append(line).append('\n');
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Waits for the "serving ... on udp HOST:PORT" line of {@code server} and returns the port. */
    int awaitReady(String server) throws InterruptedException {
        String line = await(l -> {
            Matcher m = READY.matcher(l);
            return m.find() && m.group(1).equals(server);
        }, 30);
        assertTrue(line != null, "no ready line for " + server + "; stdout: " + lines() + "\nstderr: " + stderr());
        Matcher m = READY.matcher(line);
        assertTrue(m.find());
        return Integer.parseInt(m.group(4));
    }

    /** The first line matching {@code p}, waiting up to {@code seconds}; null when none came. */
    synchronized String await(Predicate<String> p, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            for (String l : lines) {
                if (p.test(l)) {
                    return l;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                return null;
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    /** Waits until {@code count} lines match {@code p}. */
    synchronized List<String> awaitCount(Predicate<String> p, int count, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            List<String> matching = lines.stream().filter(p).toList();
            long left = deadline - System.nanoTime();
            if (matching.size() >= count || left <= 0) {
                return matching;
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    synchronized String stderr() {
        return err.toString();
    }

    /** Waits for the process to end by itself; returns its exit code, or -1 when it still runs. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return -1;
        }
        reader.join(2000);
        errReader.join(2000);
        return process.exitValue();
    }

    /** Stops the server as Ctrl-C would (SIGTERM), and waits for it. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
            reader.join(2000);
            errReader.join(2000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
