package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.transfer.TftpTransfer;
import org.phonerescue.core.transfer.TransferOutcome;

/**
 * A file larger than 65 535 blocks failed over TFTP. Block numbers are 16 bits (RFC 1350), so
 * with 512-byte blocks a transfer reaches block 65 535 at about 32 MB and then wraps or fails,
 * depending on the client (field notes §2 "Firmware over 32 MB fails over TFTP", §4).
 */
public final class Tftp32MbLimitRule implements Rule {

    static final long LAST_BLOCK = 65_535;

    @Override
    public String id() {
        return "tftp-32mb-limit";
    }

    @Override
    public String title() {
        return "File too large for TFTP block numbers";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        for (TftpTransfer t : a.transfers()) {
            if (t.outcome() == TransferOutcome.COMPLETE) {
                continue;
            }
            long limit = LAST_BLOCK * t.blockSize();
            boolean reachedLastBlock = t.highestBlock() >= LAST_BLOCK;
            boolean announcedTooLarge = t.expectedSize() > limit;
            if (!reachedLastBlock && !announcedTooLarge) {
                continue;
            }
            StringBuilder why = new StringBuilder("'" + t.file() + "' is ");
            if (announcedTooLarge) {
                why.append(FindingText.bytes(t.expectedSize())).append(" (tsize")
                        .append(t.optionsFrame() > 0 ? " in the server's OACK, frame " + t.optionsFrame() : "")
                        .append("), more than ");
            } else {
                why.append("larger than ");
            }
            why.append("the ").append(FindingText.bytes(limit)).append(" that 65 535 blocks of ").append(t.blockSize())
                    .append(" bytes can carry: TFTP block numbers are 16 bits. ");
            if (reachedLastBlock) {
                why.append("The transfer reached block ").append(t.highestBlock())
                        .append(t.blockLimitFrame() > 0 ? " (block 65535 in frame " + t.blockLimitFrame() + ")" : "")
                        .append(" and then ").append(FindingText.ending(t)).append('.');
            } else {
                why.append("The transfer ").append(FindingText.ending(t)).append(" after ").append(t.blocks()).append(" blocks.");
            }
            List<Long> evidence = new ArrayList<>(List.of(t.requestFrame(), t.lastFrame()));
            if (t.errorFrame() > 0) {
                evidence.add(t.errorFrame());
            }
            if (announcedTooLarge && t.optionsFrame() > 0) {
                evidence.add(t.optionsFrame());
            }
            if (t.blockLimitFrame() > 0) {
                evidence.add(t.blockLimitFrame());
            }
            out.add(finding(FindingText.clientKey(a, t), 92, why.toString(),
                    "Serve the file over HTTP (Snom rescue mode offers HTTP; TFTP and FTP fail above 32 MB), or use "
                            + "a server and phone that negotiate a larger block size (RFC 2348 blksize, e.g. 1428 "
                            + "bytes allows about 93 MB) or roll block numbers over past 65 535.",
                    evidence, t.requestFrame()));
        }
        return out;
    }
}
