package org.phonerescue.core.device;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

/**
 * The organisation a MAC address block is registered to, read at run time from the IEEE
 * Registration Authority's public listings as Debian's {@code ieee-data} package installs them
 * ({@code /usr/share/ieee-data}): MA-L (24-bit prefix, {@code oui.csv}), MA-M (28-bit,
 * {@code mam.csv}), MA-S and IAB (36-bit, {@code oui36.csv}, {@code iab.csv}). The longest
 * registered prefix wins, as a MA-L block may be split into MA-M/MA-S assignments.
 *
 * <p>Without the files every vendor is {@link #UNKNOWN}; nothing is built in.
 */
public final class OuiRegistry {

    public static final String UNKNOWN = "unknown";
    /** Where Debian's ieee-data package puts the listings; the system property overrides it. */
    public static final String DIRECTORY_PROPERTY = "phonerescue.ieee-data";
    public static final Path DEBIAN_DIRECTORY = Paths.get("/usr/share/ieee-data");

    /** Prefix length in bits → (prefix value → organisation). */
    private final Map<Long, String> prefix24;
    private final Map<Long, String> prefix28;
    private final Map<Long, String> prefix36;

    private OuiRegistry(Map<Long, String> prefix24, Map<Long, String> prefix28, Map<Long, String> prefix36) {
        this.prefix24 = prefix24;
        this.prefix28 = prefix28;
        this.prefix36 = prefix36;
    }

    /** A registry that knows no vendor. */
    public static OuiRegistry empty() {
        return new OuiRegistry(Map.of(), Map.of(), Map.of());
    }

    /** The system's listings (property {@value #DIRECTORY_PROPERTY}, else /usr/share/ieee-data). */
    public static OuiRegistry system() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        return load(configured != null ? Paths.get(configured) : DEBIAN_DIRECTORY);
    }

    /**
     * Reads the CSV listings in {@code dir} (falling back to {@code oui.txt} when {@code oui.csv}
     * is absent); a missing directory or file gives fewer vendors, never an error.
     */
    public static OuiRegistry load(Path dir) {
        Map<Long, String> p24 = new HashMap<>(1 << 16);
        Map<Long, String> p28 = new HashMap<>(1 << 13);
        Map<Long, String> p36 = new HashMap<>(1 << 14);
        if (!readCsv(dir.resolve("oui.csv"), p24, p28, p36)) {
            readText(dir.resolve("oui.txt"), p24);
        }
        readCsv(dir.resolve("mam.csv"), p24, p28, p36);
        readCsv(dir.resolve("oui36.csv"), p24, p28, p36);
        readCsv(dir.resolve("iab.csv"), p24, p28, p36);
        return new OuiRegistry(p24, p28, p36);
    }

    /** Whether any listing was read. */
    public boolean available() {
        return !prefix24.isEmpty() || !prefix28.isEmpty() || !prefix36.isEmpty();
    }

    public int size() {
        return prefix24.size() + prefix28.size() + prefix36.size();
    }

    /** The registered organisation for a MAC ({@code 00:0e:08:…}, any case, ':' or '-'), or "unknown". */
    public String vendor(String mac) {
        long value = parseMac(mac);
        if (value < 0) {
            return UNKNOWN;
        }
        String name = prefix36.get(value >>> 12);
        if (name == null) {
            name = prefix28.get(value >>> 20);
        }
        if (name == null) {
            name = prefix24.get(value >>> 24);
        }
        return name != null ? name : UNKNOWN;
    }

    /** The 48-bit value of a MAC written as six hex pairs, or -1. */
    static long parseMac(String mac) {
        if (mac == null) {
            return -1;
        }
        long v = 0;
        int digits = 0;
        for (int i = 0; i < mac.length(); i++) {
            char c = mac.charAt(i);
            int d = Character.digit(c, 16);
            if (d >= 0) {
                v = v << 4 | d;
                digits++;
            } else if (c != ':' && c != '-' && c != '.') {
                return -1;
            }
        }
        return digits == 12 ? v : -1;
    }

    /**
     * Registry,Assignment,Organization Name,Organization Address — fields may be quoted over
     * several lines. The listings hold some 50 000 rows and are read on every run of the command
     * line, so the file is scanned as bytes and only the two fields used become strings.
     */
    private static boolean readCsv(Path file, Map<Long, String> p24, Map<Long, String> p28, Map<Long, String> p36) {
        if (!Files.isReadable(file)) {
            return false;
        }
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        CsvRecords records = new CsvRecords(b);
        boolean header = true;
        while (records.next()) {
            if (header) {
                header = false;
                continue;
            }
            if (records.fields < 3) {
                continue;
            }
            String assignment = records.assignment.trim();
            String name = records.name.trim();
            if (name.isEmpty() || !isHex(assignment)) {
                continue;
            }
            long prefix = Long.parseLong(assignment, 16);
            switch (assignment.length()) {
                case 6 -> p24.putIfAbsent(prefix, name);
                case 7 -> p28.putIfAbsent(prefix, name);
                case 9 -> p36.putIfAbsent(prefix, name);
                default -> {
                }
            }
        }
        return true;
    }

    /** 6 to 9 hexadecimal digits. */
    private static boolean isHex(String s) {
        if (s.length() < 6 || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }

    /** The text listing: lines "00-22-72   (hex)\t\tOrganisation". */
    private static void readText(Path file, Map<Long, String> p24) {
        if (!Files.isReadable(file)) {
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                int hex = line.indexOf("(hex)");
                if (hex == 8 || hex > 8 && line.substring(8, hex).isBlank()) {
                    String prefix = line.substring(0, 8).replace("-", "");
                    String name = line.substring(hex + 5).trim();
                    if (prefix.matches("[0-9A-Fa-f]{6}") && !name.isEmpty()) {
                        p24.putIfAbsent(Long.parseLong(prefix, 16), name);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * RFC 4180 records over the file's bytes: quoted fields may hold commas, doubled quotes and
     * line breaks; a carriage return outside quotes is dropped. Keeps the second and third fields
     * of the record just read (UTF-8; all the syntax is ASCII). A plain field is cut out of the
     * bytes as it stands; one with doubled quotes or carriage returns is copied byte by byte.
     */
    private static final class CsvRecords {
        private final byte[] b;
        private int p;
        private final java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream(128);
        int fields;
        String assignment;
        String name;

        CsvRecords(byte[] b) {
            this.b = b;
        }

        /** Reads the next record; false at the end of the bytes. */
        boolean next() {
            if (p >= b.length) {
                return false;
            }
            fields = 0;
            assignment = "";
            name = "";
            boolean end = false;
            while (!end) {
                end = field();
                fields++;
            }
            return true;
        }

        /** Reads one field and the comma or line end after it; true when the record ended. */
        private boolean field() {
            int start = p;
            if (p < b.length && b[p] == '"') {
                int q = p + 1;
                while (q < b.length && b[q] != '"') {
                    q++;
                }
                // the common quoted field: no doubled quote inside, a comma or line end right after
                if (q + 1 < b.length && (b[q + 1] == ',' || b[q + 1] == '\n')) {
                    keep(p + 1, q);
                    p = q + 2;
                    return b[q + 1] == '\n';
                }
                if (q + 2 < b.length && b[q + 1] == '\r' && b[q + 2] == '\n') {
                    keep(p + 1, q);
                    p = q + 3;
                    return true;
                }
                return slowField(start);
            }
            int q = p;
            while (q < b.length && b[q] != ',' && b[q] != '\n' && b[q] != '\r') {
                q++;
            }
            if (q >= b.length || b[q] != '\r' || q + 1 < b.length && b[q + 1] == '\n') {
                keep(start, q);
                if (q < b.length && b[q] == '\r') {
                    q++;
                }
                p = q + 1;
                return q >= b.length || b[q] == '\n';
            }
            return slowField(start);
        }

        /** Any field, character by character: what the fast cases above leave. */
        private boolean slowField(int start) {
            p = start;
            copy.reset();
            boolean quoted = false;
            boolean started = false;
            while (p < b.length) {
                byte c = b[p++];
                if (quoted) {
                    if (c == '"') {
                        if (p < b.length && b[p] == '"') {
                            p++;
                            copy.write(c);
                        } else {
                            quoted = false;
                        }
                    } else {
                        copy.write(c);
                    }
                } else if (c == '"' && !started) {
                    quoted = true;
                    continue;
                } else if (c == ',') {
                    keepCopy();
                    return false;
                } else if (c == '\n') {
                    keepCopy();
                    return true;
                } else if (c != '\r') {
                    copy.write(c);
                }
                started |= copy.size() > 0;
            }
            keepCopy();
            return true;
        }

        private void keep(int from, int to) {
            if (fields == 1) {
                assignment = new String(b, from, to - from, StandardCharsets.UTF_8);
            } else if (fields == 2) {
                name = new String(b, from, to - from, StandardCharsets.UTF_8);
            }
        }

        private void keepCopy() {
            if (fields == 1) {
                assignment = copy.toString(StandardCharsets.UTF_8);
            } else if (fields == 2) {
                name = copy.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
