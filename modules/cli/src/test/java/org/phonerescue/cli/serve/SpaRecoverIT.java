package org.phonerescue.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.cli.SpaImageFile;

/**
 * {@code phonerescue spa-recover} against {@link SpaLoaderPeer} (a test peer written from the SPA
 * field model, not a phone) in another network namespace: discovery by multicast, the Upgrade,
 * and the loader-style TFTP download through the group 234.4.8.10, checked by SHA-256.
 */
class SpaRecoverIT {

    @TempDir
    static Path dir;
    static VethNamespaces net;

    @BeforeAll
    static void link() throws Exception {
        Requirements.root();
        Requirements.commands("ip");
        try {
            net = VethNamespaces.create(3);
        } catch (java.io.IOException e) {
            Requirements.missing("network namespaces: " + e.getMessage());
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void unlink() throws Exception {
        if (net != null) {
            net.close();
        }
    }

    /** An intact image of the SPA container (laid out by {@link SpaImageFile}) of about {@code size} bytes. */
    private static Path image(String version, int size) throws Exception {
        Path p = dir.resolve("spa50x-30x-" + version + ".bin");
        byte[] modules = Files.readAllBytes(TestFiles.random(dir.resolve("raw.bin"), size - 0xC0, 51));
        Files.write(p, SpaImageFile.build(version, modules));
        return p;
    }

    private static Process peer(String serial, Path output, double deafSeconds) throws Exception {
        Path testClasses = Path.of(SpaLoaderPeer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> cmd = new ArrayList<>(net.inClient(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", ServeProcess.JAR.toAbsolutePath() + ":" + testClasses, SpaLoaderPeer.class.getName(), net.clientLink,
                serial, output.toString(), Double.toString(deafSeconds)));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("peer-" + serial + ".log").toFile())
                .start();
    }

    private static Run recover(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(net.inServer());
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                ServeProcess.JAR.toAbsolutePath().toString(), "spa-recover", "-i", net.serverLink));
        cmd.addAll(List.of(args));
        return Run.of(120, cmd);
    }

    @Test
    void findsTheLoaderSendsTheUpgradeAndServesTheImageThroughTheGroup() throws Exception {
        Path image = image("7.4.9c", 700_000 + 123);
        Path received = dir.resolve("received.bin");
        Process peer = peer("CBT123456789", received, 2.5);
        try {
            Thread.sleep(700);
            Run r = recover("--image", image.toString(), "--find-timeout", "30");
            assertEquals(0, r.exit(), r + "\npeer: " + Files.readString(dir.resolve("peer-CBT123456789.log")));
            assertTrue(peer.waitFor(20, TimeUnit.SECONDS));
            assertEquals(TestFiles.sha256(image), TestFiles.sha256(received));
            String out = r.out();
            assertTrue(out.contains(" SPA recovery (verified against the 7.4.4rec loader's code only"), out);
            assertTrue(out.contains(" image spa50x-30x-7.4.9c.bin: 700123 bytes, version 7.4.9c\n"), out);
            assertTrue(out.contains(" phone found: SPA504G, serial CBT123456789, MAC "), out);
            assertTrue(out.contains(", loader 7.4.4rec, hardware 1.0.2, address " + net.clientAddress + "\n"), out);
            assertTrue(out.contains(" the phone acknowledged the Upgrade (echo: /spa50x-30x-7.4.9c.bin)"), out);
            assertTrue(out.contains(" tftp " + net.clientAddress + ":2000 read \"/spa50x-30x-7.4.9c.bin\" -> "
                    + "\"spa50x-30x-7.4.9c.bin\", 700123 bytes"), out);
            assertTrue(out.contains(" download complete: 700123 bytes in "), out);
            assertTrue(!out.contains("warning:"), "7.4.4rec and 7.4.9c sit on the same side of 7.5.2b: " + out);
        } finally {
            peer.destroyForcibly().waitFor();
        }
    }

    @Test
    void aVersionMismatchIsRefusedUnlessForcedAndAPhoneThatDoesNotAnswerIsReported() throws Exception {
        Path image = image("7.6.2f", 5000);
        Path received = dir.resolve("received2.bin");
        Process other = peer("OTHERSERIAL1", received, 0);
        try {
            Thread.sleep(700);
            Run r = recover("--image", image.toString(), "--serial", "CBT000000000", "--find-timeout", "3");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.out().contains(" no loader answered within 3 s"), r.out());
            Run refused = recover("--image", image.toString(), "--find-timeout", "10");
            assertEquals(5, refused.exit(), refused.toString());
            assertTrue(refused.out().contains(" warning: the loader is 7.4.4rec and the image 7.6.2f: the vendor's rule"),
                    refused.out());
            assertTrue(refused.out().contains(" not sending the Upgrade:"), refused.out());
            assertFalse(Files.exists(received), "the phone was not told to fetch the image");
            Run wildcard = recover("--image", image.toString(), "--find-timeout", "10", "--force");
            assertEquals(0, wildcard.exit(), wildcard.toString());
            assertTrue(wildcard.out().contains(" warning: the loader is 7.4.4rec and the image 7.6.2f: the vendor's rule"),
                    wildcard.out());
            assertTrue(other.waitFor(20, TimeUnit.SECONDS));
            assertEquals(TestFiles.sha256(image), TestFiles.sha256(received));
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    /** A damaged image never leaves the PC: refused before any frame is sent. */
    @Test
    void aDamagedImageIsNotSent() throws Exception {
        Path image = image("7.4.4", 5000);
        byte[] bytes = Files.readAllBytes(image);
        Path cut = dir.resolve("spa50x-30x-cut.bin");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 300));
        Run r = recover("--image", cut.toString(), "--find-timeout", "3");
        assertEquals(5, r.exit(), r.toString());
        assertTrue(r.out().contains(" not sending a damaged image:"), r.out());
        assertFalse(r.out().contains("asking for the phone"), r.out());
    }
}
