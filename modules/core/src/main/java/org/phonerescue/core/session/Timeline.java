package org.phonerescue.core.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.transfer.FailedConnection;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.FtpTransfer;
import org.phonerescue.core.transfer.HttpTransfer;
import org.phonerescue.core.transfer.TftpTransfer;
import org.phonerescue.core.transfer.TransferOutcome;
import org.phonerescue.core.transfer.Unreachable;

/**
 * A phone's recovery as a time-ordered list of typed events with their frames: the DHCP
 * messages for its MAC, its ARP requests for an address nobody answers for, the SPA recovery exchange it takes part in, its transfers' requests and
 * ends, ICMP errors about them, its connections to HTTP and FTP servers that never came up, its
 * SIP requests and its SCCP registration.
 */
public final class Timeline {

    private Timeline() {
    }

    public static List<TimelineEvent> of(CaptureAnalysis a, Device d) {
        List<TimelineEvent> out = new ArrayList<>();
        for (DhcpMessage m : a.dhcp()) {
            if (d.mac() != null && d.mac().equals(m.clientMac())) {
                out.add(new TimelineEvent(m.frame(), m.time(), TimelineEvent.Kind.DHCP, dhcp(m), -1));
            }
        }
        for (UnansweredArp u : a.unansweredArp()) {
            if (d.mac() != null && d.mac().equals(u.askerMac()) && u.repeated()) {
                arp(out, u);
            }
        }
        boolean spaPhone = a.spa().stream().anyMatch(m -> m.fromPhone() && PhoneSigns.sentBy(d, m.senderMac(), m.senderIp()));
        for (SpaMessage m : a.spa()) {
            boolean mine = PhoneSigns.sentBy(d, m.senderMac(), m.senderIp());
            // the tool's frames go to the group: they belong to every phone that answers the protocol
            if (mine && m.fromPhone() || spaPhone && !m.fromPhone()) {
                out.add(new TimelineEvent(m.frame(), m.time(), TimelineEvent.Kind.SPA, spa(m), -1));
            }
        }
        for (TftpTransfer t : a.transfersOf(d)) {
            out.add(new TimelineEvent(t.requestFrame(), t.startTime(), TimelineEvent.Kind.TFTP_REQUEST,
                    (t.read() ? "requests " : "sends ") + t.file() + " from " + t.requestedServer()
                            + (t.requests().count() > 1 ? " (" + t.requests().count() + " times)" : "")
                            + (t.unreachableCount() > t.unreachables().size() ? "; " + t.unreachableCount()
                            + " ICMP errors quote it, the first and the last listed" : ""),
                    t.requestFrame()));
            for (Unreachable u : t.unreachables()) { // those kept: the first and the last
                out.add(new TimelineEvent(u.frame(), Long.MIN_VALUE, TimelineEvent.Kind.ICMP, u.describe(),
                        t.requestFrame()));
            }
            if (t.lastFrame() > t.requestFrame() || t.outcome() != org.phonerescue.core.transfer.TransferOutcome.CAPTURE_ENDED) {
                out.add(new TimelineEvent(t.lastFrame(), t.endTime(), TimelineEvent.Kind.TFTP_END, end(t),
                        t.requestFrame()));
            }
        }
        for (FileTransfer t : a.tcpTransfers()) {
            if (!d.equals(a.client(t))) {
                continue;
            }
            boolean http = t instanceof HttpTransfer;
            String verb = t instanceof HttpTransfer h ? h.method() + " " : ((FtpTransfer) t).command() + " ";
            out.add(new TimelineEvent(t.requestFrame(), t.startTime(), http ? TimelineEvent.Kind.HTTP_REQUEST
                    : TimelineEvent.Kind.FTP_REQUEST, (http ? "HTTP " : "FTP ") + verb + t.file() + " from " + t.server(),
                    t.requestFrame()));
            if (t.lastFrame() > t.requestFrame() || t.outcome() != TransferOutcome.CAPTURE_ENDED) {
                out.add(new TimelineEvent(t.lastFrame(), t.endTime(), http ? TimelineEvent.Kind.HTTP_END
                        : TimelineEvent.Kind.FTP_END, end(t), t.requestFrame()));
            }
        }
        for (FailedConnection c : a.failedConnectionsOf(d)) {
            out.add(new TimelineEvent(c.firstFrame(), c.startTime(), TimelineEvent.Kind.CONNECTION_FAILED, c.describe(),
                    -1));
        }
        for (SipMessage m : a.sip()) {
            if (m.isRequest() && PhoneSigns.sentBy(d, m.senderMac(), m.senderIp())) {
                out.add(new TimelineEvent(m.frame(), m.time(), TimelineEvent.Kind.SIP, "SIP " + m.method()
                        + (m.userAgent() != null ? " (" + m.userAgent() + ")" : ""), -1));
            } else if (m.finalRegisterResponse() && PhoneSigns.sentTo(d, m.receiverIp())) {
                out.add(new TimelineEvent(m.frame(), m.time(), TimelineEvent.Kind.SIP, "SIP " + m.statusLine()
                        + " from " + m.senderIp() + " to its REGISTER", -1));
            }
        }
        for (SccpMessage m : a.sccp()) {
            if (m.kind() == SccpMessage.Kind.REGISTER ? PhoneSigns.sentBy(d, m.senderMac(), m.senderIp())
                    : PhoneSigns.sentTo(d, m.receiverIp())) {
                out.add(new TimelineEvent(m.frame(), m.time(), TimelineEvent.Kind.SCCP, sccp(m), -1));
            }
        }
        out.sort(Comparator.comparingLong(TimelineEvent::frame).thenComparing(TimelineEvent::kind));
        return out;
    }

    /** The first and the last of the requests for an address nobody answers for. */
    private static void arp(List<TimelineEvent> out, UnansweredArp u) {
        List<Long> frames = u.requests().frames();
        List<Long> times = u.requests().times();
        String who = "ARP: who has " + u.targetIp() + "? (from " + u.askerIp() + ")";
        out.add(new TimelineEvent(frames.get(0), times.get(0), TimelineEvent.Kind.ARP, who + ", first of "
                + u.requests().count() + " requests nothing answers", -1));
        int last = frames.size() - 1;
        out.add(new TimelineEvent(frames.get(last), times.get(last), TimelineEvent.Kind.ARP, who
                + ", still unanswered at the last request", -1));
    }

    private static String sccp(SccpMessage m) {
        return switch (m.kind()) {
            case REGISTER -> "SCCP RegisterReq" + (m.deviceName() != null ? " as " + m.deviceName() : "") + " to "
                    + m.receiverIp();
            case REGISTER_ACK -> "SCCP RegisterAck from " + m.senderIp();
            case REGISTER_REJECT -> "SCCP RegisterReject from " + m.senderIp()
                    + (m.reason() != null && !m.reason().isBlank() ? ": " + m.reason() : "");
        };
    }

    private static String dhcp(DhcpMessage m) {
        StringBuilder sb = new StringBuilder("DHCP ").append(m.typeName());
        if (m.fromServer()) {
            sb.append(" from ").append(m.server());
            if (m.yourIp() != null) {
                sb.append(", address ").append(m.yourIp());
            }
            if (!m.tftpServers().isEmpty()) {
                sb.append(", option 150 ").append(String.join(" ", m.tftpServers()));
            }
            if (m.tftpServerName() != null) {
                sb.append(", option 66 ").append(m.tftpServerName());
            }
        } else if (m.vendorClass() != null) {
            sb.append(", vendor class '").append(m.vendorClass()).append('\'');
        }
        return sb.toString();
    }

    private static String spa(SpaMessage m) {
        return switch (m.kind()) {
            case REQUEST -> "SPA Request from the tool, serial " + m.serial();
            case REPLY -> "SPA Reply" + (m.product() != null ? ": " + m.product() + ", loader " + m.loaderVersion() : "");
            case UPGRADE -> "SPA Upgrade: fetch " + m.file();
            case UPGRADE_ACK -> "SPA Upgrade acknowledged: " + m.file();
            case OTHER -> "SPA frame";
        };
    }

    private static String end(TftpTransfer t) {
        String what = t.file() + " " + t.outcome().label().replace('-', ' ');
        if (t.errorCode() >= 0) {
            what += " (ERROR " + t.errorCode() + (t.errorMessage() != null ? " " + t.errorMessage() : "") + ")";
        }
        return what + ", " + t.bytes() + " bytes in " + t.blocks() + " blocks";
    }

    /** How an HTTP or FTP transfer ended, e.g. "snom370-r.bin error (HTTP 404 Not Found), 0 bytes". */
    private static String end(FileTransfer t) {
        String what = t.file() + " " + t.outcome().label().replace('-', ' ');
        if (t.errorCode() >= 0) {
            what += " (" + t.protocol().name() + " " + t.errorCode()
                    + (t.errorMessage() != null ? " " + t.errorMessage() : "") + ")";
        } else if (t.errorMessage() != null) {
            what += " (" + t.errorMessage() + ")";
        }
        return what + ", " + t.bytes() + " bytes" + (t.expectedSize() >= 0 ? " of " + t.expectedSize() : "");
    }
}
