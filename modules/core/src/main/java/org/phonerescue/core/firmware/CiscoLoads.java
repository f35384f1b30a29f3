package org.phonerescue.core.firmware;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Cisco 79xx packing list ({@code term61.default.loads}, {@code SCCP41.9-4-2SR3-1S.loads}): the
 * images a phone fetches after its configuration, one after another (field notes §3).
 *
 * <p>The format is not documented by the vendor. As the files of the firmware packages show it: a
 * binary signature block (signer and CA names, the signature) that ends with the file's own name
 * and a NUL, then CR LF text — {@code #} comment lines (among them "RELEASE load version …" and
 * {@code #HARDWARE_COMP_…} lines), blank lines, and one image name per line, sometimes with
 * trailing blanks. Phones also take the text alone, without the signature block. Names are read
 * from the text; a line that is not a plain file name is kept as a problem, never guessed at.
 *
 * @param signed     the text follows a signature block
 * @param signedName the name the signature block carries (up to its NUL), or null
 * @param version    the release version from the "load version" comment, or null
 * @param files      the listed image names, in order, exactly as written (case kept)
 * @param problems   lines that are neither comments nor file names
 */
public record CiscoLoads(boolean signed, String signedName, String version, List<String> files,
                         List<String> problems) {

    /** A plain file name as the packing lists write them: letters, digits, '.', '-', '_'. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.[A-Za-z0-9]+");
    private static final Pattern VERSION = Pattern.compile("(?i)load version\\s+(\\S+)");
    private static final Pattern SIGNED_NAME = Pattern.compile("[A-Za-z0-9._-]+$");

    public CiscoLoads {
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }

    /** Reads a packing list; never fails: what cannot be read is a problem. */
    public static CiscoLoads parse(byte[] b) {
        int lastNul = -1;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                lastNul = i;
            }
        }
        String signedName = null;
        if (lastNul >= 0) {
            // the signature block ends with the file's name and its NUL
            String before = new String(b, Math.max(0, lastNul - 128), Math.min(lastNul, 128), StandardCharsets.ISO_8859_1);
            Matcher m = SIGNED_NAME.matcher(before);
            signedName = m.find() && m.group().contains(".") ? m.group() : null;
        }
        String text = new String(b, lastNul + 1, b.length - lastNul - 1, StandardCharsets.ISO_8859_1);
        List<String> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String version = null;
        int number = 0;
        for (String raw : text.split("\r\n|\r|\n", -1)) {
            number++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher v = VERSION.matcher(line);
                if (version == null && v.find()) {
                    version = v.group(1);
                }
                continue;
            }
            if (NAME.matcher(line).matches()) {
                files.add(line);
            } else {
                problems.add("line " + number + " of the text is not a file name: \"" + printable(line) + "\"");
            }
        }
        if (files.isEmpty()) {
            problems.add("no image names in it");
        }
        return new CiscoLoads(lastNul >= 0, signedName, version, files, problems);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (sb.length() >= 60) {
                return sb + "…";
            }
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return sb.toString();
    }
}
