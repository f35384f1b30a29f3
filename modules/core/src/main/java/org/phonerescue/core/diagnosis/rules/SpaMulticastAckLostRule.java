package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.transfer.TftpTransfer;

/**
 * The SPA loader sends every ACK to 234.4.8.10 on the server's port; a server that does not
 * receive that multicast resends DATA the phone has already acknowledged
 * (spa-recovery-protocol.md "Failure modes": DATA then retransmissions, ACKs to 234.4.8.10
 * unanswered).
 */
public final class SpaMulticastAckLostRule implements Rule {

    @Override
    public String id() {
        return "spa-multicast-ack-lost";
    }

    @Override
    public String title() {
        return "TFTP server does not receive the SPA loader's multicast ACKs";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        for (TftpTransfer t : a.transfers()) {
            if (!t.requestedServer().multicast() || !t.answered() || t.retransmittedAfterAck() < 2) {
                continue;
            }
            List<Long> evidence = new ArrayList<>(List.of(t.requestFrame(), t.lastFrame()));
            evidence.addAll(t.retransmittedFrames());
            String why = "The server " + t.server().ip() + " sent DATA blocks of '" + t.file() + "' again "
                    + t.retransmittedAfterAck() + " times although the phone had acknowledged them (its ACKs go to "
                    + "234.4.8.10 port " + t.server().port() + "): the server does not receive the multicast ACKs. "
                    + "The transfer " + FindingText.ending(t) + " after " + t.blocks() + " blocks.";
            out.add(finding(FindingText.clientKey(a, t), 90, why, "Serve the image with the vendor's recovery tool, "
                    + "whose server joins 234.4.8.10; a generic TFTP server ignores ACKs sent to the group. Allow "
                    + "inbound multicast through the PC's firewall.", evidence, t.requestFrame()));
        }
        return out;
    }
}
