package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.protocol.spa.SpaFrame;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.SpaMessage;

/**
 * The recovery tool's Requests get no Reply (spa-recovery-protocol.md "Failure modes": serial
 * mismatch, wrong source port or length, multicast not delivered, loader busy with its URL
 * attempts). The loader answers at once when it answers at all, so a Request with no Reply
 * within {@link #WINDOW_NANOS} and none later in the capture went unheard. What the capture
 * shows of the Requests themselves is named as the cause, with their frames: a source port other
 * than 4811, a length other than 160 bytes, an 802.1Q tag ("Transport": the loader reads the
 * payload at a fixed offset and has no VLAN support), a serial other than the wildcard ("Frames").
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
        // what the loader checks before it answers (spa-recovery-protocol.md "Transport", "Frames"),
        // each with the Requests that fail it; a check every Request fails is the cause
        List<String> causes = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        boolean certain = false;
        List<SpaMessage> wrongPort = unanswered.stream()
                .filter(m -> m.sourcePort() >= 0 && m.sourcePort() != SpaFrame.TOOL_PORT).toList();
        if (!wrongPort.isEmpty()) {
            causes.add(some(wrongPort, unanswered) + " sent from UDP port " + ports(wrongPort) + ", and the loader "
                    + "accepts only frames from port 4811");
            fixes.add("Send the Requests from UDP port 4811: the vendor's tool does; a script or other tool must bind "
                    + "its socket to that port.");
            certain |= wrongPort.size() == unanswered.size();
        }
        List<SpaMessage> wrongLength = unanswered.stream()
                .filter(m -> m.length() >= 0 && m.length() != SpaFrame.TOOL_FRAME_LENGTH).toList();
        if (!wrongLength.isEmpty()) {
            causes.add(some(wrongLength, unanswered) + " " + lengths(wrongLength) + " long, and the loader drops tool "
                    + "frames that are not 160 bytes");
            fixes.add("Send Requests of exactly 160 bytes.");
            certain |= wrongLength.size() == unanswered.size();
        }
        List<SpaMessage> tagged = unanswered.stream().filter(m -> m.vlan() >= 0).toList();
        if (!tagged.isEmpty()) {
            causes.add(some(tagged, unanswered) + " tagged for VLAN " + vlans(tagged) + " (802.1Q), and the loader "
                    + "reads its frames at a fixed offset and does not understand tagged ones: if they reach the "
                    + "phone with the tag, it drops them");
            fixes.add("Get the Requests to the phone untagged: send them from the PC's plain (untagged) interface, "
                    + "not a VLAN one, and put the phone's switch port in the PC's VLAN as an access port, or "
                    + "connect the phone straight to the PC.");
        }
        List<SpaMessage> otherSerial = unanswered.stream()
                .filter(m -> m.serial() != null && !m.serial().equals(SpaFrame.WILDCARD_SERIAL)).toList();
        if (!otherSerial.isEmpty()) {
            causes.add(some(otherSerial, unanswered) + " for serial " + serials(otherSerial) + ", and only the phone "
                    + "with exactly that serial (case-sensitive) answers; FFFFFFFFFFFF reaches any phone");
            fixes.add("Use the wildcard serial FFFFFFFFFFFF.");
        }
        if (!causes.isEmpty()) {
            why.append(" Here ").append(String.join("; and ", causes)).append('.');
        }
        if (otherSerial.isEmpty() && unanswered.stream().allMatch(m -> SpaFrame.WILDCARD_SERIAL.equals(m.serial()))) {
            why.append(" They asked for the wildcard serial FFFFFFFFFFFF, which any phone answers: the serial is not "
                    + "the cause.");
        }
        // the causes the capture cannot tell (spa-recovery-protocol.md "Failure modes")
        String rest = "Connect the phone and the PC to the same switch (or directly) with no VLAN or router between "
                + "them and no IGMP snooping dropping the group 234.4.8.10. The loader does not listen while it "
                + "tries its recovery URLs: power-cycle the phone and start the tool at once, while it waits for "
                + "the tool.";
        String remedy = fixes.isEmpty() ? rest : String.join(" ", fixes) + (certain ? " If a phone still does not "
                + "reply: c" + rest.substring(1) : " " + rest);
        Device phone = unicastTarget(a, first);
        Device tool = a.device(first.senderMac(), first.senderIp());
        String device = phone != null ? phone.key() : tool != null ? tool.key() : null;
        return List.of(finding(device, certain ? 95 : 85, why.toString(), remedy, frames, -1));
    }

    /** "the Request was", "all 4 Requests were", "2 of the 4 Requests (frames 3 and 5) were". */
    private static String some(List<SpaMessage> these, List<SpaMessage> all) {
        if (all.size() == 1) {
            return "the Request was";
        }
        if (these.size() == all.size()) {
            return "all " + all.size() + " Requests were";
        }
        return these.size() + " of the " + all.size() + " Requests ("
                + FindingText.frames(these.stream().map(SpaMessage::frame).toList()) + ") " + (these.size() == 1
                ? "was" : "were");
    }

    private static String ports(List<SpaMessage> m) {
        return distinct(m.stream().map(x -> String.valueOf(x.sourcePort())).toList());
    }

    private static String lengths(List<SpaMessage> m) {
        return distinct(m.stream().map(x -> String.valueOf(x.length())).toList()) + " bytes";
    }

    private static String vlans(List<SpaMessage> m) {
        return distinct(m.stream().map(x -> String.valueOf(x.vlan())).toList());
    }

    private static String serials(List<SpaMessage> m) {
        return distinct(m.stream().map(SpaMessage::serial).toList());
    }

    /** "5000", "5000 and 5001", "1, 2 and 3": the values, each once, in order of first use. */
    private static String distinct(List<String> values) {
        List<String> v = values.stream().distinct().toList();
        return v.size() == 1 ? v.get(0) : String.join(", ", v.subList(0, v.size() - 1)) + " and " + v.get(v.size() - 1);
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
