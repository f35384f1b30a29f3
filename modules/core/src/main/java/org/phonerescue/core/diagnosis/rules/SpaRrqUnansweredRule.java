package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.session.SpaMessage;
import org.phonerescue.core.transfer.TftpTransfer;

/**
 * After the Upgrade the SPA loader sends its TFTP request to the group 234.4.8.10 port 69; only
 * a server that joined the group hears it (spa-recovery-protocol.md "What the phone does after an
 * Upgrade" and "Failure modes": port 69 held by another TFTP server, firewall, or a server that
 * never joined the group).
 */
public final class SpaRrqUnansweredRule implements Rule {

    @Override
    public String id() {
        return "spa-rrq-unanswered";
    }

    @Override
    public String title() {
        return "SPA loader's multicast TFTP request unanswered";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        Map<String, List<TftpTransfer>> unanswered = new LinkedHashMap<>();
        for (TftpTransfer t : a.transfers()) {
            if (!t.answered() && t.requestedServer().multicast()) {
                unanswered.computeIfAbsent(FindingText.clientKey(a, t), k -> new ArrayList<>()).add(t);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, List<TftpTransfer>> e : unanswered.entrySet()) {
            TftpTransfer t = e.getValue().get(0);
            List<Long> requests = new ArrayList<>(); // the first and the last of each transfer's repeats
            long count = 0;
            for (TftpTransfer x : e.getValue()) {
                requests.addAll(x.requests().frames());
                count += x.requests().count();
            }
            List<Long> evidence = new ArrayList<>(requests);
            SpaMessage ack = upgradeAck(a, a.device(e.getKey()), t.requestFrame());
            String why = (ack != null ? "The phone acknowledged the Upgrade to '" + ack.file() + "' (frame " + ack.frame()
                    + ") and" : "The phone") + " asked the group " + t.requestedServer() + " for '" + t.file() + "'"
                    + (count > 1 ? " " + count + " times" : "") + " (" + FindingText.frames(requests, count)
                    + "); no TFTP server answered. The loader's request goes to the multicast group, so only a server "
                    + "that joined 234.4.8.10 (as the vendor's recovery tool does) hears it.";
            if (ack != null) {
                evidence.add(ack.frame());
            }
            out.add(finding(e.getKey(), 90, why, "Let the recovery tool serve the image itself "
                    + "(its TFTP server joins the group), and stop any other TFTP server on the PC (tftpd32, "
                    + "SolarWinds…) that holds UDP port 69. Allow UDP 69 and multicast 234.4.8.10 through the PC's "
                    + "firewall.", evidence, t.requestFrame()));
        }
        return out;
    }

    private static SpaMessage upgradeAck(CaptureAnalysis a, Device phone, long before) {
        SpaMessage last = null;
        for (SpaMessage m : a.spa()) {
            if (m.kind() == SpaMessage.Kind.UPGRADE_ACK && m.frame() < before && phone != null
                    && PhoneSigns.sentBy(phone, m.senderMac(), m.senderIp())) {
                last = m;
            }
        }
        return last;
    }
}
