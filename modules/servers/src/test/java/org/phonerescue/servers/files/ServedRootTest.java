package org.phonerescue.servers.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.servers.event.RefusalReason;
import org.phonerescue.servers.testing.Processes;

class ServedRootTest {

    @TempDir
    Path tmp;
    Path rootDir;
    Path outside;

    @BeforeEach
    void layout() throws Exception {
        rootDir = Files.createDirectories(tmp.resolve("root"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.writeString(rootDir.resolve("spa71f6.bin"), "image");
        Files.writeString(rootDir.resolve("SEP001122334455.cnf.xml"), "<device/>");
        Files.createDirectories(rootDir.resolve("sub"));
        Files.writeString(rootDir.resolve("sub/term41.default.loads"), "loads");
        Files.createDirectories(rootDir.resolve("firmware"));
        Files.writeString(rootDir.resolve("firmware/snom-d785.bin"), "snom");
        Files.createDirectories(rootDir.resolve("dir"));
        Files.createSymbolicLink(rootDir.resolve("link-out"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(rootDir.resolve("link-dir-out"), outside);
        Files.createSymbolicLink(rootDir.resolve("link-relative-out"), Paths.get("../outside/secret.txt"));
        Files.createSymbolicLink(rootDir.resolve("link-in"), Paths.get("spa71f6.bin"));
        Files.createSymbolicLink(rootDir.resolve("dev-null"), Paths.get("/dev/null"));
        Files.createSymbolicLink(rootDir.resolve("broken"), Paths.get("nowhere.bin"));
        Processes.run(10, List.of("mkfifo", rootDir.resolve("fifo").toString()));
    }

    private ServedRoot root(LookupRules rules) throws IOException {
        return new ServedRoot(rootDir, rules);
    }

    private static final LookupRules RECOVERY = LookupRules.exact().withIgnoreLeadingSlash(true).withCaseInsensitive(true);

    @Test
    void leadingSlashIsIgnoredOnlyWhenAsked() throws Exception {
        FileLookup found = root(RECOVERY).find("/spa71f6.bin");
        assertEquals("spa71f6.bin", assertInstanceOf(FileLookup.Found.class, found).servedName());
        assertEquals(rootDir.toRealPath().resolve("spa71f6.bin"), ((FileLookup.Found) found).path());
        FileLookup.NotFound strict = assertInstanceOf(FileLookup.NotFound.class,
                root(LookupRules.exact()).find("/spa71f6.bin"));
        assertEquals("spa71f6.bin", strict.closestName());
        assertTrue(strict.detail().contains("leading-slash"), strict.detail());
    }

    @Test
    void caseIsIgnoredOnlyWhenAsked() throws Exception {
        assertEquals("SEP001122334455.cnf.xml", assertInstanceOf(FileLookup.Found.class,
                root(RECOVERY).find("sep001122334455.CNF.XML")).servedName());
        assertEquals("sub/term41.default.loads", assertInstanceOf(FileLookup.Found.class,
                root(RECOVERY).find("SUB\\Term41.default.loads")).servedName());
        FileLookup.NotFound strict = assertInstanceOf(FileLookup.NotFound.class,
                root(LookupRules.exact()).find("SPA71F6.BIN"));
        assertEquals("spa71f6.bin", strict.closestName());
    }

    @Test
    void exactNameWinsOverCaseInsensitiveMatches() throws Exception {
        Files.writeString(rootDir.resolve("SPA71F6.bin"), "other");
        assertEquals("SPA71F6.bin", ((FileLookup.Found) root(RECOVERY).find("SPA71F6.bin")).servedName());
        assertEquals("spa71f6.bin", ((FileLookup.Found) root(RECOVERY).find("spa71f6.bin")).servedName());
    }

    @Test
    void aliasesServeOneImageUnderEveryModelsName() throws Exception {
        ServedRoot r = root(RECOVERY.withAliases(Map.of("snomD785-10.1.33.33-r.bin", "firmware/snom-d785.bin",
                "missing-alias.bin", "firmware/nothing.bin")));
        assertEquals("firmware/snom-d785.bin",
                assertInstanceOf(FileLookup.Found.class, r.find("/SNOMD785-10.1.33.33-R.BIN")).servedName());
        FileLookup.NotFound nf = assertInstanceOf(FileLookup.NotFound.class, r.find("missing-alias.bin"));
        assertTrue(nf.detail().contains("alias"), nf.detail());
    }

    @Test
    void notFoundNamesTheClosestExistingName() throws Exception {
        ServedRoot r = root(LookupRules.exact());
        assertEquals("spa71f6.bin", ((FileLookup.NotFound) r.find("spa71f7.bin")).closestName());
        assertEquals("sub/term41.default.loads", ((FileLookup.NotFound) r.find("term41.default.loads")).closestName());
        assertEquals("SEP001122334455.cnf.xml", ((FileLookup.NotFound) r.find("SEP001122334466.cnf.xml")).closestName());
        assertNull(((FileLookup.NotFound) r.find("completely-unrelated-request-name.tar.gz")).closestName());
    }

    @Test
    void symbolicLinksInsideTheRootAreFollowed() throws Exception {
        assertEquals("spa71f6.bin", assertInstanceOf(FileLookup.Found.class, root(RECOVERY).find("link-in")).servedName());
        assertInstanceOf(FileLookup.NotFound.class, root(RECOVERY).find("broken"));
    }

    /** Every name an attacker (or a confused client) might try, under every combination of rules. */
    @Test
    void traversalBatteryNeverEscapesTheRoot() throws Exception {
        String secret = outside.resolve("secret.txt").toString();
        List<String> battery = new ArrayList<>(List.of(
                "../outside/secret.txt", "..\\outside\\secret.txt", "sub/../../outside/secret.txt",
                "sub\\..\\..\\outside\\secret.txt", "sub/..\\../outside/secret.txt", "/../outside/secret.txt",
                "spa71f6.bin/../../outside/secret.txt", "..", "../", "/..", "\\..", "./spa71f6.bin", "sub/./x",
                "/etc/passwd", "//etc/passwd", "\\etc\\passwd", "/etc/shadow", "/proc/self/environ",
                "/dev/zero", "/dev/urandom", secret, secret.replace('/', '\\'), "file:" + secret,
                "spa71f6.bin\0../../outside/secret.txt", "\0", "spa71f6.bin\n", "a".repeat(5000),
                "../".repeat(300) + "etc/passwd", "link-out", "link-dir-out/secret.txt", "LINK-DIR-OUT/SECRET.TXT",
                "link-relative-out", "dev-null", "fifo", "dir", "dir/", "sub", "", "/", "\\", "//", "sub/..",
                "%2e%2e/%2e%2e/etc/passwd", "..%2f..%2fetc%2fpasswd", "....//....//etc/passwd",
                "C:\\Windows\\win.ini", "\u2025/outside/secret.txt", "..\u0000/secret"));
        Path realRoot = rootDir.toRealPath();
        int checked = 0;
        for (boolean caseInsensitive : new boolean[] {false, true}) {
            for (boolean leadingSlash : new boolean[] {false, true}) {
                ServedRoot r = root(LookupRules.exact().withCaseInsensitive(caseInsensitive)
                        .withIgnoreLeadingSlash(leadingSlash)
                        .withAliases(Map.of("alias-out", "../outside/secret.txt", "alias-link", "link-out")));
                for (String name : battery) {
                    FileLookup l = r.find(name);
                    if (l instanceof FileLookup.Found f) {
                        assertTrue(f.path().startsWith(realRoot), name + " escaped to " + f.path());
                        assertTrue(Files.isRegularFile(f.path()), name + " gave " + f.path());
                        assertFalse(Files.readString(f.path()).equals("secret"), name);
                    }
                    FileLookup w = r.findForWrite(name);
                    if (w instanceof FileLookup.Found f) {
                        assertEquals(realRoot, f.path().getParent(), name + " would be written to " + f.path());
                    }
                    checked++;
                }
                assertInstanceOf(FileLookup.Refused.class, r.find("alias-out"));
                assertInstanceOf(FileLookup.Refused.class, r.find("alias-link"));
            }
        }
        assertEquals(4 * battery.size(), checked);
    }

    @Test
    void namesThatLeaveTheRootOrAreNoFilesAreRefusedWithTheReason() throws Exception {
        ServedRoot r = root(RECOVERY);
        assertRefused(r.find("../outside/secret.txt"), RefusalReason.ACCESS_VIOLATION, "'..'");
        assertRefused(r.find("..\\outside\\secret.txt"), RefusalReason.ACCESS_VIOLATION, "'..'");
        assertRefused(r.find("link-out"), RefusalReason.ACCESS_VIOLATION, "outside the root");
        assertRefused(r.find("link-dir-out/secret.txt"), RefusalReason.ACCESS_VIOLATION, "outside the root");
        assertRefused(r.find("dev-null"), RefusalReason.ACCESS_VIOLATION, "outside the root");
        assertRefused(r.find("fifo"), RefusalReason.ACCESS_VIOLATION, "not a regular file");
        assertRefused(r.find("dir"), RefusalReason.ACCESS_VIOLATION, "folder");
        assertRefused(r.find("spa71f6.bin\0.txt"), RefusalReason.ACCESS_VIOLATION, "NUL");
        assertRefused(r.find("x".repeat(600)), RefusalReason.ACCESS_VIOLATION, "longer than");
    }

    @Test
    void aDeviceFileInsideTheRootIsNotServed() throws Exception {
        Processes.Result mknod = Processes.run(10, List.of("mknod", rootDir.resolve("zero").toString(), "c", "1", "5"));
        org.junit.jupiter.api.Assumptions.assumeTrue(mknod.ok(), "mknod needs root: " + mknod.err());
        assertRefused(root(RECOVERY).find("zero"), RefusalReason.ACCESS_VIOLATION, "not a regular file");
    }

    @Test
    void uploadsGoOnlyToNewNamesDirectlyInTheRoot() throws Exception {
        ServedRoot r = root(RECOVERY);
        FileLookup.Found ok = assertInstanceOf(FileLookup.Found.class, r.findForWrite("/upload.cfg"));
        assertEquals(rootDir.toRealPath().resolve("upload.cfg"), ok.path());
        assertRefused(r.findForWrite("sub/upload.cfg"), RefusalReason.WRITE_REFUSED, "directly into the root");
        assertRefused(r.findForWrite("spa71f6.bin"), RefusalReason.FILE_EXISTS, "exists");
        assertRefused(r.findForWrite("link-out"), RefusalReason.FILE_EXISTS, "exists");
        assertRefused(r.findForWrite("broken"), RefusalReason.FILE_EXISTS, "exists");
        assertRefused(r.findForWrite("../evil"), RefusalReason.ACCESS_VIOLATION, "'..'");
    }

    private static void assertRefused(FileLookup l, RefusalReason reason, String detailPart) {
        FileLookup.Refused r = assertInstanceOf(FileLookup.Refused.class, l);
        assertEquals(reason, r.reason(), r.detail());
        assertTrue(r.detail().contains(detailPart), r.detail());
    }
}
