package org.phonerescue.core.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.phonerescue.core.device.RequestedFile;

/**
 * Checks a folder before it is served to recovering phones: every file a Cisco configuration or
 * packing list names is there under exactly that name (field notes §3); XMLDefault.cnf.xml exists
 * where Cisco firmware is served; the names phones ask for exist (Snom per-model names, field
 * notes §2), with case and size against the TFTP limit; SPA images are intact. Every problem has
 * its fix.
 */
public final class ServerRootCheck {

    /** 65 535 blocks of 512 bytes: the most a TFTP client without blksize or block-number rollover fetches. */
    public static final long TFTP_LIMIT_AT_512 = 65_535L * 512;
    /** The configuration a Cisco 79xx asks for when its own SEP&lt;MAC&gt;.cnf.xml is refused (field notes §3). */
    private static final String DEFAULT_CONFIG = "XMLDefault.cnf.xml";
    /** Configurations and packing lists larger than this are not read. */
    private static final long MAX_TEXT = 1L << 20;

    private ServerRootCheck() {
    }

    /**
     * Checks {@code root}; {@code requested} are names phones ask for (as they ask: case, leading
     * slash), e.g. typed in Snom rescue mode or taken from a capture; may be empty.
     */
    public static List<CheckFinding> run(Path root, List<String> requested) throws IOException {
        return run(root, requested, List.of());
    }

    /**
     * As {@link #run(Path, List)}, with HTTP request targets phones sent as well ("/snom%20D785.bin",
     * "http://10.0.0.5/snom370-r.bin"): each is decoded as a server decodes it ({@link HttpRequestPath})
     * before it is looked up; one that names no file inside the root is a problem.
     */
    public static List<CheckFinding> run(Path root, List<String> requested, List<String> httpTargets)
            throws IOException {
        ServerRoot r = ServerRoot.of(root);
        List<CheckFinding> out = new ArrayList<>();
        for (String name : requested) {
            requested(r, name, null, out);
        }
        List<String> asked = new ArrayList<>(requested);
        for (String target : httpTargets) {
            HttpRequestPath p = HttpRequestPath.of(target);
            if (!p.valid()) {
                out.add(CheckFinding.problem(target, "the HTTP request target \"" + target + "\" " + p.problem(),
                        "no file in the root can answer it; correct the URL or file name the phone was given (typed "
                                + "in rescue mode, or its provisioning setting) to the file's name in the root"));
                continue;
            }
            String name = p.path();
            if (p.dotSegments()) {
                out.add(CheckFinding.warning(name, "requested as \"" + target + "\": \".\" or \"..\" segments after "
                                + "decoding; a server that removes them (RFC 3986 §5.2.4) serves \"" + name + "\", "
                                + "phonerescue serve refuses any such name",
                        "give the phone the file's plain name in the root"));
            }
            requested(r, name, p.decoded() ? target : null, out);
            asked.add(name);
        }
        java.util.Set<String> named = new java.util.HashSet<>();
        asked.forEach(n -> named.add(n.startsWith("/") ? n.substring(1) : n));
        boolean cisco = false;
        for (String name : r.files().keySet()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".cnf.xml")) {
                config(r, name, out);
                cisco = true;
            } else if (lower.endsWith(".loads")) {
                loads(r, name, out);
                cisco = true;
            } else if (lower.endsWith(".sbn")) {
                cisco = true;
            }
        }
        if (cisco) {
            defaultConfig(r, out);
        }
        for (String name : r.named(base -> RequestedFile.of(base).kind() == RequestedFile.Kind.SNOM_IMAGE)) {
            if (!named.contains(name)) {
                size(name, r.files().get(name), out, ""); // the images phones will find there, listed
            }
        }
        spaImages(r, out);
        if (out.isEmpty()) {
            out.add(CheckFinding.ok(".", "no configuration, packing list or firmware image to check in " + root));
        }
        return out;
    }

    /** {@code sentAs}: the HTTP request target the name was decoded from, when it differs; else null. */
    private static void requested(ServerRoot r, String name, String sentAs, List<CheckFinding> out) {
        ServerRoot.Lookup l = r.find(name);
        RequestedFile file = RequestedFile.of(name);
        String sent = sentAs == null ? "" : " (sent as \"" + sentAs + "\")";
        if (l instanceof ServerRoot.Found f) {
            size(name, f.path(), out, sent);
        } else if (l instanceof ServerRoot.CaseDiffers c) {
            out.add(CheckFinding.problem(name, "the phone asks for \"" + name + "\"" + sent + "; the root has \"" + c.name()
                            + "\": the case differs, and a Linux TFTP server refuses it",
                    caseFix(RequestedFile.baseName(name))));
        } else if (file.kind() == RequestedFile.Kind.CISCO_SECURITY) {
            // as diagnose: tftp-file-not-found leaves trust lists alone, a refusal is no fault
            out.add(CheckFinding.info(name, "\"" + name + "\"" + sent + " is not in the root: a Cisco trust list (CTL or "
                    + "ITL), which only a call manager makes; a phone asks for it when it starts and goes on without it, "
                    + "so there is nothing to copy"));
        } else if (file.kind() == RequestedFile.Kind.CISCO_CONFIG) {
            // as diagnose's config-file-missing: a refused SEP file followed by XMLDefault.cnf.xml is how a
            // factory-reset phone starts (field notes §3); without XMLDefault.cnf.xml the phone has no configuration
            if (r.find(DEFAULT_CONFIG) instanceof ServerRoot.Found) {
                out.add(CheckFinding.info(name, "\"" + name + "\"" + sent + " is not in the root: the phone then asks for "
                        + DEFAULT_CONFIG + ", which is there (field notes §3: how a phone without a configuration of its "
                        + "own starts)"));
            } else {
                out.add(CheckFinding.warning(name, "\"" + name + "\"" + sent + " is not in the root, nor is " + DEFAULT_CONFIG
                                + ", which the phone asks for next (field notes §3): it gets no configuration, so no "
                                + "firmware load and no call manager",
                        "create " + DEFAULT_CONFIG + " (it is not part of the firmware package), or " + RequestedFile.baseName(name)
                                + " for this phone alone, with a loadInformation naming the load whose .loads file is in the root"));
            }
        } else {
            String closest = ((ServerRoot.Missing) l).closest();
            StringBuilder text = new StringBuilder("\"" + name + "\"" + sent + " is not in the root");
            StringBuilder fix = new StringBuilder("copy the file into the root under exactly that name");
            if (file.kind() == RequestedFile.Kind.SNOM_IMAGE) {
                List<String> snom = r.named(base -> RequestedFile.of(base).kind() == RequestedFile.Kind.SNOM_IMAGE);
                if (!snom.isEmpty()) {
                    text.append("; the Snom images there are ").append(quoted(snom));
                }
                List<String> inFolders = snom.stream().filter(n -> protocolFolder(n) != null
                        && n.substring(n.indexOf('/') + 1).equals(RequestedFile.baseName(name))).toList();
                if (!inFolders.isEmpty()) {
                    // field notes §2: servers such as SPLiT keep a folder per protocol and serve each as that protocol's root
                    // HTTP first: the one protocol that carries an image of any size
                    String first = inFolders.stream().filter(n -> "http".equals(protocolFolder(n))).findFirst()
                            .orElse(inFolders.get(0));
                    Path folder = r.root().resolve(first.substring(0, first.indexOf('/')));
                    fix = new StringBuilder("the root keeps a folder per protocol (http, ftp, tftp): serve the folder of "
                            + "the protocol picked on the phone as the root, e.g. phonerescue serve --root " + folder + " --"
                            + protocolFolder(first));
                } else {
                    fix = new StringBuilder("Snom phones ask for a per-model name: rename the firmware for this model to \""
                            + RequestedFile.baseName(name) + "\", or " + aliasFix(RequestedFile.baseName(name),
                            snom.isEmpty() ? "FILE" : snom.get(0)));
                }
            } else if (closest != null) {
                text.append("; the closest name there is \"").append(closest).append('"');
                fix.append(" (or ").append(aliasFix(RequestedFile.baseName(name), closest)).append(')');
            }
            out.add(CheckFinding.problem(name, text.toString(), fix.toString()));
        }
    }

    /**
     * The fix for a name in another case: the rename, or the option of {@code phonerescue serve}
     * that matches names regardless of case (said as such: the engineer may serve with another
     * server, which has no such option).
     */
    private static String caseFix(String asked) {
        return "rename it to \"" + asked + "\", or serve the folder with phonerescue serve --ignore-case";
    }

    /** "serve FILE under the name ASKED with phonerescue serve --alias ASKED=FILE". */
    private static String aliasFix(String asked, String file) {
        return "serve " + (file.equals("FILE") ? "it" : "\"" + file + "\"") + " under that name with phonerescue serve --alias "
                + asked + "=" + file;
    }

    /**
     * The protocol a file is kept for, by the top folder it is in ("http/snom370-r.bin": http), as
     * servers that keep a folder per protocol name them (field notes §2: http, ftp, tftp, lower
     * case; any case is taken); null for a file in no such folder.
     */
    static String protocolFolder(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String top = name.substring(0, slash).toLowerCase(Locale.ROOT);
        return top.equals("http") || top.equals("ftp") || top.equals("tftp") ? top : null;
    }

    /**
     * A file phones fetch: fine, or over what TFTP carries at 512-byte blocks (field notes §2, §4);
     * in a root with a folder per protocol, judged by its folder's protocol.
     */
    private static void size(String name, Path path, List<CheckFinding> out, String sent) {
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            out.add(CheckFinding.problem(name, "cannot be read: " + e.getMessage(), "check its permissions"));
            return;
        }
        String folder = protocolFolder(name);
        if (size > TFTP_LIMIT_AT_512 && "http".equals(folder)) {
            out.add(CheckFinding.ok(name, "present, " + size + " bytes" + sent + ", in the HTTP folder: over 32 MB, "
                    + "which only HTTP carries"));
        } else if (size > TFTP_LIMIT_AT_512 && "ftp".equals(folder)) {
            out.add(CheckFinding.warning(name, size + " bytes, in the FTP folder: Snom's note says a phone fails to fetch "
                            + "firmware over 32 MB by FTP, as by TFTP (field notes §2)",
                    "put it in the HTTP folder and pick HTTP on the phone (phonerescue serve --http)"));
        } else if (size > TFTP_LIMIT_AT_512) {
            out.add(CheckFinding.warning(name, size + " bytes: over the " + TFTP_LIMIT_AT_512 + " bytes (65 535 blocks of"
                            + " 512) TFTP carries without a larger blksize or block-number rollover; a Snom phone fails"
                            + " over TFTP (and FTP) above 32 MB",
                    "tftp".equals(folder) ? "put it in the HTTP folder and pick HTTP on the phone (phonerescue serve --http)"
                            : "serve it over HTTP (phonerescue serve --http) and pick HTTP on the phone"));
        } else {
            out.add(CheckFinding.ok(name, "present, " + size + " bytes" + sent));
        }
    }

    private static void config(ServerRoot r, String name, List<CheckFinding> out) {
        byte[] b = read(r, name, out);
        if (b == null) {
            return;
        }
        CiscoConfig c = CiscoConfig.parse(b);
        if (!c.wellFormed()) {
            out.add(CheckFinding.problem(name, "not readable XML (" + c.error() + "): the phone ignores it",
                    "correct it; 'xmllint --noout " + name + "' shows the same place"));
            return;
        }
        int present = 0;
        for (CiscoConfig.Load load : c.loads()) {
            if (load.loadId().isEmpty()) {
                continue;
            }
            String what = "<" + load.element() + (load.model() != null ? " model=\"" + load.model() + "\"" : "") + "> "
                    + load.loadId();
            ServerRoot.Lookup l = r.find(load.loadsFile());
            if (l instanceof ServerRoot.Found) {
                present++;
            } else if (l instanceof ServerRoot.CaseDiffers cd) {
                out.add(CheckFinding.problem(name, what + ": the phone asks for \"" + load.loadsFile() + "\", the root has \""
                                + cd.name() + "\" (the case differs)",
                        "rename the packing list to \"" + load.loadsFile() + "\" or correct the load name in " + name));
            } else {
                String closest = ((ServerRoot.Missing) l).closest();
                out.add(CheckFinding.problem(name, what + ": \"" + load.loadsFile() + "\" is not in the root"
                                + (closest != null ? "; the closest name there is \"" + closest + "\"" : ""),
                        "copy every file of that firmware package into the root, or name in " + name
                                + " the load whose .loads file is there (field notes §3: loadInformation must name "
                                + "exactly the loads file on the server)"));
            }
        }
        if (present > 0) {
            out.add(CheckFinding.ok(name, present + (present == 1 ? " load names a packing list" : " loads name packing lists")
                    + " present in the root"));
        } else if (c.loads().stream().allMatch(l -> l.loadId().isEmpty())) {
            out.add(CheckFinding.ok(name, "names no firmware load (the phone keeps its firmware, or asks for its "
                    + "termXX.default.loads)"));
        }
    }

    private static void loads(ServerRoot r, String name, List<CheckFinding> out) {
        byte[] b = read(r, name, out);
        if (b == null) {
            return;
        }
        CiscoLoads loads = CiscoLoads.parse(b);
        for (String p : loads.problems()) {
            out.add(CheckFinding.warning(name, p, null));
        }
        List<String> missing = new ArrayList<>();
        int present = 0;
        for (String listed : loads.files()) {
            ServerRoot.Lookup l = r.find(listed);
            if (l instanceof ServerRoot.Found) {
                present++;
            } else if (l instanceof ServerRoot.CaseDiffers cd) {
                out.add(CheckFinding.problem(name, "lists \"" + listed + "\"; the root has \"" + cd.name()
                                + "\" (the case differs): the phone asks exactly as listed",
                        caseFix(listed)));
            } else {
                missing.add(listed);
            }
        }
        if (!missing.isEmpty()) {
            out.add(CheckFinding.problem(name, "lists " + quoted(missing) + ", not in the root: the phone fetches the "
                            + "listed files one after another and stalls at a missing one",
                    "copy every file of the firmware package (the .loads and all its .sbn images) into the root"));
        } else if (!loads.files().isEmpty() && present == loads.files().size()) {
            // a listed file there only in another case is not there for the phone: its problem stands alone
            out.add(CheckFinding.ok(name, "all " + loads.files().size() + " listed files present"
                    + (loads.version() != null ? " (load version " + loads.version() + ")" : "")));
        }
    }

    private static void defaultConfig(ServerRoot r, List<CheckFinding> out) {
        ServerRoot.Lookup l = r.find(DEFAULT_CONFIG);
        if (l instanceof ServerRoot.CaseDiffers cd) {
            out.add(CheckFinding.problem("XMLDefault.cnf.xml", "the root has \"" + cd.name()
                            + "\": the phone asks for \"XMLDefault.cnf.xml\" exactly",
                    "rename it to XMLDefault.cnf.xml"));
        } else if (l instanceof ServerRoot.Missing) {
            out.add(CheckFinding.warning("XMLDefault.cnf.xml", "Cisco firmware is served but there is no "
                            + "XMLDefault.cnf.xml: a factory-reset phone without SEP<MAC>.cnf.xml asks for it next, and it "
                            + "is not part of the firmware package (field notes §3)",
                    "create XMLDefault.cnf.xml with a loadInformation element per model naming the load whose "
                            + ".loads file is in the root"));
        }
    }

    private static void spaImages(ServerRoot r, List<CheckFinding> out) {
        for (var e : r.files().entrySet()) {
            byte[] head;
            try (InputStream in = Files.newInputStream(e.getValue())) {
                head = in.readNBytes(SpaImage.MAGIC.length);
            } catch (IOException ex) {
                continue;
            }
            if (!SpaImage.hasMagic(head)) {
                continue;
            }
            try {
                SpaImageReport report = SpaImageCheck.check(e.getValue(), null);
                if (report.broken()) {
                    out.add(CheckFinding.problem(e.getKey(), "a damaged SPA image: " + report.problems().stream()
                                    .limit(3).map(f -> f.subject() + ": " + f.text()).collect(Collectors.joining("; ")),
                            "the loader refuses it; replace it with the vendor's image ('phonerescue check-image "
                                    + e.getKey() + "' lists every problem)"));
                } else {
                    out.add(CheckFinding.ok(e.getKey(), "an intact SPA image, version " + report.image().version()));
                }
            } catch (IOException ex) {
                out.add(CheckFinding.problem(e.getKey(), "cannot be read: " + ex.getMessage(), "check its permissions"));
            }
        }
    }

    private static byte[] read(ServerRoot r, String name, List<CheckFinding> out) {
        Path p = r.files().get(name);
        try {
            if (Files.size(p) > MAX_TEXT) {
                out.add(CheckFinding.warning(name, "larger than 1 MiB: not a configuration or packing list; not read", null));
                return null;
            }
            return Files.readAllBytes(p);
        } catch (IOException e) {
            out.add(CheckFinding.problem(name, "cannot be read: " + e.getMessage(), "check its permissions"));
            return null;
        }
    }

    private static String quoted(List<String> names) {
        List<String> shown = names.stream().limit(6).map(n -> "\"" + n + "\"").toList();
        return String.join(", ", shown) + (names.size() > 6 ? " and " + (names.size() - 6) + " more" : "");
    }
}
