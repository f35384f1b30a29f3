package org.phonerescue.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code phonerescue serve} across a veth pair between two network namespaces on each TFTP
 * network transport: native epoll (what the default picks on Linux x86-64), NIO asked for with
 * {@code --tftp-transport=nio}, and NIO as the fallback when Netty's native library may not load
 * ({@code -Dio.netty.transport.noNative=true}), which the log must say. Debian's clients
 * download, every file is compared by SHA-256: the windowed downloads run on the transport's
 * event loops, the lock-step ones on threads of their own. Needs root; in CI a missing
 * capability fails.
 */
class NetnsTftpTransportsIT {

    /** 34 000 000 bytes: 66 407 blocks of 512, past the 16-bit block numbers. */
    static final long BIG = 34_000_000L;

    @TempDir
    static Path dir;
    static Path root;
    static VethNamespaces net;

    @BeforeAll
    static void start() throws Exception {
        Requirements.root();
        Requirements.commands("ip", "tftp", "atftp", "curl");
        try {
            net = VethNamespaces.create(4);
        } catch (java.io.IOException e) {
            Requirements.missing("network namespaces: " + e.getMessage());
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = Files.createDirectories(dir.resolve("root"));
        TestFiles.random(root.resolve("spa71f6.bin"), 1_000_003, 31);
        TestFiles.random(root.resolve("exact1468.bin"), 1468 * 300, 32);
        TestFiles.random(root.resolve("big.bin"), BIG, 33);
    }

    @AfterAll
    static void stop() throws Exception {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void nativeEpollByDefault() throws Exception {
        downloadsAcrossTheLink(List.of(), List.of(), "epoll (native)");
    }

    @Test
    void nioWhenAskedFor() throws Exception {
        downloadsAcrossTheLink(List.of(), List.of("--tftp-transport=nio"), "nio");
    }

    @Test
    void nioWhenTheNativeLibraryMayNotLoad() throws Exception {
        downloadsAcrossTheLink(List.of("-Dio.netty.transport.noNative=true"), List.of(),
                "nio (native epoll not available: ");
    }

    private void downloadsAcrossTheLink(List<String> jvmOptions, List<String> options, String transport)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("--root", root.toString(), "--tftp", "--no-progress"));
        args.addAll(options);
        try (ServeProcess serve = ServeProcess.start(net.inServer(), jvmOptions, args.toArray(String[]::new))) {
            assertEquals(69, serve.awaitReady("tftp"));
            String said = serve.await(l -> l.contains(" tftp network transport: "), 10);
            assertNotNull(said, serve.lines() + serve.stderr());
            assertTrue(said.substring(said.indexOf(" tftp network transport: ") + 25).startsWith(transport), said);

            assertSame("spa71f6.bin", download("tftp", "/spa71f6.bin"));
            assertSame("spa71f6.bin", download("curl", "spa71f6.bin", "--tftp-blksize", "512"));
            assertSame("spa71f6.bin", download("curl", "spa71f6.bin", "--tftp-blksize", "1468"));
            assertSame("spa71f6.bin", download("atftp", "spa71f6.bin", "blksize 1468", "windowsize 16", "tsize"));
            assertSame("exact1468.bin", download("atftp", "exact1468.bin", "blksize 1468", "windowsize 16"));
            // DATA larger than the link's MTU of 1500: the kernel refuses to segment them (epoll),
            // so they go one by one and the IP layer fragments them
            assertSame("spa71f6.bin", download("atftp", "spa71f6.bin", "blksize 8192", "windowsize 16"));
            assertSame("big.bin", download("curl", "big.bin", "--tftp-blksize", "512"));
            assertSame("big.bin", download("atftp", "big.bin", "windowsize 16"));
            assertEquals(2, serve.awaitCount(l -> l.contains(" done: \"big.bin\", 34000000 bytes"), 2, 10).size(),
                    serve.lines().toString());
        }
    }

    private Path download(String client, String name, String... options) throws Exception {
        Path target = dir.resolve(client + "-" + System.nanoTime());
        List<String> cmd = new ArrayList<>();
        switch (client) {
            case "tftp" -> cmd.addAll(List.of("tftp", "-m", "binary", net.serverAddress, "-c", "get", name,
                    target.toString()));
            case "curl" -> {
                cmd.addAll(List.of("curl", "-sS", "--fail", "-o", target.toString()));
                cmd.addAll(List.of(options));
                cmd.add("tftp://" + net.serverAddress + "/" + name);
            }
            default -> {
                cmd.addAll(List.of("atftp", "-g", "-r", name, "-l", target.toString()));
                for (String o : options) {
                    cmd.addAll(List.of("--option", o));
                }
                cmd.add(net.serverAddress);
            }
        }
        Run r = Run.of(120, net.inClient(cmd.toArray(String[]::new)));
        assertTrue(r.ok() && r.out().isEmpty(), String.join(" ", cmd) + ": " + r);
        return target;
    }

    private static void assertSame(String name, Path got) throws Exception {
        assertEquals(TestFiles.sha256(root.resolve(name)), TestFiles.sha256(got), name);
    }
}
