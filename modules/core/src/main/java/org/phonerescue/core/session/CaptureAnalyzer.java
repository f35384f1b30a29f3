package org.phonerescue.core.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.decode.TcpStreams;
import org.phonerescue.core.device.DeviceTracker;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CaptureWarning;
import org.phonerescue.core.decode.DecoderState;
import org.phonerescue.core.transfer.ConnectionAttemptTracker;
import org.phonerescue.core.transfer.ContentStore;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.FtpTransferTracker;
import org.phonerescue.core.transfer.HttpTransferTracker;
import org.phonerescue.core.transfer.TftpTransfer;
import org.phonerescue.core.transfer.RequestRepeats;
import org.phonerescue.core.transfer.TftpTransferTracker;
import org.phonerescue.core.transfer.TransferRecords;

/**
 * One streaming pass over a capture: every packet is decoded with only the fields the analysis
 * reads, and handed to the device and transfer trackers and the message logs. Memory stays
 * bounded: messages and addresses are capped, transfer contents go to the {@link ContentStore}.
 *
 * <p>The bulk of a recovery capture, the DATA and ACK blocks of TFTP transfers already seen, is
 * read from its headers instead ({@link KnownTftpBlocks}), with the same result: every other
 * packet reaches {@link #accept} decoded. What the analysis reads from a TFTP DATA or ACK beyond
 * its sender and block must therefore be read in {@link KnownTftpBlocks} too, or the port it
 * arrives on added to the ports that class leaves to the decoder.
 * {@link Decoding#EVERY_PACKET} decodes every packet, as the reference the shortcut is tested against.
 */
public final class CaptureAnalyzer {

    /** How the packets of a capture are read. */
    public enum Decoding {
        /** TFTP DATA and ACK blocks of known transfers read from their headers; the rest decoded. */
        TFTP_BLOCKS_FROM_HEADERS,
        /** Every packet decoded into a tree: slower, the reference for the other. */
        EVERY_PACKET
    }

    /** Messages of each kind kept; a capture with more is a flood, not a recovery. */
    public static final int MAX_MESSAGES = 100_000;
    /** Distinct source addresses remembered. */
    public static final int MAX_ADDRESSES = 200_000;
    /** Distinct (MAC, VLAN) pairs counted, and as many MACs sending untagged frames. */
    public static final int MAX_VLAN_USES = 4096;

    private static final Set<String> OWN_FIELDS = Set.of("dhcp.type", "dhcp.id", "dhcp.hw.mac_addr", "dhcp.option",
            "dhcp.option.dhcp", "dhcp.option.dhcp_server_id", "dhcp.ip.your", "dhcp.option.tftp_server_address",
            "dhcp.option.tftp_server_name", "dhcp.option.bootfile_name", "dhcp.option.router",
            "dhcp.option.subnet_mask", "dhcp.option.vendor_class_id", "dhcp.option.hostname", "spa.op", "spa.serial",
            "spa.product", "spa.mac", "spa.loader_version", "spa.ip", "spa.file", "arp.opcode", "arp.src.hw_mac",
            "arp.src.proto_ipv4", "arp.dst.hw_mac", "arp.dst.proto_ipv4", "vlan.id", "cdp.voice_vlan",
            "cdp.native_vlan", "cdp.portid", "lldp.port.id", "lldp.port.id.mac", "lldp.port.id.ip4",
            "lldp.ieee.802_1.port_vlan.id", "lldp.media.app_type", "lldp.media.policy_flag", "lldp.media.tag_flag", "lldp.media.vlan_id",
            "skinny.messageId", "skinny.DeviceName", "skinny.text", "eth.src", "ip.src", "ip.dst",
            "ipv6.src", "ipv6.dst", "udp.srcport", "udp.dstport", "udp.length", "dns.flags.response", "dns.id",
            "dns.flags.rcode", "dns.qry.name", "dns.a");

    /** Every field the analysis reads, for a filtered decoding. */
    public static final Set<String> FIELDS = union(OWN_FIELDS, SipMessage.FIELDS, DeviceTracker.FIELDS, TftpTransferTracker.FIELDS,
            HttpTransferTracker.FIELDS, FtpTransferTracker.FIELDS, ConnectionAttemptTracker.FIELDS);

    private final DeviceTracker devices;
    private final TftpTransferTracker transfers;
    private final HttpTransferTracker http;
    private final FtpTransferTracker ftp;
    private final ConnectionAttemptTracker connects = new ConnectionAttemptTracker();
    private final ArpRequestTracker arpRequests = new ArpRequestTracker();
    /** Which finished transfers of any protocol are kept: a flood of them is counted instead. */
    private final TransferRecords records = new TransferRecords();
    /** The decoder's state, for what its reassembly still holds at the end (HTTP responses cut short). */
    private DecoderState decoder;
    private final ContentStore store;
    private final List<DhcpMessage> dhcp = new ArrayList<>();
    private final List<SpaMessage> spa = new ArrayList<>();
    private final List<SipMessage> sip = new ArrayList<>();
    private final List<SccpMessage> sccp = new ArrayList<>();
    private final List<DnsMessage> dns = new ArrayList<>();
    private final List<ArpMessage> arp = new ArrayList<>();
    private final List<VoiceVlanAnnouncement> voiceVlans = new ArrayList<>();
    private final List<NativeVlanAnnouncement> nativeVlans = new ArrayList<>();
    /** MAC + VLAN id → the first frame it sent with that tag. */
    private final Map<String, Long> vlanUses = new LinkedHashMap<>();
    /** MAC → the first frame it sent without a tag. */
    private final Map<String, Long> untaggedUses = new LinkedHashMap<>();
    private final Set<String> sources = new HashSet<>();
    private long packets;
    private long firstTime = PacketView.NO_TIME;
    private long lastTime = PacketView.NO_TIME;

    public CaptureAnalyzer(OuiRegistry registry, ContentStore store) {
        this.devices = new DeviceTracker(registry);
        long timeout = TftpTransferTracker.DEFAULT_TIMEOUT_NANOS;
        this.transfers = new TftpTransferTracker(store, timeout, records);
        this.http = new HttpTransferTracker(store, timeout, records);
        this.ftp = new FtpTransferTracker(store, timeout, records);
        this.store = store;
    }

    /** Reads and analyses a capture file in one pass. */
    public static CaptureAnalysis analyze(Path file, OuiRegistry registry, ContentStore store) throws IOException {
        return analyze(file, registry, store, Decoding.TFTP_BLOCKS_FROM_HEADERS);
    }

    /**
     * Reads and analyses a capture file in one pass, reading its packets as {@code decoding} says.
     * The analysis owns {@code store} from then on; when the pass fails, the store is closed.
     */
    public static CaptureAnalysis analyze(Path file, OuiRegistry registry, ContentStore store, Decoding decoding)
            throws IOException {
        return analyze(file, registry, store, decoding, n -> { });
    }

    /**
     * As {@link #analyze(Path, OuiRegistry, ContentStore, Decoding)}; tells how many packets were
     * read from headers. The analysis returned owns {@code store} and closes it; when the pass
     * fails, the store is closed before the exception leaves.
     */
    static CaptureAnalysis analyze(Path file, OuiRegistry registry, ContentStore store, Decoding decoding,
                                   java.util.function.LongConsumer fromHeaders) throws IOException {
        boolean analysed = false;
        try {
            CaptureAnalyzer analyzer = new CaptureAnalyzer(registry, store);
            PacketDecoder decoder = new PacketDecoder(FIELDS);
            analyzer.decoder(decoder.state());
            KnownTftpBlocks blocks = decoding == Decoding.TFTP_BLOCKS_FROM_HEADERS
                    ? new KnownTftpBlocks(decoder.state(), analyzer.devices, analyzer.transfers) : null;
            CaptureAnalysis analysis;
            try (CaptureReader reader = CaptureReader.open(file)) {
                while (reader.advance()) {
                    if (blocks != null) {
                        long time = KnownTftpBlocks.time(reader);
                        if (blocks.take(reader, time)) {
                            analyzer.tally(time);
                            continue;
                        }
                    }
                    PacketView p = new PacketView(decoder.decode(reader.current()));
                    analyzer.accept(p);
                    if (blocks != null) {
                        blocks.learn(p, reader);
                    }
                }
                if (blocks != null) {
                    fromHeaders.accept(blocks.taken());
                }
                List<String> warnings = reader.warnings().stream().map(CaptureWarning::toString).toList();
                analysis = analyzer.finish(warnings, reader.stoppedEarly());
            }
            analysed = true;
            return analysis;
        } finally {
            if (!analysed) {
                // no analysis to own the store and close it later: its temporary files go now
                store.close();
            }
        }
    }

    /**
     * Bytes one reassembled message may hold for the analysis: a phone's firmware fetched in one
     * HTTP response is kept whole up to this size (Snom images run to tens of MB).
     */
    public static final int MESSAGE_BOUND = 64 << 20;

    /**
     * The state of the decoder the packets come from, before it decodes any: at the end,
     * transfers cut short are read from it, and its reassembly keeps messages up to
     * {@link #MESSAGE_BOUND}.
     */
    public CaptureAnalyzer decoder(DecoderState state) {
        this.decoder = state;
        state.tcpStreams().reassemblyBudget().perPdu(MESSAGE_BOUND);
        return this;
    }

    /** The most HTTP connections and FTP control connections followed at once, together. */
    int mostTcpConnections() {
        return http.mostConnections() + ftp.mostConnections();
    }

    /** The most TFTP transfers followed at once. */
    int mostTftpTransfers() {
        return transfers.mostFollowed();
    }

    /** Request frames the TFTP tracker can tie datagrams to at this point. */
    int tftpRequestFramesFollowed() {
        return transfers.requestFramesFollowed();
    }

    /** Takes in one packet, in file order. */
    public void accept(PacketView p) {
        tally(p.time());
        String src = p.sourceIp();
        if (src != null && sources.size() < MAX_ADDRESSES) {
            sources.add(src);
        }
        devices.accept(p);
        arpRequests.accept(p);
        transfers.accept(p);
        connects.accept(p);
        if (p.hasLayer("tcp")) {
            http.accept(p);
            ftp.accept(p);
        }
        if (p.hasLayer("dhcp")) {
            dhcp(p);
        }
        if (p.hasLayer("spa")) {
            spa(p);
        }
        if (p.hasLayer("sip")) {
            sip(p);
        }
        if (p.hasLayer("skinny")) {
            sccp(p);
        }
        if (p.hasLayer("arp")) {
            arp(p);
        }
        if (p.hasLayer("dns") && (p.udpSourcePort() == 53 || p.udpDestinationPort() == 53)) {
            dns(p);
        }
        vlan(p);
        if (p.hasLayer("cdp") || p.hasLayer("lldp")) {
            voiceVlan(p);
            nativeVlan(p);
        }
    }

    /** Counts a packet and its time (every packet, decoded or not). */
    private void tally(long t) {
        packets++;
        if (t != PacketView.NO_TIME) {
            if (firstTime == PacketView.NO_TIME) {
                firstTime = t;
            }
            lastTime = t;
        }
    }

    public CaptureAnalysis finish() {
        return finish(List.of(), false);
    }

    /**
     * Ends the pass; {@code warnings} and {@code damaged} tell what reading the file met. The
     * analysis's warnings add what it left out to keep its memory bounded.
     */
    public CaptureAnalysis finish(List<String> warnings, boolean damaged) {
        List<FileTransfer> overTcp = new ArrayList<>(http.finish(decoder));
        overTcp.addAll(ftp.finish());
        overTcp.sort(java.util.Comparator.comparingLong(FileTransfer::requestFrame));
        List<String> all = new ArrayList<>(warnings);
        if (http.droppedRequests() > 0) {
            all.add("HTTP: " + http.droppedRequests() + " requests left out of the analysis, the oldest of more than "
                    + HttpTransferTracker.MAX_UNANSWERED + " waiting unanswered on one connection");
        }
        if (http.closedOutRequests() > 0) {
            all.add("HTTP: " + http.closedOutRequests() + " requests closed out unanswered with their connection, the "
                    + "least recently active of more than " + HttpTransferTracker.MAX_CONNECTIONS + " open at once");
        }
        if (ftp.closedOutCommands() > 0) {
            all.add("FTP: " + ftp.closedOutCommands() + " transfers closed out without their final reply with their "
                    + "control connection, the least recently active of more than "
                    + FtpTransferTracker.MAX_CONNECTIONS + " open at once");
        }
        if (ftp.droppedCommands() > 0) {
            all.add("FTP: " + ftp.droppedCommands() + " commands left out of the analysis, the oldest of more than "
                    + FtpTransferTracker.MAX_AWAITING + " waiting unanswered on one control connection");
        }
        List<org.phonerescue.core.transfer.FailedConnection> failed = connects.finish();
        if (connects.closedOutAttempts() > 0) {
            all.add("TCP: " + connects.closedOutAttempts() + " connection attempts to HTTP or FTP servers judged before "
                    + "they ended, the least recently active of more than " + ConnectionAttemptTracker.MAX_OPEN
                    + " opening at once");
        }
        if (connects.droppedFailures() > 0) {
            all.add("TCP: " + connects.droppedFailures() + " failed connections to HTTP or FTP servers left out of the "
                    + "analysis, after the first " + ConnectionAttemptTracker.MAX_FAILED);
        }
        if (transfers.closedOutTransfers() > 0) {
            all.add("TFTP: " + transfers.closedOutTransfers() + " transfers closed out before they ended, the least "
                    + "recently active of more than " + TftpTransferTracker.MAX_FOLLOWED + " followed at once");
        }
        long forgotten = decoder == null ? 0 : decoder.tcpStreams().forgottenUnfinished();
        if (forgotten > 0) {
            all.add("TCP: " + forgotten + " connections forgotten unfinished, the least recently active of more than "
                    + TcpStreams.MAX_STREAMS + " followed at once; a later segment of one was analysed afresh");
        }
        long forgottenUdp = decoder == null ? 0 : decoder.forgottenUdpConversations();
        if (forgottenUdp > 0) {
            all.add("UDP: " + forgottenUdp + " conversations (TFTP transfers) forgotten, the least recently used of more "
                    + "than " + DecoderState.MAX_UDP_CONVERSATIONS + " remembered at once; a later datagram of one was "
                    + "not tied to its request");
        }
        if (arpRequests.forgottenTargets() > 0) {
            all.add("ARP: " + arpRequests.forgottenTargets() + " asked-for addresses forgotten, the least recently "
                    + "asked of more than " + ArpRequestTracker.MAX_TARGETS + " followed at once; requests for one asked "
                    + "again later were counted afresh");
        }
        List<TftpTransfer> overUdp = transfers.finish();
        all.addAll(records.warnings());
        List<UnansweredArp> unanswered = arpRequests.finish(sources, devices);
        stuckOnArp(unanswered);
        return new CaptureAnalysis(packets, firstTime, lastTime, devices.devices(), overUdp,
                List.copyOf(overTcp), failed, List.copyOf(dhcp), List.copyOf(spa), List.copyOf(sip), List.copyOf(sccp),
                List.copyOf(arp), List.copyOf(voiceVlans), List.copyOf(nativeVlans), vlanUses(), Set.copyOf(sources),
                List.copyOf(all), damaged, store,
                unanswered, List.copyOf(dns));
    }

    /**
     * A device that asks by ARP for one address again and again, nobody answering, and sends
     * (almost) nothing else is taken for a phone: a phone in rescue mode, its address, gateway
     * and server typed by hand, does exactly that when the gateway or server is not on its
     * network (field notes §2), and a capture made for a phone's recovery is taken on the phone's
     * cable. A host with a stale ARP entry goes on talking to others and is not taken for one.
     */
    private void stuckOnArp(List<UnansweredArp> unanswered) {
        for (UnansweredArp u : unanswered) {
            if (u.repeated() && u.nearlyAllArp()) {
                RequestRepeats r = u.requests();
                long housekeeping = u.askerPackets() - u.askerArp() - u.askerOther();
                devices.phone(u.askerMac(), "asks by ARP for " + u.targetIp() + " again and again and nobody answers ("
                        + r.count() + " requests, frames " + r.frames().get(0) + " to " + r.frames().get(r.frames().size() - 1)
                        + "), and sends " + (u.askerOther() == 0 ? "nothing" : "almost nothing") + " else"
                        + (housekeeping > 0 ? " but link housekeeping (IPv6 neighbour discovery, LLDP)" : "")
                        + ": what a phone in rescue mode does whose typed gateway or server is not on its network");
            }
        }
    }

    private void dhcp(PacketView p) {
        if (dhcp.size() >= MAX_MESSAGES) {
            return;
        }
        String your = p.text("dhcp.ip.your");
        dhcp.add(new DhcpMessage(p.frame(), p.time(), (int) p.number("dhcp.option.dhcp", -1), p.number("dhcp.id", -1),
                p.text("dhcp.hw.mac_addr"), p.sourceMac(), p.sourceIp(), p.text("dhcp.option.dhcp_server_id"),
                your == null || your.equals("0.0.0.0") ? null : your, texts(p, "dhcp.option.tftp_server_address"),
                p.text("dhcp.option.tftp_server_name"), p.text("dhcp.option.bootfile_name"),
                texts(p, "dhcp.option.router"), p.text("dhcp.option.subnet_mask"),
                p.text("dhcp.option.vendor_class_id"), p.text("dhcp.option.hostname")));
    }

    private static List<String> texts(PacketView p, String name) {
        return p.fields(name).stream().map(Field::text).toList();
    }

    /** Kinds by op, direction and length (spa-recovery-protocol.md, "Frames"). */
    private void spa(PacketView p) {
        if (spa.size() >= MAX_MESSAGES) {
            return;
        }
        long op = p.number("spa.op", -1);
        boolean fromPhone = p.udpSourcePort() == 4810;
        SpaMessage.Kind kind = op == 0 ? SpaMessage.Kind.REQUEST
                : op == 1 ? SpaMessage.Kind.REPLY
                : op == 2 ? (fromPhone ? SpaMessage.Kind.UPGRADE_ACK : SpaMessage.Kind.UPGRADE)
                : SpaMessage.Kind.OTHER;
        long udpLength = p.number("udp.length", -1);
        spa.add(new SpaMessage(p.frame(), p.time(), kind, p.sourceMac(), p.sourceIp(), p.destinationIp(),
                p.text("spa.serial"), p.text("spa.product"), p.text("spa.mac"), p.text("spa.loader_version"),
                p.text("spa.ip"), p.text("spa.file"), udpLength >= 8 ? (int) udpLength - 8 : -1, p.udpSourcePort(),
                (int) p.number("vlan.id", -1)));
    }

    /** A DNS message with a question (RFC 1035 §4.1); the first question is the one phones ask. */
    private void dns(PacketView p) {
        String name = p.text("dns.qry.name");
        if (dns.size() >= MAX_MESSAGES || name == null) {
            return;
        }
        boolean response = p.flag("dns.flags.response");
        dns.add(new DnsMessage(p.frame(), p.time(), p.sourceMac(), p.sourceIp(), p.destinationIp(), response,
                (int) p.number("dns.id", -1), response ? (int) p.number("dns.flags.rcode", -1) : -1, name,
                response ? texts(p, "dns.a") : List.of()));
    }

    /** RFC 826 for IPv4 over Ethernet: the decoder names the addresses only for that pair of sizes. */
    private void arp(PacketView p) {
        String senderIp = p.text("arp.src.proto_ipv4");
        if (arp.size() >= MAX_MESSAGES || senderIp == null) {
            return;
        }
        arp.add(new ArpMessage(p.frame(), p.time(), (int) p.number("arp.opcode", -1), p.text("arp.src.hw_mac"),
                senderIp, p.text("arp.dst.hw_mac"), p.text("arp.dst.proto_ipv4")));
    }

    /**
     * IEEE 802.1Q §9.6: the VLAN id of the (first) tag, the first time a MAC sends with it (0, the
     * null VLAN id, for a priority tag: table 9-2); or the first time it sends a frame without a tag.
     * The first frame is enough: TFTP blocks of known transfers never get here ({@link KnownTftpBlocks}),
     * and the first DATA of each transfer always does.
     * <p>
     * A frame naming no VLAN counts only when it carries IP or ARP. Link-local control frames (CDP,
     * LLDP, spanning tree, EAPOL) are sent untagged even by a phone that tags its voice traffic, and
     * the switch takes them in itself rather than forwarding them in a VLAN (IEEE 802.1Q §8.6.3,
     * reserved addresses): they tell nothing of where the phone's requests travel.
     */
    private void vlan(PacketView p) {
        String mac = p.sourceMac();
        if (mac == null) {
            return;
        }
        boolean traffic = p.hasLayer("ip") || p.hasLayer("ipv6") || p.hasLayer("arp");
        if (!p.hasLayer("vlan")) {
            if (traffic && untaggedUses.size() < MAX_VLAN_USES) {
                untaggedUses.putIfAbsent(mac, p.frame());
            }
            return;
        }
        long id = p.number("vlan.id", -1);
        if ((id > 0 || id == 0 && traffic) && vlanUses.size() < MAX_VLAN_USES) {
            vlanUses.putIfAbsent(mac + "|" + id, p.frame());
        }
    }

    /** Tagged and untagged uses, in order of their first frames. */
    private List<VlanUse> vlanUses() {
        List<VlanUse> out = new ArrayList<>(vlanUses.size() + untaggedUses.size());
        vlanUses.forEach((key, first) -> {
            int bar = key.lastIndexOf('|');
            out.add(new VlanUse(key.substring(0, bar), Integer.parseInt(key.substring(bar + 1)), first));
        });
        untaggedUses.forEach((mac, first) -> out.add(new VlanUse(mac, VlanUse.UNTAGGED, first)));
        out.sort(java.util.Comparator.comparingLong(VlanUse::firstFrame));
        return List.copyOf(out);
    }

    /**
     * CDP's VoIP VLAN TLV, and LLDP-MED network policies for Voice (ANSI/TIA-1057 §10.2.3:
     * application type 1; the unknown-policy flag clear; tagged, since an untagged policy names no VLAN).
     * The decoder gives each policy's four fields together, so the lists line up.
     */
    private void voiceVlan(PacketView p) {
        if (voiceVlans.size() >= MAX_MESSAGES) {
            return;
        }
        for (Field f : p.fields("cdp.voice_vlan")) {
            if (f.longValue() >= 1 && f.longValue() <= 4094) {
                voiceVlans.add(new VoiceVlanAnnouncement(p.frame(), p.time(), "CDP", p.sourceMac(), port(p),
                        (int) f.longValue()));
            }
        }
        List<Field> apps = p.fields("lldp.media.app_type");
        List<Field> unknown = p.fields("lldp.media.policy_flag");
        List<Field> tagged = p.fields("lldp.media.tag_flag");
        List<Field> ids = p.fields("lldp.media.vlan_id");
        for (int i = 0; i < apps.size() && i < unknown.size() && i < tagged.size() && i < ids.size(); i++) {
            long vlan = ids.get(i).longValue();
            if (apps.get(i).longValue() == 1 && Boolean.FALSE.equals(unknown.get(i).value())
                    && Boolean.TRUE.equals(tagged.get(i).value()) && vlan >= 1 && vlan <= 4094) {
                voiceVlans.add(new VoiceVlanAnnouncement(p.frame(), p.time(), "LLDP-MED", p.sourceMac(), port(p),
                        (int) vlan));
            }
        }
    }

    /**
     * CDP's Native VLAN TLV (0x000A) and LLDP's IEEE 802.1 Port VLAN ID (IEEE 802.1Q-2018 §D.2.1):
     * the VLAN the sender's port puts untagged frames in. A Port VLAN ID of 0 means the port has
     * none (untagged frames are not taken); it is left out, as is any id beyond 4094.
     */
    private void nativeVlan(PacketView p) {
        if (nativeVlans.size() >= MAX_MESSAGES) {
            return;
        }
        String protocol = p.hasLayer("cdp") ? "CDP" : "LLDP";
        long vlan = p.number(protocol.equals("CDP") ? "cdp.native_vlan" : "lldp.ieee.802_1.port_vlan.id", -1);
        if (vlan >= 1 && vlan <= 4094) {
            nativeVlans.add(new NativeVlanAnnouncement(p.frame(), p.time(), protocol, p.sourceMac(), port(p),
                    (int) vlan));
        }
    }

    /** The Port ID of a CDP or LLDP announcement, as text; null when it has none. */
    private static String port(PacketView p) {
        for (String name : List.of("cdp.portid", "lldp.port.id", "lldp.port.id.mac", "lldp.port.id.ip4")) {
            String port = p.text(name);
            if (port != null) {
                return port;
            }
        }
        return null;
    }

    /** The SIP requests and responses of the packet, as the SIP decoder read them. */
    private void sip(PacketView p) {
        for (SipMessage m : SipMessage.of(p)) {
            if (sip.size() >= MAX_MESSAGES) {
                return;
            }
            sip.add(m);
        }
    }

    /**
     * Skinny registration messages; one TCP segment may carry several Skinny messages, each with
     * its ID, and only a RegisterReq names the station, a RegisterReject its reason.
     */
    private void sccp(PacketView p) {
        List<Field> ids = p.fields("skinny.messageId");
        List<Field> names = p.fields("skinny.DeviceName");
        List<Field> texts = p.fields("skinny.text");
        int name = 0;
        int text = 0;
        for (Field id : ids) {
            SccpMessage.Kind kind = SccpMessage.Kind.of(id.longValue());
            if (kind == null || sccp.size() >= MAX_MESSAGES) {
                continue;
            }
            String deviceName = kind == SccpMessage.Kind.REGISTER && name < names.size() ? names.get(name++).text() : null;
            String reason = kind == SccpMessage.Kind.REGISTER_REJECT && text < texts.size() ? texts.get(text++).text() : null;
            sccp.add(new SccpMessage(p.frame(), p.time(), kind, p.sourceMac(), p.sourceIp(), p.destinationIp(),
                    deviceName, reason));
        }
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new HashSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
    }
}
