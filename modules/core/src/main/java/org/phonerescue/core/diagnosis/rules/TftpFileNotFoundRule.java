package org.phonerescue.core.diagnosis.rules;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.phonerescue.core.device.RequestedFile;
import org.phonerescue.core.firmware.CiscoConfig;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.transfer.FileContent;
import org.phonerescue.core.transfer.TftpTransfer;
import org.phonerescue.core.transfer.TransferOutcome;

/**
 * ERROR 1, file not found (RFC 1350 §5), for a firmware or other file. Configuration files
 * (SEP&lt;MAC&gt;.cnf.xml, XMLDefault.cnf.xml) and Cisco trust lists are left to
 * {@code config-file-missing}: a missing SEP file is normal when XMLDefault follows (field notes §3).
 * A file of a packing list the phone fetched is left to {@code loads-file-missing}, which names
 * every refused listed file and cites its refusals; other refusals of the same phone stay here.
 * An SPA phone still in its loader, refused the file of its saved Recovery URL, is left to
 * {@code spa-loader-url-retry}: what to do is to serve the image there or to catch the loader's
 * listen window with the recovery tool, and that rule says both, with the loader's rounds.
 */
public final class TftpFileNotFoundRule extends TftpErrorRule {

    @Override
    public String id() {
        return "tftp-file-not-found";
    }

    @Override
    public String title() {
        return "TFTP server does not have the requested file";
    }

    @Override
    boolean matches(int code, String message) {
        return notFound(code, message);
    }

    /** ERROR 1 "File not found" (RFC 1350 §5), or ERROR 0 whose message says as much. */
    static boolean notFound(int code, String message) {
        return code == 1 || code == 0 && (message.contains("not found") || message.contains("no such file"));
    }

    @Override
    boolean skips(RequestedFile file) {
        return file.kind() == RequestedFile.Kind.CISCO_CONFIG || file.kind() == RequestedFile.Kind.CISCO_DEFAULT_CONFIG
                || file.kind() == RequestedFile.Kind.CISCO_SECURITY;
    }

    @Override
    Set<Long> coveredElsewhere(CaptureAnalysis a) {
        Set<Long> out = new java.util.HashSet<>(LoadsFileMissingRule.namedRefusals(a));
        out.addAll(SpaLoaderUrlRetryRule.explained(a));
        return out;
    }

    /**
     * A refused packing list that a configuration the phone was served names: field notes §3 has
     * the phone fetch SEP&lt;MAC&gt;.cnf.xml or XMLDefault.cnf.xml, whose loadInformation "must name
     * exactly the loads file on the server", then that packing list. So either the firmware
     * package is missing or the configuration names the wrong load; the configuration is read from
     * the transfer's content ({@link CiscoConfig}).
     */
    @Override
    Context context(CaptureAnalysis a, TftpTransfer t, RequestedFile file) {
        if (file.kind() != RequestedFile.Kind.CISCO_LOADS) {
            return null;
        }
        String asked = RequestedFile.baseName(t.file());
        TftpTransfer source = null;
        CiscoConfig.Load named = null;
        for (TftpTransfer c : a.transfers()) {
            RequestedFile.Kind kind = RequestedFile.of(c.file()).kind();
            if (c.requestFrame() > t.requestFrame() || !c.read() || c.outcome() != TransferOutcome.COMPLETE
                    || kind != RequestedFile.Kind.CISCO_CONFIG && kind != RequestedFile.Kind.CISCO_DEFAULT_CONFIG
                    || !c.client().ip().equals(t.client().ip())) {
                continue;
            }
            CiscoConfig config = config(c);
            CiscoConfig.Load load = config == null ? null : config.loads().stream()
                    .filter(l -> l.loadsFile().equals(asked)).findFirst().orElse(null);
            if (load != null) {
                source = c;
                named = load;
            }
        }
        if (source == null) {
            return null;
        }
        String element = "<" + named.element() + (named.model() != null ? " model=\"" + named.model() + "\"" : "") + ">";
        return new Context("The configuration '" + source.file() + "' the phone got (frames " + source.firstFrame() + "–"
                + source.lastFrame() + ") names this load in " + element + named.loadId() + ": its loadInformation must "
                + "name exactly a packing list on the server (field notes §3), so either the firmware package of load "
                + named.loadId() + " is not there or the configuration names the wrong load.",
                "Either copy the firmware package of load " + named.loadId() + " into the root, or correct " + element
                        + " in " + RequestedFile.baseName(source.file()) + " to the load whose .loads file is there "
                        + "('phonerescue check-root DIR' lists both).",
                List.of(source.requestFrame(), source.lastFrame()));
    }

    private static CiscoConfig config(TftpTransfer c) {
        FileContent content = c.content();
        if (content == null || !content.kept() || content.size() > (1 << 20)) {
            return null;
        }
        try {
            return CiscoConfig.parse(content.head((int) content.size()));
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    String explain(TftpTransfer t, RequestedFile file, int times) {
        return refused(t, times, "it has no file by that name")
                + (file.recognised() ? " By its name, it is a " + file.describe() + "." : "");
    }

    /**
     * "(names are case-sensitive on Linux servers: 'Spa.bin' is not 'spa.bin' or 'SPA.BIN')", naming
     * only the spellings that differ from the asked name; "" for a name without letters.
     */
    static String caseNote(String base) {
        List<String> others = new java.util.ArrayList<>();
        for (String other : List.of(base.toLowerCase(java.util.Locale.ROOT), base.toUpperCase(java.util.Locale.ROOT))) {
            if (!other.equals(base) && !others.contains(other)) {
                others.add("'" + other + "'");
            }
        }
        return others.isEmpty() ? "" : " (names are case-sensitive on Linux servers: '" + base + "' is not "
                + String.join(" or ", others) + ")";
    }

    @Override
    String remedy(TftpTransfer t, RequestedFile file) {
        String base = RequestedFile.baseName(t.file());
        String path = file.pathInRoot();
        String folder = path.length() > base.length() ? path.substring(0, path.length() - base.length() - 1) : "";
        StringBuilder sb = new StringBuilder("Put a file named exactly '" + base + "' in the TFTP server's root folder"
                + (folder.isEmpty() ? "" : ", in its subfolder '" + folder + "' ('" + path + "' under the root)")
                + caseNote(base) + ".");
        if (file.leadingSlash()) {
            sb.append(" The request starts with '/', as the SPA recovery tool sends it: the server must map '")
                    .append(t.file()).append("' to '").append(path).append("' in its root (tftpd-hpa does with -s; "
                            + "some servers look at the file system's root or refuse absolute paths).");
        }
        switch (file.kind()) {
            case SNOM_IMAGE -> sb.append(" Snom phones ask for a per-model name: rename the firmware file to '")
                    .append(base).append("' rather than the name it was downloaded with ('phonerescue check-root DIR --capture "
                    + "CAPTURE' lists the Snom images the folder has, and whether one is over TFTP's 32 MB).");
            case CISCO_LOADS -> sb.append(" '").append(base).append("' is the packing list of the Cisco firmware "
                    + "package for this model: copy every file of the package (the .loads and the cnu, cvm, dsp, "
                    + "apps and jar images) into the root.");
            case CISCO_IMAGE -> sb.append(" The packing list (.loads) names this image: copy every file of the "
                    + "same firmware package into the root; a missing listed file stalls the recovery.");
            case SPA_IMAGE -> sb.append(" The recovery tool serves the image embedded in it: use its own TFTP "
                    + "server, or serve the image under the requested name.");
            default -> {
            }
        }
        return sb.toString();
    }
}
