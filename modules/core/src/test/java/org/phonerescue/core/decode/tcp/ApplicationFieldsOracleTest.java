package org.phonerescue.core.decode.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.phonerescue.core.decode.DecodedPacket;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.testing.SharedCaptures;
import org.phonerescue.core.testing.Tshark;

/**
 * The application protocols of the shared corpus against tshark, field by field: for each
 * protocol, every capture whose tshark oracle shows it is read by tshark with that protocol's
 * fields (which the oracle files do not hold) and by our decoder, and every value must agree,
 * but for the differences listed with their reasons in
 * {@code application-known-differences.tsv}. Also the Info column of every frame whose Protocol
 * column names one of these protocols, against the {@code .tshark.tsv} oracles.
 */
class ApplicationFieldsOracleTest {

    /** A protocol: which captures to read (by their oracle's Protocol column) and which fields. */
    record Family(String name, Predicate<String> protocol, List<String> fields) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> families() {
        return Stream.of(
                family("tcp", p -> p.equals("TCP") || p.startsWith("HTTP") || p.startsWith("TLS") || p.startsWith("FTP")
                        || p.equals("CIP") || p.equals("X11") || p.equals("MySQL") || p.equals("SSH"),
                        "tcp.stream", "tcp.len", "tcp.seq", "tcp.ack", "tcp.nxtseq", "tcp.window_size", "tcp.segment",
                        "tcp.segment.count", "tcp.reassembled.length", "tcp.analysis.retransmission",
                        "tcp.analysis.out_of_order", "tcp.analysis.lost_segment", "tcp.analysis.duplicate_ack",
                        "tcp.analysis.ack_lost_segment", "tcp.analysis.window_update", "tcp.options.mss_val",
                        "tcp.options.wscale.shift", "tcp.options.timestamp.tsval"),
                family("http", p -> p.startsWith("HTTP"), "http.request.method", "http.request.uri",
                        "http.request.version", "http.request.full_uri", "http.response.version", "http.response.code",
                        "http.response.code.desc", "http.response.phrase", "http.host", "http.user_agent",
                        "http.content_type", "http.content_length_header", "http.content_length", "http.server",
                        "http.date", "http.connection", "http.accept", "http.last_modified", "http.request.line",
                        "http.response.line", "http.request_in", "http.time", "http.response_for.uri",
                        "http.chunk_size", "mime_multipart.type", "mime_multipart.header.content-type"),
                family("ftp", p -> p.startsWith("FTP"), "ftp.request", "ftp.response", "ftp.request.command",
                        "ftp.request.arg", "ftp.response.code", "ftp.response.arg", "ftp.passive.ip",
                        "ftp.passive.port", "ftp.active.cip", "ftp.active.port", "ftp.epsv.port", "ftp.epsv.ip",
                        "ftp.current-working-directory", "ftp-data.setup-frame", "ftp-data.setup-method",
                        "ftp-data.command", "ftp-data.command-frame", "ftp-data.current-working-directory"),
                family("sip", p -> p.startsWith("SIP"), "sip.Method", "sip.r-uri", "sip.r-uri.user", "sip.r-uri.host",
                        "sip.r-uri.port", "sip.Status-Code", "sip.Status-Line", "sip.Request-Line", "sip.Via",
                        "sip.Via.transport", "sip.Via.sent-by.address", "sip.Via.sent-by.port", "sip.Via.branch",
                        "sip.From", "sip.from.addr", "sip.from.user", "sip.from.host", "sip.from.tag",
                        "sip.from.display.info", "sip.To", "sip.to.addr", "sip.to.tag", "sip.Call-ID", "sip.CSeq",
                        "sip.CSeq.seq", "sip.CSeq.method", "sip.Contact", "sip.contact.uri", "sip.contact.user",
                        "sip.contact.host", "sip.User-Agent", "sip.Content-Type", "sip.Content-Length",
                        "sip.Authorization", "sip.auth.scheme", "sip.auth.username", "sip.auth.realm",
                        "sip.auth.nonce", "sip.auth.uri", "sip.auth.digest.response", "sip.Expires",
                        "sip.Max-Forwards", "sip.resend", "sdp.version", "sdp.owner", "sdp.owner.address",
                        "sdp.session_name", "sdp.connection_info", "sdp.connection_info.address", "sdp.media",
                        "sdp.media.media", "sdp.media.port", "sdp.media.proto", "sdp.media.format", "sdp.media_attr",
                        "sdp.time"),
                family("dns", p -> p.equals("DNS") || p.equals("MDNS"), "dns.id", "dns.flags", "dns.flags.response",
                        "dns.flags.opcode", "dns.flags.rcode", "dns.flags.recdesired", "dns.flags.recavail",
                        "dns.flags.authoritative", "dns.count.queries", "dns.count.answers", "dns.count.auth_rr",
                        "dns.count.add_rr", "dns.qry.name", "dns.qry.name.len", "dns.count.labels", "dns.qry.type",
                        "dns.qry.class", "dns.resp.name", "dns.resp.type", "dns.resp.class", "dns.resp.ttl",
                        "dns.resp.len", "dns.a", "dns.aaaa", "dns.cname", "dns.ptr.domain_name", "dns.ns",
                        "dns.soa.mname", "dns.soa.rname", "dns.soa.serial_number", "dns.response_to", "dns.time"),
                family("cdp", p -> p.equals("CDP"), "cdp.version", "cdp.ttl", "cdp.checksum", "cdp.tlv.type",
                        "cdp.tlv.len", "cdp.deviceid", "cdp.portid", "cdp.software_version", "cdp.platform",
                        "cdp.number_of_addresses", "cdp.nrgyz.ip_address", "cdp.capabilities", "cdp.native_vlan",
                        "cdp.voice_vlan", "cdp.vtp_management_domain", "cdp.duplex", "cdp.power_available",
                        "cdp.system_name", "cdp.mtu"),
                family("lldp", p -> p.equals("LLDP"), "lldp.tlv.type", "lldp.tlv.len", "lldp.chassis.subtype",
                        "lldp.chassis.id.mac", "lldp.port.subtype", "lldp.port.id", "lldp.port.id.mac",
                        "lldp.time_to_live", "lldp.port.desc", "lldp.tlv.system.name", "lldp.tlv.system.desc",
                        "lldp.tlv.system_cap", "lldp.tlv.enable_system_cap", "lldp.mgn.addr.ip4", "lldp.orgtlv.oui",
                        "lldp.ieee.802_1.port_vlan.id", "lldp.ieee.802_3.subtype", "lldp.ieee.802_3.max_frame_size",
                        "lldp.media.vlan_id", "lldp.media.app_type", "lldp.media.model", "lldp.media.software"),
                family("enip", p -> p.equals("CIP") || p.equals("ENIP") || p.equals("CIP I/O"), "enip.command",
                        "enip.length", "enip.session", "enip.status", "enip.context", "enip.options",
                        "enip.cpf.itemcount", "enip.cpf.typeid", "enip.cpf.length", "enip.cpf.cai.connid",
                        "enip.cpf.sai.connid", "enip.cpf.sai.seq", "cip.seq", "cip.sc", "cip.rr", "cip.genstat",
                        "cip.class", "cip.instance", "enip.lir.name", "enip.lir.vendor", "enip.lir.serial",
                        "enip.lir.revision", "enip.sinaddr"),
                family("tls", p -> p.startsWith("TLS") || p.equals("MySQL"), "tls.record.content_type",
                        "tls.record.version", "tls.record.length", "tls.handshake.type", "tls.handshake.length",
                        "tls.handshake.version", "tls.handshake.ciphersuite", "tls.handshake.extensions_server_name",
                        "tls.handshake.session_id_length", "tls.record.opaque_type"),
                family("gquic", p -> p.equals("GQUIC"), "gquic.puflags", "gquic.cid", "gquic.version",
                        "gquic.packet_number"));
    }

    private static Arguments family(String name, Predicate<String> protocol, String... fields) {
        return Arguments.of(new Family(name, protocol, List.of(fields)));
    }

    /** Protocol column values that {@link #infoColumnAgrees} checks. */
    private static final Predicate<String> APPLICATIONS = p -> p.startsWith("HTTP") || p.startsWith("FTP")
            || p.startsWith("SIP") || p.equals("DNS") || p.equals("MDNS") || p.equals("CDP") || p.equals("LLDP")
            || p.equals("CIP") || p.equals("ENIP") || p.equals("CIP I/O") || p.startsWith("TLS") || p.equals("GQUIC")
            || p.equals("TCP") || p.equals("MySQL") || p.equals("SSH") || p.equals("Syslog") || p.startsWith("SKINNY");

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void fieldsAgreeWithTshark(Family family) throws Exception {
        Set<String> known = knownDifferences();
        Set<String> differing = new HashSet<>();
        List<String> unexpected = new ArrayList<>();
        long compared = 0;
        for (Path capture : captures(family.protocol())) {
            if (SharedCaptures.tsharkExit(capture) != 0) {
                continue; // tshark stops on the damage; the Info test covers these frames
            }
            List<String[]> theirs = Tshark.fields(capture, family.fields().toArray(String[]::new));
            List<DecodedPacket> ours = decode(capture);
            assertEquals(theirs.size(), ours.size(), SharedCaptures.relative(capture));
            for (int i = 0; i < ours.size(); i++) {
                for (int f = 0; f < family.fields().size(); f++) {
                    String field = family.fields().get(f);
                    String t = f < theirs.get(i).length ? theirs.get(i)[f] : "";
                    String o = TsharkCheck.text(ours.get(i), field);
                    compared++;
                    String key = SharedCaptures.relative(capture) + "\t" + (i + 1) + "\t" + field;
                    if (!t.equals(o)) {
                        differing.add(key);
                        if (!known.contains(key)) {
                            unexpected.add(key + ": tshark '" + t + "', ours '" + o + "'");
                        }
                    }
                }
            }
        }
        assertTrue(compared > 0, "no capture of the corpus shows " + family);
        assertEquals(List.of(), unexpected);
        assertNoStaleEntries(known, family.fields(), differing);
    }

    /** Listed differences for these fields that did not differ must go from the list. */
    private static void assertNoStaleEntries(Set<String> known, List<String> fields, Set<String> differing) {
        List<String> stale = new ArrayList<>();
        for (String key : known) {
            String field = key.substring(key.lastIndexOf('\t') + 1);
            if (fields.contains(field) && !differing.contains(key)) {
                stale.add(key);
            }
        }
        assertEquals(List.of(), stale, "listed differences that no longer differ: remove them from the list");
    }

    @org.junit.jupiter.api.Test
    void infoColumnAgreesWithTheOracles() throws Exception {
        Set<String> known = knownDifferences();
        Set<String> differing = new HashSet<>();
        List<String> unexpected = new ArrayList<>();
        long compared = 0;
        for (Path capture : captures(APPLICATIONS)) {
            List<String[]> rows = SharedCaptures.readTsv(SharedCaptures.oracle(capture, ".tshark.tsv"));
            List<String> header = Arrays.asList(rows.get(0));
            int protocol = header.indexOf("_ws.col.Protocol");
            int info = header.indexOf("_ws.col.Info");
            List<DecodedPacket> ours = decode(capture);
            for (String[] row : rows.subList(1, rows.size())) {
                int n = Integer.parseInt(row[0]);
                if (!APPLICATIONS.test(row[protocol]) || n > ours.size()) {
                    continue;
                }
                compared++;
                String key = SharedCaptures.relative(capture) + "\t" + n + "\t_ws.col.Info";
                String o = ours.get(n - 1).info();
                if (!row[info].equals(o)) {
                    differing.add(key);
                    if (!known.contains(key)) {
                        unexpected.add(key + ": tshark '" + row[info] + "', ours '" + o + "'");
                    }
                }
            }
        }
        assertTrue(compared > 1_000, "compared only " + compared + " Info columns");
        assertEquals(List.of(), unexpected);
        assertNoStaleEntries(known, List.of("_ws.col.Info"), differing);
    }

    /** Captures whose summary oracle shows a frame of the protocol. */
    private static List<Path> captures(Predicate<String> protocol) {
        List<Path> out = new ArrayList<>();
        for (Path capture : SharedCaptures.withSummaryOracle()) {
            List<String[]> rows = SharedCaptures.readTsv(SharedCaptures.oracle(capture, ".tshark.tsv"));
            if (rows.isEmpty()) {
                continue;
            }
            int column = Arrays.asList(rows.get(0)).indexOf("_ws.col.Protocol");
            if (column >= 0 && rows.stream().skip(1).anyMatch(r -> r.length > column && protocol.test(r[column]))) {
                out.add(capture);
            }
        }
        return out;
    }

    private static List<DecodedPacket> decode(Path capture) throws IOException {
        List<DecodedPacket> out = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            CapturedPacket p;
            while ((p = reader.next()) != null) {
                out.add(decoder.decode(p));
            }
        }
        return out;
    }

    /** capture TAB frame TAB field, one per listed field; the reason is the fourth column. */
    private static Set<String> knownDifferences() throws IOException {
        Set<String> keys = new HashSet<>();
        try (InputStream in = ApplicationFieldsOracleTest.class.getResourceAsStream(
                "application-known-differences.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                assertEquals(4, cols.length, "capture, frame, fields, reason: " + line);
                for (String field : cols[2].split(",")) {
                    keys.add(cols[0] + "\t" + cols[1] + "\t" + field);
                }
            }
        }
        return keys;
    }
}
