package org.phonerescue.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.phonerescue.core.firmware.CiscoConfig;
import org.phonerescue.core.firmware.CiscoLoads;
import org.phonerescue.core.firmware.HttpRequestPath;
import org.phonerescue.core.firmware.SpaImage;
import org.phonerescue.core.firmware.SpaImageCheck;

/**
 * Coverage-guided fuzzing (Jazzer) of the file checks, which read what a capture's transfers
 * carried: the SPA image checker, the packing-list and the configuration parsers must say what
 * is wrong, never throw; and the decoding of the HTTP request targets {@code check-root --capture}
 * looks up. Inputs and reproducers as for {@link DecoderFuzzTest}.
 */
class FileCheckFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void fileChecksNeverThrow(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 2)) {
            case 0 -> {
                // most inputs get the magic and a plausible header, so the fuzzer spends its time past them
                boolean header = data.consumeBoolean();
                String loader = data.consumeBoolean() ? data.consumeString(12) : null;
                byte[] rest = data.consumeRemainingAsBytes();
                ByteBuffer b = ByteBuffer.allocate(rest.length + (header ? 0x80 : 0));
                if (header) {
                    b.put(SpaImage.MAGIC).putInt(0x50, 0x80).putInt(0x54, 0x40).putInt(0x58, b.capacity())
                            .putInt(0x7C, rest.length / 0x40).position(0x80);
                }
                b.put(rest);
                SpaImageCheck.check(b.array(), loader);
            }
            case 1 -> CiscoLoads.parse(data.consumeRemainingAsBytes());
            default -> CiscoConfig.parse(data.consumeRemainingAsBytes());
        }
    }

    /**
     * Any request target: {@link HttpRequestPath} gives a path or a problem, never an exception, and
     * a path it gives stays inside the server's root. The first byte picks how the rest becomes the
     * target: ISO-8859-1, as the product reads a request line off the wire (every byte one
     * character), UTF-8, or raw UTF-16 code units (any Java string, lone surrogates included).
     * Where the JDK's URI parser reads the same origin-form target, its decoded and normalized
     * path (RFC 3986 §2.1, §5.2.4) is the independent oracle.
     */
    @FuzzTest(maxDuration = "15s")
    void requestPathsStayInTheRoot(byte[] input) {
        if (input.length == 0) {
            return;
        }
        String target = switch (Byte.toUnsignedInt(input[0]) % 3) {
            case 0 -> new String(input, 1, input.length - 1, StandardCharsets.ISO_8859_1);
            case 1 -> new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
            default -> {
                char[] units = new char[(input.length - 1) / 2];
                for (int i = 0; i < units.length; i++) {
                    units[i] = (char) (Byte.toUnsignedInt(input[1 + 2 * i]) << 8 | Byte.toUnsignedInt(input[2 + 2 * i]));
                }
                yield new String(units);
            }
        };
        HttpRequestPath p = HttpRequestPath.of(target);
        check(p.target().equals(target), "target kept", target, p);
        check(p.valid() == (p.problem() == null) && p.valid() == (p.path() != null), "a path or a problem", target, p);
        if (!p.valid()) {
            check(!p.problem().isEmpty() && !p.dotSegments() && !p.decoded(), "a problem and nothing else", target, p);
        } else {
            String path = p.path();
            check(path.startsWith("/") && path.indexOf('\\') < 0, "a '/'-separated path from the root", target, p);
            for (String segment : path.split("/", -1)) {
                check(!segment.equals(".") && !segment.equals(".."), "no dot segment left", target, p);
            }
            check(path.chars().allMatch(c -> c >= 0x20 && c != 0x7F), "no control character", target, p);
            check(wellFormed(path), "well-formed UTF-16", target, p);
            check(p.decoded() == !path.equals(target), "decoded() tells whether the path differs", target, p);
        }
        // nothing to decode: well-formed text, no escape, query, fragment, '\\' or dot segment, already a path
        boolean plain = target.startsWith("/") && wellFormed(target) && target.chars().noneMatch(c -> c == '%'
                || c == '?' || c == '#' || c == '\\' || c < 0x20 || c == 0x7F)
                && Arrays.stream(target.split("/", -1)).noneMatch(s -> s.equals(".") || s.equals(".."));
        if (plain) {
            check(p.valid() && p.path().equals(target) && !p.dotSegments() && !p.decoded(), "a plain path is the path",
                    target, p);
        }
        if (!target.contains(".") && !target.toUpperCase(Locale.ROOT).contains("%2E")) {
            check(!p.dotSegments(), "no dot, no dot segment", target, p);
        }
        String jdk = jdkPath(target);
        if (jdk != null) {
            boolean climbs = jdk.equals("/..") || jdk.startsWith("/../");
            if (p.valid()) {
                check(!climbs && jdk.equals(p.path()), "the JDK's path " + jdk, target, p);
            } else if (p.problem().contains("climbs out")) {
                check(climbs, "the JDK's path " + jdk + " climbs out as well", target, p);
            }
        }
    }

    /**
     * What java.net.URI makes of an origin-form target: the decoded path, its dot segments removed;
     * null when it refuses the target, and where it is no oracle: a '\\' (encoded or not), at which
     * the JDK does not split, and an empty segment ("//"), which its normalize() drops where
     * RFC 3986 §5.2.4 keeps it.
     */
    private static String jdkPath(String target) {
        if (!target.startsWith("/") || target.contains("\\") || target.toUpperCase(Locale.ROOT).contains("%5C")) {
            return null;
        }
        try {
            String decoded = new URI("http://server" + target).getPath();
            return decoded == null || decoded.contains("//") ? null
                    : new URI(null, null, decoded, null).normalize().getPath();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Whether every surrogate is half of a pair: text that has UTF-8 bytes. */
    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static void check(boolean holds, String invariant, String target, HttpRequestPath p) {
        if (!holds) {
            throw new IllegalStateException(invariant + ": \"" + target + "\" -> " + p);
        }
    }
}
