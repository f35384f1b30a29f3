package org.phonerescue.core.diagnosis.rules;

import java.util.Locale;
import java.util.Set;
import org.phonerescue.core.device.RequestedFile;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.transfer.TftpTransfer;

/**
 * ERROR 2, access violation (RFC 1350 §5): the server has the name but will not serve it. A file
 * of a packing list the phone fetched is left to {@code loads-file-missing}, which names every
 * refused listed file, whatever the error, and says which ones are there but unreadable.
 */
public final class TftpAccessViolationRule extends TftpErrorRule {

    @Override
    public String id() {
        return "tftp-access-violation";
    }

    @Override
    public String title() {
        return "TFTP server refuses access to the file";
    }

    @Override
    boolean matches(int code, String message) {
        return isAccessViolation(code, message);
    }

    /**
     * ERROR 2, or ERROR 0 ("not defined", RFC 1350 §5) whose message speaks of access or
     * permission, as some servers report an unreadable file; {@code message} may be null.
     */
    static boolean isAccessViolation(int code, String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return code == 2 || code == 0 && (m.contains("access") || m.contains("permission"));
    }

    @Override
    Set<Long> coveredElsewhere(CaptureAnalysis a) {
        return LoadsFileMissingRule.namedRefusals(a);
    }

    @Override
    String explain(TftpTransfer t, RequestedFile file, int times) {
        return refused(t, times, "it will not " + (t.read() ? "read" : "write") + " this file");
    }

    @Override
    String remedy(TftpTransfer t, RequestedFile file) {
        String base = RequestedFile.baseName(t.file());
        return "Make '" + base + "' readable by the TFTP server's user (tftpd-hpa serves only world-readable files), "
                + "keep the requested path inside the server's root" + (file.leadingSlash()
                ? " (the leading '/' of '" + t.file() + "' is refused by servers in secure mode unless they map it "
                + "to their root, as tftpd-hpa -s does)" : "")
                + (t.read() ? "" : ", and allow uploads (tftpd-hpa -c, an existing writable file otherwise)") + ".";
    }
}
