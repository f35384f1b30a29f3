package org.phonerescue.core.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HTTP request targets decoded into file names, checked against the JDK's own URI parser
 * (java.net.URI decodes the path and removes dot segments independently of this code).
 */
class HttpRequestPathTest {

    /** What java.net.URI makes of an origin-form target: the decoded path, then its dot segments removed. */
    private static String jdk(String target) throws URISyntaxException {
        String decoded = new URI("http://server" + target).getPath();
        return new URI(null, null, decoded, null).normalize().getPath();
    }

    @Test
    void decodedPathsAgreeWithTheJdk() throws Exception {
        List<String> targets = List.of("/snomD785-r.bin", "/snom%20D785.bin", "/%73nom370-r.bin", "/snom370%2Dr.bin",
                "/tftp/snom%2Fx.bin", "/firmware/./snom370-r.bin", "/firmware/../snom370-r.bin", "/a/b/%2E%2E/c.bin",
                "/a/%2e/c.bin", "/snom370-r.bin?mac=000413243546", "/caf%C3%A9.bin", "/a/..", "/a/.", "/");
        for (String t : targets) {
            HttpRequestPath p = HttpRequestPath.of(t);
            assertTrue(p.valid(), t + ": " + p.problem());
            assertEquals(jdk(t), p.path(), t);
        }
        assertEquals("/snom D785.bin", HttpRequestPath.of("/snom%20D785.bin").path());
        assertTrue(HttpRequestPath.of("/snom%20D785.bin").decoded());
        assertFalse(HttpRequestPath.of("/snomD785-r.bin").decoded());
        assertTrue(HttpRequestPath.of("/a/b/%2E%2E/c.bin").dotSegments());
        assertFalse(HttpRequestPath.of("/snom%20D785.bin").dotSegments());
    }

    @Test
    void anAbsoluteTargetNamesItsPath() {
        assertEquals("/snom370-r.bin", HttpRequestPath.of("http://192.168.1.10:8080/snom370-r.bin").path());
        assertEquals("/", HttpRequestPath.of("http://192.168.1.10").path());
        assertEquals(URI.create("http://192.168.1.10/a%20b/c.bin").getPath(),
                HttpRequestPath.of("http://192.168.1.10/a%20b/c.bin").path());
    }

    @Test
    void invalidEscapesAreProblemsAsTheJdkRefusesThem() {
        for (String t : List.of("/snom%zzD785.bin", "/snom%2", "/snom%", "/%G0.bin")) {
            assertThrows(URISyntaxException.class, () -> new URI("http://server" + t), t);
            HttpRequestPath p = HttpRequestPath.of(t);
            assertFalse(p.valid(), t);
            assertNull(p.path());
            assertTrue(p.problem().contains("invalid percent-encoding (RFC 3986 §2.1)"), p.problem());
        }
        assertTrue(HttpRequestPath.of("/snom%zzD785.bin").problem().startsWith("has a '%' at character 6"),
                HttpRequestPath.of("/snom%zzD785.bin").problem());
    }

    @Test
    void climbingOutOfTheRootAfterDecodingIsAProblem() throws Exception {
        for (String t : List.of("/../etc/passwd", "/%2E%2E/etc/passwd", "/%2e%2e%2fetc/passwd", "/a/../../x.bin",
                "/a/%2E%2E%2F%2E%2E/x.bin")) {
            assertTrue(jdk(t).startsWith("/.."), t + " climbs out for the JDK too: " + jdk(t));
            HttpRequestPath p = HttpRequestPath.of(t);
            assertFalse(p.valid(), t);
            assertTrue(p.problem().endsWith("whose \"..\" climbs out of the server's root"), p.problem());
        }
        // a Windows server splits at '\' too: "..\" decoded from %5C climbs out as well
        assertFalse(HttpRequestPath.of("/%2E%2E%5Cboot.ini").valid());
        assertEquals("/x.bin", HttpRequestPath.of("/a%5C..%5Cx.bin").path());
    }

    @Test
    void nulNonUtf8AndNonPathsAreProblemsNotExceptions() {
        assertTrue(HttpRequestPath.of("/snom.bin%00.txt").problem().contains("control character (%00)"));
        assertTrue(HttpRequestPath.of("/caf%E9.bin").problem().contains("not UTF-8"));
        assertTrue(HttpRequestPath.of("*").problem().startsWith("is neither a path"));
        assertTrue(HttpRequestPath.of("snom.bin").problem().startsWith("is neither a path"));
        assertTrue(HttpRequestPath.of("").problem().equals("is empty"));
        assertEquals("/caf\u00e9.bin", HttpRequestPath.of("/caf\u00e9.bin").path(), "raw non-ASCII passes as it is");
        assertEquals("/\uD83D\uDCDE.bin", HttpRequestPath.of("/\uD83D\uDCDE.bin").path(), "a pair is one character");
        // String.getBytes would turn a lone surrogate into '?', a name the phone never asked for
        for (String lone : List.of("/a\uD800b.bin", "/a\uDC00.bin", "/a.bin\uD83D")) {
            HttpRequestPath p = HttpRequestPath.of(lone);
            assertFalse(p.valid(), lone + " -> " + p.path());
            assertTrue(p.problem().contains("lone UTF-16 surrogate"), p.problem());
        }
        assertTrue(HttpRequestPath.of("/a\uD800b.bin").problem().startsWith("has half a character at character 3 "
                + "(a lone UTF-16 surrogate, U+D800)"), HttpRequestPath.of("/a\uD800b.bin").problem());
    }
}
