package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.SpaMessage;

/**
 * The recovery tool's Requests get no Reply (spa-recovery-protocol.md "Failure modes": serial
 * mismatch, wrong source port or length, multicast not delivered, loader busy with its URL
 * attempts). The loader answers at once when it answers at all, so a Request with no Reply
 * within {@link #WINDOW_NANOS} and none later in the capture went unheard.
 */
public final class SpaNoReplyRule implements Rule {

    static final long WINDOW_NANOS = 5_000_000_000L;

    @Override
    public String id() {
        return "spa-no-reply";
    }

    @Override
    public String title() {
        return "SPA recovery Request without Reply";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<SpaMessage> requests = new ArrayList<>();
        long lastReply = -1;
        for (SpaMessage m : a.spa()) {
            if (m.kind() == SpaMessage.Kind.REQUEST) {
                requests.add(m);
            } else if (m.kind() == SpaMessage.Kind.REPLY) {
                lastReply = m.frame();
            }
        }
        java.util.Set<SpaMessage> busy = new java.util.HashSet<>();
        for (Device d : a.devices()) {
            busy.addAll(SpaLoaderTimeoutRule.unheard(a, d)); // spa-loader-timeout explains those
        }
        List<SpaMessage> unanswered = new ArrayList<>();
        for (SpaMessage r : requests) {
            if (r.frame() > lastReply && !busy.contains(r)) {
                unanswered.add(r);
            }
        }
        if (unanswered.isEmpty() || unanswered.size() == 1 && !waited(a, unanswered.get(0))) {
            return List.of(); // one Request at the very end of the capture: the Reply may just not be in it
        }
        SpaMessage first = unanswered.get(0);
        List<Long> frames = unanswered.stream().map(SpaMessage::frame).toList();
        StringBuilder why = new StringBuilder("The recovery tool at " + first.senderIp() + " sent "
                + (unanswered.size() > 1 ? unanswered.size() + " Requests" : "a Request") + " to " + first.destinationIp()
                + " (" + FindingText.frames(frames) + ") and no phone replied.");
        List<String> causes = new ArrayList<>();
        int likelihood = 85;
        if (first.length() != 160) {
            causes.add("the frame is " + first.length() + " bytes long and the loader drops tool frames that are not "
                    + "160 bytes");
            likelihood = 95;
        }
        if (first.serial() != null && !first.serial().equals("FFFFFFFFFFFF")) {
            causes.add("it asks for serial " + first.serial() + ", and only the phone with exactly that serial "
                    + "(case-sensitive) answers; FFFFFFFFFFFF reaches any phone");
        }
        if (!causes.isEmpty()) {
            why.append(" Here ").append(String.join("; and ", causes)).append('.');
        }
        Device phone = unicastTarget(a, first);
        Device tool = a.device(first.senderMac(), first.senderIp());
        String device = phone != null ? phone.key() : tool != null ? tool.key() : null;
        return List.of(finding(device, likelihood, why.toString(),
                "Use the wildcard serial FFFFFFFFFFFF. Connect the phone and the PC to the same switch (or "
                        + "directly) with no VLAN or router between them and no IGMP snooping dropping the group "
                        + "234.4.8.10. The loader does not listen while it tries its recovery URLs: power-cycle the "
                        + "phone and start the tool at once, while it waits for the tool.",
                frames, -1));
    }

    /** Whether the capture goes on for the answer window after {@code m}. */
    static boolean waited(CaptureAnalysis a, SpaMessage m) {
        return m.time() != Long.MIN_VALUE && a.lastTime() - m.time() >= WINDOW_NANOS;
    }

    /** The phone a Request was sent to by unicast, if it is a device of the capture. */
    private static Device unicastTarget(CaptureAnalysis a, SpaMessage m) {
        if (m.destinationIp() == null || m.destinationIp().startsWith("234.") || m.destinationIp().endsWith(".255")) {
            return null;
        }
        return a.devices().stream().filter(d -> d.usedAddress(m.destinationIp())).findFirst().orElse(null);
    }
}
