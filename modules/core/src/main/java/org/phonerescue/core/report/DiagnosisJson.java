package org.phonerescue.core.report;

import java.util.List;
import java.util.Map;
import org.phonerescue.core.device.AddressUse;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.DeviceHint;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Verdict;
import org.phonerescue.core.pcap.TimestampFormat;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.RecoveryAttempt;
import org.phonerescue.core.session.RecoveryAttempts;
import org.phonerescue.core.session.RecoveryPhase;
import org.phonerescue.core.session.Timeline;
import org.phonerescue.core.session.TimelineEvent;
import org.phonerescue.core.transfer.ByteRange;
import org.phonerescue.core.transfer.FailedConnection;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.FtpTransfer;
import org.phonerescue.core.transfer.HttpTransfer;
import org.phonerescue.core.transfer.TcpAnalysis;
import org.phonerescue.core.transfer.TftpTransfer;

/**
 * The diagnosis as JSON (the form is documented in the README, "phonerescue diagnose"): every
 * device with its verdict and findings ordered by likelihood, every transfer, and the findings
 * that concern no single device. Member names are snake_case and stable.
 */
public final class DiagnosisJson {

    /** Version of the JSON form; raised when a member changes meaning or is removed. */
    public static final int FORMAT = 1;
    /** Timeline events listed per device; a flood is cut here (the count says so). */
    static final int MAX_EVENTS = 1000;

    private DiagnosisJson() {
    }

    public static String render(String file, CaptureAnalysis a, Diagnosis d) {
        StringBuilder sb = new StringBuilder(4096);
        JsonWriter w = new JsonWriter(sb);
        w.beginObject();
        w.member("format", FORMAT);
        w.member("file", file);
        w.member("packets", a.packets());
        w.name("first_time").value(time(a.firstTime()));
        w.name("last_time").value(time(a.lastTime()));
        w.name("warnings").beginArray();
        a.warnings().forEach(w::value);
        w.endArray();
        w.member("damaged", a.damaged());
        w.name("devices").beginArray();
        for (Device dev : a.devices()) {
            Verdict v = d.verdict(dev.key());
            device(w, a, dev, v == null ? List.of() : v.findings());
        }
        w.endArray();
        w.name("transfers").beginArray();
        for (FileTransfer t : a.fileTransfers()) {
            transfer(w, t);
        }
        w.endArray();
        w.name("failed_connections").beginArray();
        a.failedConnections().forEach(c -> failedConnection(w, c));
        w.endArray();
        w.name("findings").beginArray();
        d.general().forEach(f -> finding(w, f));
        w.endArray();
        w.endObject();
        return sb.append('\n').toString();
    }

    /** Seconds since 1970 with nine decimals, as tshark prints frame.time_epoch; null without a time. */
    static String time(long nanos) {
        return nanos == Long.MIN_VALUE ? null
                : TimestampFormat.epoch(Math.floorDiv(nanos, 1_000_000_000L), (int) Math.floorMod(nanos, 1_000_000_000L));
    }

    private static void device(JsonWriter w, CaptureAnalysis a, Device d, List<Finding> findings) {
        w.beginObject();
        w.member("mac", d.mac());
        w.name("ips").beginArray();
        d.addresses().forEach(w::value);
        w.endArray();
        w.name("addresses").beginArray();
        for (AddressUse u : d.ips()) {
            w.beginObject().member("ip", u.ip()).member("how", u.how()).member("sent", u.sent())
                    .member("first_frame", u.firstFrame()).member("last_frame", u.lastFrame()).endObject();
        }
        w.endArray();
        w.member("vendor", d.vendor());
        w.member("role", d.role().label());
        w.member("role_reason", d.roleReason());
        w.member("packets", d.packets());
        w.name("hints").beginArray();
        for (DeviceHint h : d.hints()) {
            w.beginObject().member("kind", h.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                    .member("value", h.value()).member("frame", h.frame()).endObject();
        }
        w.endArray();
        w.member("verdict", findings.isEmpty() ? null : findings.get(0).rule());
        w.name("findings").beginArray();
        findings.forEach(f -> finding(w, f));
        w.endArray();
        w.name("transfers").beginArray();
        for (FileTransfer t : a.fileTransfersOf(d)) {
            transfer(w, t);
        }
        w.endArray();
        w.name("failed_connections").beginArray();
        a.failedConnectionsOf(d).forEach(c -> failedConnection(w, c));
        w.endArray();
        List<TimelineEvent> events = Timeline.of(a, d);
        w.name("attempts").beginArray();
        for (RecoveryAttempt attempt : RecoveryAttempts.of(a, d, events)) {
            attempt(w, attempt);
        }
        w.endArray();
        w.member("timeline_events", events.size());
        w.name("timeline").beginArray();
        for (TimelineEvent e : events.subList(0, Math.min(events.size(), MAX_EVENTS))) {
            w.beginObject().member("frame", e.frame()).member("time", time(e.time())).member("kind", e.kind().label())
                    .member("text", e.text());
            w.name("transfer");
            if (e.transfer() > 0) {
                w.value(e.transfer());
            } else {
                w.nullValue();
            }
            w.endObject();
        }
        w.endArray();
        w.endObject();
    }

    private static void attempt(JsonWriter w, RecoveryAttempt attempt) {
        w.beginObject().member("number", attempt.number()).member("outcome", attempt.outcome().label())
                .member("first_frame", attempt.firstFrame()).member("last_frame", attempt.lastFrame());
        w.name("phases").beginArray();
        for (RecoveryPhase p : attempt.phases()) {
            w.beginObject().member("kind", p.kind().label()).member("first_frame", p.firstFrame())
                    .member("last_frame", p.lastFrame()).name("seconds").value(p.seconds());
            w.name("details").beginArray();
            p.details().forEach(w::value);
            w.endArray().endObject();
        }
        w.endArray().endObject();
    }

    private static void finding(JsonWriter w, Finding f) {
        w.beginObject();
        w.member("rule", f.rule());
        w.member("severity", f.severity().label());
        w.member("title", f.title());
        w.member("explanation", f.explanation());
        w.member("remedy", f.remedy());
        w.name("evidence").beginArray();
        f.evidence().forEach(w::value);
        w.endArray();
        w.member("likelihood", f.likelihood());
        w.name("transfer");
        if (f.transfer() > 0) {
            w.value(f.transfer());
        } else {
            w.nullValue();
        }
        w.member("device", f.device());
        w.endObject();
    }

    private static void transfer(JsonWriter w, FileTransfer t) {
        if (t instanceof TftpTransfer tftp) {
            transfer(w, tftp);
        } else {
            overTcp(w, t);
        }
    }

    /**
     * An HTTP or FTP transfer: the members every transfer has, then its protocol's own under
     * "http" or "ftp"; the repeats are the TCP segments of the data direction that the decoder's
     * analysis flags. The TFTP-only members (blocks, options, ICMP errors) are left out.
     */
    private static void overTcp(JsonWriter w, FileTransfer t) {
        w.beginObject();
        head(w, t, t.server().toString());
        w.name("error");
        if (t.errorCode() >= 0 || t.errorMessage() != null) {
            w.beginObject().name("code");
            if (t.errorCode() >= 0) {
                w.value(t.errorCode());
            } else {
                w.nullValue();
            }
            w.member("message", t.errorMessage()).member("frame", t.errorFrame()).member("from_client", false)
                    .endObject();
        } else {
            w.nullValue();
        }
        w.member("bytes", t.bytes());
        optional(w, "expected_size", t.expectedSize());
        TcpAnalysis tcp = t.tcp();
        w.member("retransmissions", tcp.retransmissions());
        w.member("out_of_order", tcp.outOfOrder());
        w.member("duplicate_acks", tcp.duplicateAcks());
        w.name("frames").beginObject().member("first", t.firstFrame()).member("last", t.lastFrame()).endObject();
        w.name("seconds").value(t.seconds());
        w.name("seconds_to_first_data").value(t.secondsToFirstData() < 0 ? Double.NaN : t.secondsToFirstData());
        w.name("throughput").value(t.throughput() < 0 ? Double.NaN : t.throughput());
        content(w, t);
        if (t instanceof HttpTransfer h) {
            w.name("http").beginObject();
            w.member("method", h.method());
            w.member("host", h.host());
            optional(w, "status", h.statusCode());
            w.member("reason", h.reasonPhrase());
            optional(w, "response_frame", h.responseFrame());
            w.member("content_type", h.contentType());
            optional(w, "content_length", h.contentLength());
            w.member("chunked", h.chunked());
            w.member("content_range", h.contentRange());
            w.name("range");
            ByteRange r = h.range();
            if (r != null) {
                w.beginObject().member("first", r.first()).member("last", r.last());
                optional(w, "total", r.total());
                w.endObject();
            } else {
                w.nullValue();
            }
            w.member("stream", h.stream());
            w.endObject();
        } else if (t instanceof FtpTransfer f) {
            w.name("ftp").beginObject();
            w.member("command", f.command());
            w.member("directory", f.directory());
            w.member("control_stream", f.controlStream());
            w.member("setup", f.setupMethod());
            optional(w, "setup_frame", f.setupFrame());
            optional(w, "data_stream", f.dataStream());
            w.member("data_from", f.dataSource() == null ? null : f.dataSource().toString());
            w.member("data_to", f.dataDestination() == null ? null : f.dataDestination().toString());
            optional(w, "reply_code", f.replyCode());
            w.member("reply", f.replyText());
            optional(w, "reply_frame", f.replyFrame());
            w.endObject();
        }
        w.endObject();
    }

    /** A TCP connection to an HTTP or FTP server that never came up. */
    private static void failedConnection(JsonWriter w, FailedConnection c) {
        w.beginObject();
        w.member("service", c.service().toLowerCase(java.util.Locale.ROOT));
        w.member("protocol", c.protocol().label());
        w.member("client", c.client().toString());
        w.member("client_mac", c.clientMac());
        w.member("server", c.server().toString());
        w.member("failure", c.failure().label());
        w.member("syns", c.syns());
        w.name("syn_frames").beginArray();
        c.synFrames().forEach(w::value);
        w.endArray();
        optional(w, "reset_frame", c.resetFrame());
        w.name("icmp_errors").beginArray();
        c.icmpErrors().forEach(e -> w.beginObject().member("frame", e.frame()).member("from", e.from())
                .member("version", e.version()).member("type", e.type()).member("code", e.code())
                .member("reason", e.reason()).endObject());
        w.endArray();
        w.name("frames").beginObject().member("first", c.firstFrame()).member("last", c.lastFrame()).endObject();
        w.name("seconds").value(c.seconds());
        optional(w, "connected_later", c.connectedLater());
        w.member("text", c.describe());
        w.endObject();
    }

    /** A number, or null when it is negative (unknown). */
    private static void optional(JsonWriter w, String name, long value) {
        w.name(name);
        if (value >= 0) {
            w.value(value);
        } else {
            w.nullValue();
        }
    }

    private static void transfer(JsonWriter w, TftpTransfer t) {
        w.beginObject();
        head(w, t, t.requestedServer().toString());
        w.name("error");
        if (t.errorCode() >= 0) {
            w.beginObject().member("code", t.errorCode()).member("message", t.errorMessage())
                    .member("frame", t.errorFrame()).member("from_client", t.errorFromClient()).endObject();
        } else {
            w.nullValue();
        }
        w.member("bytes", t.bytes());
        w.member("blocks", t.blocks());
        w.member("block_size", t.blockSize());
        optional(w, "expected_size", t.expectedSize());
        options(w, "requested_options", t.requestedOptions());
        options(w, "options", t.options());
        w.member("requests", t.requests().count());
        w.name("request_frames").beginArray();
        t.requests().frames().forEach(w::value);
        w.endArray();
        w.member("retransmissions", t.retransmissions());
        w.member("retransmitted_after_ack", t.retransmittedAfterAck());
        w.member("duplicate_acks", t.duplicateAcks());
        w.member("gaps", t.gaps());
        w.name("frames").beginObject().member("first", t.firstFrame()).member("last", t.lastFrame()).endObject();
        w.name("seconds").value(t.seconds());
        w.name("seconds_to_first_data").value(t.secondsToFirstData() < 0 ? Double.NaN : t.secondsToFirstData());
        w.name("longest_pause").value(t.longestSilence() / 1e9);
        w.name("throughput").value(t.throughput() < 0 ? Double.NaN : t.throughput());
        w.name("icmp_errors").beginArray();
        t.unreachables().forEach(u -> w.beginObject().member("frame", u.frame()).member("from", u.from())
                .member("code", u.code()).endObject());
        w.endArray();
        w.member("icmp_error_count", t.unreachableCount());
        content(w, t);
        w.endObject();
    }

    /** The members every transfer starts with, TFTP or over TCP, in this order. */
    private static void head(JsonWriter w, FileTransfer t, String requestedServer) {
        w.member("protocol", t.protocol().label());
        w.member("request_frame", t.requestFrame());
        w.member("file", t.file());
        w.member("direction", t.read() ? "read" : "write");
        w.member("client", t.client().toString());
        w.member("client_mac", t.clientMac());
        w.member("requested_server", requestedServer);
        w.member("server", t.server() == null ? null : t.server().toString());
        w.member("server_mac", t.serverMac());
        w.member("outcome", t.outcome().label());
    }

    /** The file's content as reassembled: its SHA-256, how much of it, whether all. */
    private static void content(JsonWriter w, FileTransfer t) {
        w.member("sha256", t.content() == null ? null : t.content().sha256());
        w.member("content_bytes", t.content() == null ? 0 : t.content().size());
        w.member("content_complete", t.content() != null && t.content().complete());
    }

    private static void options(JsonWriter w, String name, Map<String, String> options) {
        w.name(name).beginObject();
        options.forEach((k, v) -> w.member(k, v));
        w.endObject();
    }
}
