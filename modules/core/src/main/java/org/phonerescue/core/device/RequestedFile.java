package org.phonerescue.core.device;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a requested file name says about the phone that asked for it (field notes §1–3): SPA
 * recovery images ({@code spa50x-30x-7-6-2f.bin}, {@code /spa71f6.bin}), Cisco 79xx
 * configuration ({@code SEP<MAC>.cnf.xml}, {@code XMLDefault.cnf.xml}), packing lists
 * ({@code term61.default.loads}) and the images they list, Snom per-model firmware
 * ({@code snom370-r.bin}, {@code snomD785-10.1.33.33-r.bin}).
 *
 * @param name    the name as requested, leading slash and case kept
 * @param kind    what kind of file it is
 * @param model   the model or family the name points to (e.g. "SPA30x/50x", "7961", "snom370"), or null
 * @param version a firmware version in the name (e.g. "7.6.2f"), or null
 * @param mac     for {@code SEP<MAC>.cnf.xml}, the MAC in the name (lower case, colons), or null
 */
public record RequestedFile(String name, Kind kind, String model, String version, String mac) {

    public enum Kind {
        SPA_IMAGE("SPA firmware image"),
        SNOM_IMAGE("Snom firmware image"),
        CISCO_LOADS("Cisco packing list (.loads)"),
        CISCO_IMAGE("Cisco phone image listed in a packing list"),
        CISCO_CONFIG("Cisco phone configuration"),
        CISCO_DEFAULT_CONFIG("Cisco default configuration"),
        CISCO_SECURITY("Cisco certificate trust list"),
        OTHER("file");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        /** Whether files of this kind are firmware, whose download a recovery is about. */
        public boolean firmware() {
            return this == SPA_IMAGE || this == SNOM_IMAGE || this == CISCO_IMAGE || this == CISCO_LOADS;
        }
    }

    private static final Pattern SEP = Pattern.compile("SEP([0-9A-Fa-f]{12})\\.cnf\\.xml");
    private static final Pattern LOADS = Pattern.compile("(?i)term(\\d\\d)\\.default\\.loads");
    /** Images a 79xx packing list names: apps41.9-4-2ES26.sbn, cnu41…, cvm41…, dsp41…, jar41…, SCCP41…loads. */
    private static final Pattern CISCO_IMAGE =
            Pattern.compile("(?i)(apps|cnu|cvm|dsp|jar|sccp|sip|term|tnp)(\\d\\d)[.\\w-]*\\.(sbn|sb2|loads)");
    /**
     * The models that share one firmware package, by the number its images carry: the images of
     * SCCP41 (jar41sccp…, cnu41…) run on the 7941 and the 7961, while each model's packing list
     * keeps its own number (term41, term61: field notes §3).
     */
    private static final Map<String, String> CISCO_FAMILIES = Map.of("11", "7906/7911", "41", "7941/7961",
            "42", "7942/7962", "45", "7945/7965", "70", "7970/7971");
    /** spa50x-30x-7-6-2f.bin: family, optional second family, version digits, optional suffix (-bt). */
    private static final Pattern SPA =
            Pattern.compile("(?i)(spa[0-9a-z]*?)(?:-(spa)?([0-9]{2}[0-9a-z]*))?-(\\d+)-(\\d+)-(\\d+[a-z]*)(?:-[a-z]+)?\\.bin");
    private static final Pattern SPA_SHORT = Pattern.compile("(?i)spa[0-9a-z_-]*\\.bin");
    private static final Pattern SNOM =
            Pattern.compile("(?i)(snom(?:mp|[a-z]?\\d+[a-z]*))(?:-(\\d+(?:\\.\\d+)+))?[-\\w.]*\\.bin");

    /** Classifies a requested file name. */
    public static RequestedFile of(String requested) {
        String base = baseName(requested);
        Matcher m;
        if ((m = SEP.matcher(base)).matches()) {
            return new RequestedFile(requested, Kind.CISCO_CONFIG, null, null, colons(m.group(1)));
        }
        if (base.equalsIgnoreCase("XMLDefault.cnf.xml")) {
            return new RequestedFile(requested, Kind.CISCO_DEFAULT_CONFIG, null, null, null);
        }
        String lower = base.toLowerCase(Locale.ROOT);
        if ((lower.startsWith("ctlsep") || lower.startsWith("itlsep")) && lower.endsWith(".tlv")) {
            return new RequestedFile(requested, Kind.CISCO_SECURITY, null, null, null);
        }
        if ((m = LOADS.matcher(base)).matches()) {
            return new RequestedFile(requested, Kind.CISCO_LOADS, "79" + m.group(1), null, null);
        }
        if ((m = CISCO_IMAGE.matcher(base)).matches()) {
            Kind kind = m.group(3).equalsIgnoreCase("loads") ? Kind.CISCO_LOADS : Kind.CISCO_IMAGE;
            String model = m.group(1).equalsIgnoreCase("term") ? "79" + m.group(2)
                    : CISCO_FAMILIES.getOrDefault(m.group(2), "79" + m.group(2));
            return new RequestedFile(requested, kind, model, null, null);
        }
        if ((m = SPA.matcher(base)).matches()) {
            return new RequestedFile(requested, Kind.SPA_IMAGE, spaFamily(m.group(1), m.group(3)),
                    m.group(4) + "." + m.group(5) + "." + m.group(6), null);
        }
        if (SPA_SHORT.matcher(base).matches()) {
            return new RequestedFile(requested, Kind.SPA_IMAGE, null, null, null);
        }
        if ((m = SNOM.matcher(base)).matches()) {
            // the model as Snom writes it in its file names: "snom" then the model upper case (snomD785, snom370)
            String model = "snom" + m.group(1).substring(4).toUpperCase(Locale.ROOT);
            return new RequestedFile(requested, Kind.SNOM_IMAGE, model, m.group(2), null);
        }
        return new RequestedFile(requested, Kind.OTHER, null, null, null);
    }

    /** The name without directories; TFTP names may use '/' or '\\' (RFC 1350 leaves them to the host). */
    public static String baseName(String name) {
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(cut + 1);
    }

    /**
     * Where the file lies under a server's root: the requested name without its leading '/' or
     * '\\' ("/cfg/spa.xml" → "cfg/spa.xml"), as tftpd-hpa -s and most servers resolve it.
     */
    public String pathInRoot() {
        int start = 0;
        while (start < name.length() && (name.charAt(start) == '/' || name.charAt(start) == '\\')) {
            start++;
        }
        return name.substring(start);
    }

    /** Whether the name tells more than "a file": a known kind, or a model, version or MAC in it. */
    public boolean recognised() {
        return kind != Kind.OTHER || model != null || version != null || mac != null;
    }

    /** Whether the request starts with '/', as the SPA recovery tool sends it (field notes §1). */
    public boolean leadingSlash() {
        return name.startsWith("/");
    }

    /** A one-line description, e.g. "SPA firmware image (SPA30x/50x, version 7.6.2f)". */
    public String describe() {
        StringBuilder sb = new StringBuilder(kind.description());
        if (model != null || version != null || mac != null) {
            sb.append(" (");
            if (model != null) {
                sb.append(kind == Kind.CISCO_LOADS || kind == Kind.CISCO_IMAGE ? "Cisco " + model : model);
            }
            if (version != null) {
                sb.append(model != null ? ", " : "").append("version ").append(version);
            }
            if (mac != null) {
                sb.append(model != null || version != null ? ", " : "").append("for MAC ").append(mac);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    /** "spa50x" + "30x" → "SPA30x/50x" as the firmware bundles name the family. */
    private static String spaFamily(String first, String second) {
        String a = first.toUpperCase(Locale.ROOT).replace('X', 'x');
        if (second == null) {
            return a.equals("SPA") ? null : a;
        }
        String b = "SPA" + second.toUpperCase(Locale.ROOT).replace('X', 'x');
        return a.compareTo(b) <= 0 ? a + "/" + b.substring(3) : b + "/" + a.substring(3);
    }

    private static String colons(String hex) {
        String h = hex.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            sb.append(i > 0 ? ":" : "").append(h, i, i + 2);
        }
        return sb.toString();
    }
}
