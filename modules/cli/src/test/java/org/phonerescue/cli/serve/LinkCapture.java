package org.phonerescue.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tcpdump recording one link inside a network namespace into a pcap file, as an engineer records
 * the phone's cable; stopped as Ctrl-C stops it. In immediate mode and writing each packet as it
 * comes ({@code -U}), so the file ends with every packet seen before the stop: dumpcap, which
 * takes packets from the kernel a block at a time, lost the last ones when stopped within about
 * half a second of them.
 */
final class LinkCapture implements AutoCloseable {

    private final Process process;
    private final Path file;
    private final Path log;

    private LinkCapture(Process process, Path file, Path log) {
        this.process = process;
        this.file = file;
        this.log = log;
    }

    /**
     * Starts tcpdump on {@code link} with {@code namespace} (e.g. {@code ip netns exec NS}) before
     * it and returns once tcpdump says it listens.
     */
    static LinkCapture start(List<String> namespace, String link, Path file) throws IOException, InterruptedException {
        Path log = file.resolveSibling(file.getFileName() + ".tcpdump.log");
        List<String> cmd = new ArrayList<>(namespace);
        // -B 16384: a 16 MiB kernel buffer, so that a busy machine drops no packet of a scene; -Z root: write the
        // file as root, where Debian's tcpdump would switch to its own user
        cmd.addAll(List.of("tcpdump", "-i", link, "--immediate-mode", "-U", "-B", "16384", "-Z", "root", "-w",
                file.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LinkCapture c = new LinkCapture(p, file, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(log).contains("listening on " + link)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                c.close();
                throw new IOException("tcpdump did not start on " + link + ": " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return c;
    }

    /**
     * Lets the last packets through the capture, stops tcpdump with SIGTERM and returns the file.
     * SIGTERM loses what tcpdump has not read from the kernel yet, and on a busy machine a fixed
     * pause was not always enough (the last DATA blocks of a download went missing): the file must
     * first stop growing for a second.
     */
    Path stop() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long size = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = Files.size(file);
            if (now != size) {
                size = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince >= TimeUnit.SECONDS.toNanos(1)) {
                break;
            }
            Thread.sleep(50);
        }
        process.destroy();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "tcpdump did not stop");
        assertEquals(0, process.exitValue(), Files.readString(log));
        assertTrue(Files.size(file) > 0, Files.readString(log));
        return file;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
