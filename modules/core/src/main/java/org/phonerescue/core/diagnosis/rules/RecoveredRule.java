package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.Role;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.session.SccpMessage;
import org.phonerescue.core.session.Sign;
import org.phonerescue.core.session.SipMessage;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.TransferProtocol;

/**
 * The phone runs its application firmware after its last image download, and nothing later
 * shows it back in its loader. Field notes §1: "the reliable sign of success is the phone
 * booting to its normal screen (on the wire: normal firmware behaviour such as DHCP, SIP
 * registration, provisioning requests)".
 */
public final class RecoveredRule implements Rule {

    @Override
    public String id() {
        return "recovered";
    }

    @Override
    public String title() {
        return "Phone recovered";
    }

    @Override
    public Severity severity() {
        return Severity.INFO;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        for (Device d : a.devices()) {
            if (d.role() != Role.PHONE) {
                continue;
            }
            List<FileTransfer> images = PhoneSigns.completedImages(a, d);
            FileTransfer last = images.isEmpty() ? null : images.get(images.size() - 1);
            // without a download seen, only SIP or SCCP proves the firmware works (field notes §1, §3)
            List<Sign> signs = PhoneSigns.application(a, d).stream()
                    .filter(s -> last != null || s.kind() == Sign.Kind.REGISTRATION).toList();
            Sign running = PhoneSigns.firstAfter(signs, last == null ? 0 : last.lastFrame());
            if (running == null) {
                continue;
            }
            List<Sign> restarts = PhoneSigns.merged(PhoneSigns.recovery(a, d),
                    last == null ? List.of() : PhoneSigns.requestedAgain(a, d, last));
            if (PhoneSigns.firstAfter(restarts, running.frame()) != null) {
                continue; // back in its loader afterwards: not recovered
            }
            String explanation;
            List<Long> evidence = new ArrayList<>(List.of(running.frame()));
            if (last != null) {
                explanation = "The phone downloaded " + last.file() + " completely"
                        + (last.protocol() != TransferProtocol.TFTP ? " by " + last.protocol().name() : "") + " ("
                        + FindingText.bytes(last.bytes())
                        + ", frames " + last.firstFrame() + "–" + last.lastFrame() + "), then " + running.what()
                        + " (frame " + running.frame() + "): it booted its firmware. Nothing later shows it back in "
                        + "recovery mode.";
                evidence.add(last.requestFrame());
                evidence.add(last.lastFrame());
            } else {
                explanation = "The phone runs its application firmware: it " + running.what() + " (frame "
                        + running.frame() + "), and nothing shows it in recovery mode afterwards.";
            }
            String remedy = "Nothing to recover. If the phone still misbehaves, look at its provisioning (configuration "
                    + "server, SIP account) rather than at the firmware.";
            Line line = line(a, d, running.frame());
            if (line != null) {
                line.evidence().stream().filter(f -> !evidence.contains(f)).forEach(evidence::add);
                explanation += " " + line.explanation();
                if (line.problem() != null) {
                    remedy = "Nothing to recover: the firmware runs. The line does not: " + line.problem()
                            + " A reset or recovery erases the phone's settings, so its account must be provisioned "
                            + "again (configuration server or the phone's web page).";
                }
            }
            out.add(finding(d.key(), last != null ? 95 : 60, explanation, remedy, evidence,
                    last != null ? last.requestFrame() : -1));
        }
        return out;
    }

    /**
     * What the capture shows of the phone's line from its first sign of running firmware on: a
     * sentence for the explanation, the frames it cites, and what is wrong with the line (null
     * when the registration was accepted).
     */
    record Line(String explanation, List<Long> evidence, String problem) {
    }

    /**
     * The last answer to the phone's registration from frame {@code from} on: a final SIP
     * response to a REGISTER (RFC 3261 §10.3: 2xx accepts the binding; a 401 or 407 the phone
     * answered with a new REGISTER does not count) or an SCCP RegisterAck / RegisterReject. With
     * no SIP response to a REGISTER at all, two or more REGISTERs of the phone (it repeats an
     * unanswered request, RFC 3261 §17.1.2.2) tell that nothing answers; one alone, whose answer
     * the capture may just miss, tells nothing. Null when the capture says nothing of the line.
     */
    static Line line(CaptureAnalysis a, Device d, long from) {
        Line line = null;
        long answered = from - 1;
        boolean challenged = false;
        boolean anyResponse = false;
        List<SipMessage> registers = new ArrayList<>();
        for (SipMessage m : a.sip()) {
            if (m.frame() < from) {
                continue;
            }
            if (m.isRequest() && "REGISTER".equals(m.method()) && PhoneSigns.sentBy(d, m.senderMac(), m.senderIp())) {
                registers.add(m);
                if (challenged) {
                    // the phone answered the challenge (RFC 3261 §22.2): the 401 or 407 was not the last word
                    line = null;
                    answered = from - 1;
                    challenged = false;
                }
            }
            if (m.isRequest() || !"REGISTER".equals(m.cseqMethod()) || !PhoneSigns.sentTo(d, m.receiverIp())) {
                continue;
            }
            anyResponse = true;
            if (m.finalRegisterResponse()) {
                int s = m.status();
                challenged = s == 401 || s == 407;
                answered = m.frame();
                line = answer(m.frame(), m.senderIp(), s < 300, "The registrar", "SIP " + m.statusLine(),
                        challenged ? "the registrar still asks for authentication after the phone answered its "
                                + "challenge (RFC 3261 §22): the user name or password the phone has is wrong."
                        : s == 403 || s == 404 ? "the registrar does not know or does not allow the phone's account "
                                + "(user name, domain)."
                        : "the registrar refuses the registration; its status " + m.statusLine() + " says why.");
            }
        }
        for (SccpMessage m : a.sccp()) {
            if (m.frame() > answered && m.kind() != SccpMessage.Kind.REGISTER && PhoneSigns.sentTo(d, m.receiverIp())) {
                boolean ack = m.kind() == SccpMessage.Kind.REGISTER_ACK;
                answered = m.frame();
                line = answer(m.frame(), m.senderIp(), ack, "The call manager", ack ? "SCCP RegisterAck"
                        : "SCCP RegisterReject" + (m.reason() != null && !m.reason().isBlank() ? " \"" + m.reason() + "\"" : ""),
                        "the call manager rejects the phone: add its device (SEP followed by its MAC) there, or allow "
                                + "auto-registration.");
            }
        }
        if (line == null && !anyResponse && registers.size() >= 2) {
            SipMessage last = registers.get(registers.size() - 1);
            line = new Line("Nothing answered its registration, though: " + registers.size() + " REGISTERs to "
                    + last.receiverIp() + ", the last in frame " + last.frame() + ", and no SIP response.",
                    registers.stream().map(SipMessage::frame).toList(), "no registrar answers at " + last.receiverIp()
                    + ". Check the registrar (or outbound proxy) address the phone is given, that the registrar runs, "
                    + "and that no firewall drops UDP 5060.");
        }
        return line;
    }

    /** The registrar's or call manager's answer: accepted, or refused with what is wrong. */
    private static Line answer(long frame, String from, boolean accepted, String by, String what, String problem) {
        return accepted ? new Line(by + " accepted its registration (" + what + ", frame " + frame + ").",
                List.of(frame), null)
                : new Line("Its registration was refused, though: " + what + " from " + from + " (frame " + frame + ").",
                        List.of(frame), problem);
    }
}
