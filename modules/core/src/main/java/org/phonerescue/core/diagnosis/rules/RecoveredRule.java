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
            Answer answer = registrationAnswer(a, d, running.frame());
            String remedy = "Nothing to recover. If the phone still misbehaves, look at its provisioning (configuration "
                    + "server, SIP account) rather than at the firmware.";
            if (answer != null) {
                evidence.add(answer.frame());
                explanation += answer.accepted() ? " " + answer.by() + " accepted its registration (" + answer.what()
                        + ", frame " + answer.frame() + ")."
                        : " Its registration was refused, though: " + answer.what() + " from " + answer.from()
                        + " (frame " + answer.frame() + ").";
                if (!answer.accepted()) {
                    remedy = "Nothing to recover: the firmware runs. The line does not: " + answer.remedy()
                            + " A reset or recovery erases the phone's settings, so its account must be provisioned "
                            + "again (configuration server or the phone's web page).";
                }
            } else {
                List<SipMessage> unanswered = unansweredRegisters(a, d, running.frame() - 1);
                if (unanswered.size() >= 2) {
                    SipMessage lastRegister = unanswered.get(unanswered.size() - 1);
                    unanswered.stream().map(SipMessage::frame).filter(f -> !evidence.contains(f)).forEach(evidence::add);
                    explanation += " Nothing answered its registration, though: " + unanswered.size()
                            + " REGISTERs to " + lastRegister.receiverIp() + ", the last in frame "
                            + lastRegister.frame() + ", and no SIP response.";
                    remedy = "Nothing to recover: the firmware runs. The line does not: no registrar answers at "
                            + lastRegister.receiverIp() + ". Check the registrar (or outbound proxy) address the phone "
                            + "is given, that the registrar runs, and that no firewall drops UDP 5060. A reset or "
                            + "recovery erases the phone's settings, so its account must be provisioned again.";
                }
            }
            out.add(finding(d.key(), last != null ? 95 : 60, explanation, remedy, evidence,
                    last != null ? last.requestFrame() : -1));
        }
        return out;
    }

    /**
     * The last answer to the phone's registration after {@code after}: a final SIP response to a
     * REGISTER (RFC 3261 §10.3: 2xx accepts the binding) or an SCCP RegisterAck / RegisterReject;
     * a 401 or 407 the phone answered with a new REGISTER does not count. Null when none.
     */
    record Answer(long frame, String from, boolean accepted, String by, String what, String remedy) {
    }

    static Answer registrationAnswer(CaptureAnalysis a, Device d, long after) {
        Answer answer = null;
        boolean challenged = false;
        for (SipMessage m : a.sip()) {
            if (challenged && m.isRequest() && "REGISTER".equals(m.method())
                    && PhoneSigns.sentBy(d, m.senderMac(), m.senderIp())) {
                // the phone answered the challenge (RFC 3261 §22.2): the 401 or 407 was not the last word
                answer = null;
                challenged = false;
            }
            if (m.frame() > after && m.finalRegisterResponse() && m.receiverIp() != null && d.usedAddress(m.receiverIp())) {
                challenged = m.status() == 401 || m.status() == 407;
                int s = m.status();
                answer = new Answer(m.frame(), m.senderIp(), s < 300, "The registrar", "SIP " + m.statusLine(),
                        s == 401 || s == 407 ? "the registrar still asks for authentication after the phone answered "
                                + "its challenge (RFC 3261 §22): the user name or password the phone has is wrong."
                        : s == 403 || s == 404 ? "the registrar does not know or does not allow the phone's account "
                                + "(user name, domain)."
                        : "the registrar refuses the registration; its status " + m.statusLine() + " says why.");
            }
        }
        for (SccpMessage m : a.sccp()) {
            if (m.frame() > answerFrame(answer, after) && m.kind() != SccpMessage.Kind.REGISTER && m.receiverIp() != null
                    && d.usedAddress(m.receiverIp())) {
                boolean ack = m.kind() == SccpMessage.Kind.REGISTER_ACK;
                answer = new Answer(m.frame(), m.senderIp(), ack, "The call manager", ack ? "SCCP RegisterAck"
                        : "SCCP RegisterReject" + (m.reason() != null && !m.reason().isBlank() ? " \"" + m.reason() + "\"" : ""),
                        "the call manager rejects the phone: add its device (SEP followed by its MAC) there, or allow "
                                + "auto-registration.");
            }
        }
        return answer;
    }

    /**
     * The REGISTERs the phone sent after {@code after} when no SIP response to a REGISTER came to
     * it at all (a phone repeats an unanswered request, RFC 3261 §17.1.2.2); else none.
     */
    static List<SipMessage> unansweredRegisters(CaptureAnalysis a, Device d, long after) {
        List<SipMessage> registers = new ArrayList<>();
        for (SipMessage m : a.sip()) {
            if (m.frame() <= after) {
                continue;
            }
            if (!m.isRequest() && "REGISTER".equals(m.cseqMethod()) && m.receiverIp() != null
                    && d.usedAddress(m.receiverIp())) {
                return List.of();
            }
            if (m.isRequest() && "REGISTER".equals(m.method()) && PhoneSigns.sentBy(d, m.senderMac(), m.senderIp())) {
                registers.add(m);
            }
        }
        return registers;
    }

    private static long answerFrame(Answer answer, long after) {
        return answer == null ? after : answer.frame();
    }
}
