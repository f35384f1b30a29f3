package org.phonerescue.core.diagnosis.rules;

import org.phonerescue.core.device.RequestedFile;
import org.phonerescue.core.transfer.TftpTransfer;

/** ERROR 2, access violation (RFC 1350 §5): the server has the name but will not serve it. */
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
        return code == 2 || code == 0 && (message.contains("access") || message.contains("permission"));
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
