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
import org.phonerescue.core.session.SpaMessage;

/**
 * The phone replied to the tool, and no Upgrade followed: the tool did not receive the Reply
 * (spa-recovery-protocol.md "Failure modes": the PC's firewall drops inbound multicast to UDP
 * 4811, or the group was joined on the wrong network card).
 */
public final class SpaReplyUnansweredRule implements Rule {

    @Override
    public String id() {
        return "spa-reply-unanswered";
    }

    @Override
    public String title() {
        return "SPA phone replied, the tool sent no Upgrade";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        long lastUpgrade = -1;
        for (SpaMessage m : a.spa()) {
            if (m.kind() == SpaMessage.Kind.UPGRADE) {
                lastUpgrade = m.frame();
            }
        }
        Map<Device, List<SpaMessage>> replies = new LinkedHashMap<>();
        for (SpaMessage m : a.spa()) {
            Device phone = a.device(m.senderMac(), m.senderIp());
            if (m.kind() == SpaMessage.Kind.REPLY && m.frame() > lastUpgrade && phone != null) {
                replies.computeIfAbsent(phone, k -> new ArrayList<>()).add(m);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<Device, List<SpaMessage>> e : replies.entrySet()) {
            if (e.getValue().size() == 1 && !SpaNoReplyRule.waited(a, e.getValue().get(0))) {
                continue; // the capture ends right after the Reply: the Upgrade may just not be in it
            }
            List<Long> frames = e.getValue().stream().map(SpaMessage::frame).toList();
            SpaMessage r = e.getValue().get(0);
            String why = "The phone" + (r.product() != null ? " (" + r.product() + ", loader " + r.loaderVersion() + ")" : "")
                    + " replied to the recovery tool (" + FindingText.frames(frames) + ", to 234.4.8.10 port 4811), "
                    + "but no Upgrade followed: the tool did not get the Reply, so it reports the phone as not found.";
            out.add(finding(e.getKey().key(), 85, why, "Let inbound UDP to port 4811 and multicast 234.4.8.10 through "
                    + "the PC's firewall (or switch it off during the recovery), and make the tool use the network "
                    + "card the phone is connected to (disable the other cards, Wi-Fi included).", frames, -1));
        }
        return out;
    }
}
