package org.phonerescue.core.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Checks an SPA firmware image the way the recovery loader does before it flashes
 * (spa-recovery-protocol.md, "What the phone does after an Upgrade" and "Firmware image
 * container"): magic, lengths against the file size, the header digest and randseq, each module
 * inside the file and its MD5, the version string against the loader's (field notes §1, version
 * rule), and which sectors would be written.
 */
public final class SpaImageCheck {

    /** Images larger than this are not read whole (real ones are 4–5 MB). */
    public static final long MAX_IMAGE = 64L << 20;
    /** A module that inflates to more than this is refused (a zlib bomb, or not a module). */
    public static final long MAX_INFLATED = 64L << 20;

    public static final String MAGIC = "magic";
    public static final String HEADER = "header";
    public static final String LENGTH = "length";
    public static final String DIGEST = "digest";
    public static final String RANDSEQ = "randseq";
    public static final String SIGNATURE = "signature";
    public static final String MODULES = "modules";
    public static final String VERSION = "version";
    public static final String LOADER = "loader";
    public static final String SECTORS = "sectors";

    private SpaImageCheck() {
    }

    /** Reads and checks a file; {@code loaderVersion} may be null. */
    public static SpaImageReport check(Path file, String loaderVersion) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return check(in, Files.size(file), loaderVersion);
        }
    }

    /** Checks what {@code in} holds ({@code size} bytes); an image over {@link #MAX_IMAGE} is judged by its header. */
    public static SpaImageReport check(InputStream in, long size, String loaderVersion) throws IOException {
        if (size <= MAX_IMAGE) {
            return check(in.readNBytes((int) size), loaderVersion);
        }
        byte[] head = in.readNBytes(SpaImage.HEADER);
        SpaImage image = SpaImage.parse(head);
        List<CheckFinding> out = new ArrayList<>();
        if (!image.magic()) {
            out.add(notSpa(head));
        } else {
            out.add(CheckFinding.problem(LENGTH, size + " bytes: far larger than any SPA image (4–5 MB); not read",
                    "use the image of the firmware package for this model"));
        }
        return new SpaImageReport(image, loaderVersion, out, List.of(), List.of());
    }

    /** Checks the bytes of an image; {@code loaderVersion} may be null. */
    public static SpaImageReport check(byte[] b, String loaderVersion) {
        SpaImage image = SpaImage.parse(b);
        List<CheckFinding> out = new ArrayList<>();
        if (!image.magic()) {
            out.add(notSpa(b));
            return new SpaImageReport(image, loaderVersion, out, List.of(), List.of());
        }
        out.add(CheckFinding.ok(MAGIC, "\"SkOsMo5 fIrMwArE\": an SPA firmware image"));
        if (b.length < SpaImage.HEADER) {
            out.add(CheckFinding.problem(LENGTH, "only " + b.length + " bytes: shorter than the 128-byte header",
                    "the file is cut off; fetch the image again"));
            return new SpaImageReport(image, loaderVersion, out, List.of(), List.of());
        }
        header(image, out);
        length(image, out);
        boolean tableInside = table(image, out);
        if (tableInside) {
            digests(b, image, out);
        }
        signature(image, out);
        modules(b, image, out);
        version(image, loaderVersion, out);
        Set<Integer> flashed = new LinkedHashSet<>();
        Set<Integer> kept = new LinkedHashSet<>();
        for (SpaImageModule m : image.modules()) {
            (m.flashed() ? flashed : kept).add(m.sectorId());
        }
        sectors(flashed, kept, out);
        return new SpaImageReport(image, loaderVersion, out, List.copyOf(flashed), List.copyOf(kept));
    }

    private static CheckFinding notSpa(byte[] b) {
        String start = HexFormat.ofDelimiter(" ").formatHex(b, 0, Math.min(8, b.length));
        return CheckFinding.problem(MAGIC, "no \"SkOsMo5 fIrMwArE\" at the start (it begins " + (start.isEmpty()
                        ? "with nothing: the file is empty" : "with " + start) + "): not an SPA firmware image",
                "give the recovery loader the .bin of an SPA firmware package (e.g. spa50x-30x-7-6-2f.bin), "
                        + "not the .exe tool or a zip");
    }

    private static void header(SpaImage image, List<CheckFinding> out) {
        if (image.headerLength() < SpaImage.HEADER || image.moduleHeaderLength() < SpaImage.MODULE_FIELDS) {
            out.add(CheckFinding.problem(HEADER, "header length " + image.headerLength() + " and module-header length "
                            + image.moduleHeaderLength() + " cannot hold the header (128 bytes) and the module fields "
                            + "(28 bytes): the module table cannot be read",
                    "the header is damaged; use an image from the vendor's package"));
        } else if (image.headerLength() != SpaImage.HEADER || image.moduleHeaderLength() != SpaImage.MODULE_HEADER) {
            out.add(CheckFinding.warning(HEADER, "header length " + image.headerLength() + ", module-header length "
                            + image.moduleHeaderLength() + " (the known images have 128 and 64): read as declared",
                    null));
        } else {
            out.add(CheckFinding.ok(HEADER, "header length 128, module-header length 64, " + image.moduleCount()
                    + " modules"));
        }
    }

    private static void length(SpaImage image, List<CheckFinding> out) {
        long declared = image.declaredLength();
        long size = image.size();
        if (declared == size) {
            out.add(CheckFinding.ok(LENGTH, "the header declares " + declared + " bytes, the file has " + size));
        } else if (declared > size) {
            out.add(CheckFinding.problem(LENGTH, "the header declares " + declared + " bytes, the file has " + size
                            + ": truncated, " + (declared - size) + " bytes missing",
                    "the download or copy was cut off; fetch the image again and compare its size"));
        } else {
            out.add(CheckFinding.problem(LENGTH, "the header declares " + declared + " bytes, the file has " + size
                            + ": " + (size - declared) + " bytes too many",
                    "something was appended (a transfer that went on, or another file); use the vendor's image"));
        }
    }

    private static boolean table(SpaImage image, List<CheckFinding> out) {
        long n = image.tableEnd();
        if (image.headerLength() < SpaImage.HEADER || image.moduleHeaderLength() < SpaImage.MODULE_FIELDS) {
            return false;
        }
        if (image.moduleCount() > SpaImage.MAX_MODULES) {
            out.add(CheckFinding.problem(MODULES, image.moduleCount() + " modules declared: far more than an image "
                    + "holds (about 80); only the first " + SpaImage.MAX_MODULES + " are read", "the header is damaged"));
        }
        if (n > image.size()) {
            out.add(CheckFinding.problem(MODULES, "the module table of " + image.moduleCount() + " modules ends at byte "
                            + n + ", past the end of the file (" + image.size() + " bytes): the digest cannot be "
                            + "computed and only " + image.modules().size() + " module headers can be read",
                    "the file is cut off or its header is damaged; fetch the image again"));
            return false;
        }
        return true;
    }

    private static void digests(byte[] b, SpaImage image, List<CheckFinding> out) {
        int n = (int) image.tableEnd();
        byte[] covered = Arrays.copyOf(b, n);
        Arrays.fill(covered, 0x10, 0x40, (byte) 0);
        byte[] digest = md5(covered, 0, n);
        String hex = HexFormat.of().formatHex(digest);
        if (Arrays.equals(digest, image.digest())) {
            out.add(CheckFinding.ok(DIGEST, "MD5 of the header and module table (" + n + " bytes) is " + hex
                    + ", as recorded at 0x30"));
        } else {
            out.add(CheckFinding.problem(DIGEST, "MD5 of the header and module table (" + n + " bytes) is " + hex
                            + ", the image records " + HexFormat.of().formatHex(image.digest())
                            + ": the loader refuses it", "the header was changed or damaged; use the vendor's image"));
        }
        byte[] mixed = Arrays.copyOf(b, n);
        Arrays.fill(mixed, 0x10, 0x50, (byte) 0);
        for (int i = 0; i < n; i++) {
            mixed[i] = (byte) (mixed[i] + 19 * i);
        }
        byte[] randseq = md5(mixed, 0, n);
        if (Arrays.equals(randseq, image.randseq())) {
            out.add(CheckFinding.ok(RANDSEQ, "randseq at 0x40 matches"));
        } else {
            out.add(CheckFinding.warning(RANDSEQ, "randseq at 0x40 is " + HexFormat.of().formatHex(image.randseq())
                    + ", our reading of the loader gives " + HexFormat.of().formatHex(randseq)
                    + " (that reading is untested: a vendor image may differ here too)", null));
        }
    }

    private static void signature(SpaImage image, List<CheckFinding> out) {
        for (byte x : image.signature()) {
            if (x != 0) {
                out.add(CheckFinding.warning(SIGNATURE, "the signature field 0x10..0x2F is not zeros, as in the known "
                        + "images; what a loader does with it is not known", null));
                return;
            }
        }
    }

    private static void modules(byte[] b, SpaImage image, List<CheckFinding> out) {
        if (image.modules().isEmpty()) {
            if (image.moduleCount() == 0) {
                out.add(CheckFinding.problem(MODULES, "no modules: nothing to flash", "use the vendor's image"));
            }
            return;
        }
        long n = Math.max(image.tableEnd(), 0);
        int good = 0;
        for (SpaImageModule m : image.modules()) {
            String subject = "module " + m.index();
            String what = "sector " + m.sectorId() + ", " + (m.stored() ? "stored" : "zlib") + ", " + m.length()
                    + " bytes at " + m.offset();
            if ((m.flags() & ~SpaImageModule.KNOWN_FLAGS) != 0) {
                out.add(CheckFinding.warning(subject, what + ": flags 0x" + Integer.toHexString(m.flags())
                        + " have bits whose meaning is not known", null));
            }
            if (m.offset() < n || m.offset() + m.length() > b.length) {
                out.add(CheckFinding.problem(subject, what + ": outside the module data (bytes " + n + " to "
                                + b.length + ")" + (m.offset() + m.length() > b.length && m.offset() >= n
                                ? ", the file ends " + (m.offset() + m.length() - b.length) + " bytes early" : ""),
                        "the file is cut off or its module table damaged; fetch the image again"));
                continue;
            }
            String failure = null;
            byte[] md5;
            if (m.stored()) {
                md5 = md5(b, (int) m.offset(), (int) m.length());
            } else {
                Inflated inflated = inflate(b, (int) m.offset(), (int) m.length());
                md5 = inflated.md5();
                failure = inflated.failure();
            }
            if (failure != null) {
                out.add(CheckFinding.problem(subject, what + ": " + failure, "the image is damaged; fetch it again"));
            } else if (!Arrays.equals(md5, m.md5())) {
                out.add(CheckFinding.problem(subject, what + ": MD5 of its content is " + HexFormat.of().formatHex(md5)
                        + ", the module header records " + m.md5Hex() + ": the loader refuses the image",
                        "the image is damaged; fetch it again"));
            } else {
                good++;
            }
        }
        if (image.modules().size() < image.moduleCount() && image.moduleCount() <= SpaImage.MAX_MODULES) {
            out.add(CheckFinding.problem(MODULES, (image.moduleCount() - image.modules().size())
                    + " module headers lie past the end of the file", "fetch the image again"));
        }
        if (good > 0) {
            out.add(CheckFinding.ok(MODULES, good + " of " + image.modules().size()
                    + " modules inside the file with the MD5 their headers record"));
        }
    }

    private static void version(SpaImage image, String loaderVersion, List<CheckFinding> out) {
        String v = image.version();
        if (v == null || v.isBlank() || !v.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            out.add(CheckFinding.warning(VERSION, "no readable version string at 0x5C", null));
        } else {
            out.add(CheckFinding.ok(VERSION, v + (SpaVersions.oldSide(v) ? " (" + SpaVersions.BOUNDARY + " or older)"
                    : " (newer than " + SpaVersions.BOUNDARY + ")")));
        }
        if (loaderVersion == null) {
            return;
        }
        if (!SpaVersions.readable(loaderVersion)) {
            out.add(CheckFinding.warning(LOADER, "\"" + loaderVersion + "\" has no version number: whether the image "
                            + "fits the loader cannot be judged",
                    "give the loader version the recovery tool or the SPA Reply frame shows, e.g. 7.4.4rec"));
            return;
        }
        String mismatch = SpaVersions.mismatch(loaderVersion, v);
        if (mismatch != null) {
            out.add(CheckFinding.problem(LOADER, mismatch, "use a recovery tool and image of the loader's side: "
                    + (SpaVersions.oldSide(loaderVersion) ? SpaVersions.BOUNDARY + " or older (a 7.4.4 loader takes "
                    + "the 7.4.9c tool)" : "newer than " + SpaVersions.BOUNDARY)));
        } else if (v != null && !v.isBlank()) {
            out.add(CheckFinding.ok(LOADER, "loader " + loaderVersion + " and image " + v + " are on the same side of the "
                    + SpaVersions.BOUNDARY + " rule"));
        } else {
            out.add(CheckFinding.warning(LOADER, "the image has no version to compare with loader " + loaderVersion,
                    null));
        }
    }

    private static void sectors(Set<Integer> flashed, Set<Integer> kept, List<CheckFinding> out) {
        if (flashed.isEmpty() && kept.isEmpty()) {
            return;
        }
        String text = flashed.isEmpty() ? "no module would be flashed" : "would flash sectors " + list(flashed);
        if (!kept.isEmpty()) {
            text += "; sectors " + list(kept) + " are in the image but never written (0–1 boot loader, 3–4 recovery code)";
        }
        out.add(flashed.isEmpty() ? CheckFinding.problem(SECTORS, text, "use the vendor's image")
                : CheckFinding.ok(SECTORS, text));
    }

    private static String list(Set<Integer> sectors) {
        return String.join(", ", sectors.stream().map(String::valueOf).toList());
    }

    private record Inflated(byte[] md5, String failure) {
    }

    private static Inflated inflate(byte[] b, int off, int len) {
        Inflater inflater = new Inflater();
        MessageDigest md5 = md5();
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        try {
            inflater.setInput(b, off, len);
            while (!inflater.finished()) {
                int k = inflater.inflate(chunk);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return new Inflated(md5.digest(), "its zlib stream ends early (after " + total + " bytes inflated)");
                }
                total += k;
                if (total > MAX_INFLATED) {
                    return new Inflated(md5.digest(), "inflates to more than " + MAX_INFLATED + " bytes");
                }
                md5.update(chunk, 0, k);
            }
            return new Inflated(md5.digest(), null);
        } catch (DataFormatException e) {
            return new Inflated(md5.digest(), "not a valid zlib stream (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    private static byte[] md5(byte[] b, int off, int len) {
        MessageDigest md5 = md5();
        md5.update(b, off, len);
        return md5.digest();
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }
}
