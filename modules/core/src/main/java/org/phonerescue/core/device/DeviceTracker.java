package org.phonerescue.core.device;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.decode.DecoderState;
import org.phonerescue.core.decode.Field;

/**
 * Builds the devices of a capture in one pass: every source MAC becomes a device, with the IP
 * addresses it sent from (or was assigned by DHCP, or claimed by ARP), what it said about itself
 * (DHCP options 60/12, requested file names, SPA Reply identity, SIP User-Agent) and the signs of
 * its role. Memory is bounded per device: at most {@value #MAX_ADDRESSES} addresses and
 * {@value #MAX_HINTS} hints are kept.
 */
public final class DeviceTracker {

    /** The decoded fields this tracker reads, for a filtered decoding. */
    public static final Set<String> FIELDS = Set.of("eth.src", "sll.src.eth", "ip.src", "ipv6.src", "arp.opcode",
            "arp.src.hw_mac", "arp.src.proto_ipv4", "dhcp.type", "dhcp.hw.mac_addr", "dhcp.option", "dhcp.option.dhcp",
            "dhcp.option.vendor_class_id", "dhcp.option.hostname", "dhcp.ip.your", "dhcp.option.router",
            "tftp.opcode", "tftp.source_file", "tftp.destination_file", "tftp.request_frame", "udp.srcport",
            "udp.dstport", "udp.length", "spa.op", "spa.serial", "spa.product", "spa.mac", "spa.loader_version",
            "spa.hardware_version", "spa.ip", "http.request.method", "http.request.uri", "http.response.code",
            "ftp.request.command", "ftp.request.arg", "ftp.response.code", "ip.dst", "ipv6.dst", "tcp.srcport",
            "tcp.dstport", "cdp.deviceid", "cdp.platform", "cdp.software_version",
            "cdp.capabilities.voip_phone", "lldp.tlv.system.name", "lldp.tlv.system.desc", "lldp.tlv.enable_system_cap",
            "lldp.media.hardware", "lldp.media.firmware", "lldp.media.software", "lldp.media.sn",
            "lldp.media.manufacturer", "lldp.media.model", "skinny.messageId", "skinny.DeviceName", "icmpv6.type",
            "sip.Method", "sip.User-Agent");

    static final int MAX_ADDRESSES = 32;
    static final int MAX_HINTS = 64;
    /** A MAC sending for this many addresses is forwarding for others: a router. */
    static final int ROUTER_ADDRESSES = 4;
    /** The SPA loader's TFTP client port (spa-recovery-protocol.md, "What the phone does after an Upgrade"). */
    static final int SPA_LOADER_TFTP_PORT = 2000;

    /** HTTP and FTP servers of phones' fetches remembered at once (a phone uses one or two). */
    static final int REMEMBERED_FILE_SERVERS = 4096;

    private final OuiRegistry registry;
    private final Map<String, State> devices = new LinkedHashMap<>();
    /**
     * TFTP request frame → the requesting endpoint, so answers mark the server: the newest
     * {@value DecoderState#MAX_UDP_CONVERSATIONS}, as many as the decoder remembers TFTP
     * conversations to tie answers to, so that a request repeated for hours (or a flood of
     * them) is not remembered once per packet. A server is marked by the first answer, which
     * follows its request closely.
     */
    private final Map<Long, ClientPort> tftpClients = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ClientPort> eldest) {
            return size() > DecoderState.MAX_UDP_CONVERSATIONS;
        }
    };
    /**
     * HTTP and FTP servers ("ip port") a phone fetched a file from, so their answers mark them; a
     * capture of many fetches keeps the newest {@value #REMEMBERED_FILE_SERVERS}.
     */
    private final Map<String, Boolean> fileServers = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_FILE_SERVERS;
        }
    };
    private final Set<String> gateways = new HashSet<>();

    public DeviceTracker(OuiRegistry registry) {
        this.registry = registry;
    }

    private record ClientPort(String ip, int port) {
    }

    /** One address of a device while the capture is read (a record per packet would be garbage). */
    private static final class AddressState {
        final String ip;
        final String how;
        final long firstFrame;
        final long firstTime;
        long lastFrame;
        long lastTime;
        boolean sent;

        AddressState(String ip, String how, long frame, long time) {
            this.ip = ip;
            this.how = how;
            this.firstFrame = frame;
            this.firstTime = time;
        }

        AddressUse freeze() {
            return new AddressUse(ip, firstFrame, lastFrame, firstTime, lastTime, how, sent);
        }
    }

    /** Per-device state while the capture is read. */
    private static final class State {
        final String key;
        final String mac;
        final Map<String, AddressState> addresses = new LinkedHashMap<>();
        int distinctSources;
        final List<DeviceHint> hints = new ArrayList<>();
        final Set<String> hintKeys = new HashSet<>();
        String phone;
        String server;
        long firstFrame = -1;
        long lastFrame;
        /** Time of the last frame, ns since 1970, or {@code PacketView.NO_TIME}. */
        long lastTime = PacketView.NO_TIME;
        long packets;
        /** Frames of it that were ARP, and link housekeeping (see {@link Traffic}). */
        long arpPackets;
        long housekeepingPackets;

        State(String key, String mac) {
            this.key = key;
            this.mac = mac;
        }

        void address(String ip, PacketView p, String how) {
            address(ip, p.frame(), p.time(), how);
        }

        /** Records a use of the address; returns its state, or null past the cap. */
        AddressState address(String ip, long frame, long time, String how) {
            AddressState a = addresses.get(ip);
            boolean sent = how.equals("source");
            if (a == null) {
                if (addresses.size() >= MAX_ADDRESSES) {
                    distinctSources += sent ? 1 : 0; // past the cap only the router test reads it
                    return null;
                }
                a = new AddressState(ip, how, frame, time);
                addresses.put(ip, a);
            }
            used(a, frame, time, sent);
            return a;
        }

        void used(AddressState a, long frame, long time, boolean sent) {
            if (sent && !a.sent) {
                distinctSources++;
            }
            a.lastFrame = frame;
            a.lastTime = time;
            a.sent |= sent;
        }

        /** Counts one packet the device sent, from {@code ip} (null when it names no address). */
        void sent(String ip, long frame, long time) {
            if (firstFrame < 0) {
                firstFrame = frame;
            }
            lastFrame = frame;
            lastTime = time;
            packets++;
            if (ip != null) {
                address(ip, frame, time, "source");
            }
        }

        void hint(DeviceHint.Kind kind, String value, long frame) {
            if (value == null || value.isBlank() || hints.size() >= MAX_HINTS || !hintKeys.add(kind + "\u0000" + value)) {
                return;
            }
            hints.add(new DeviceHint(kind, value, frame));
        }

        /**
         * A model or firmware version read from a requested file's name, once per value, citing the
         * first name: a Cisco phone fetching five images of one package says its family once.
         */
        void hintFromName(DeviceHint.Kind kind, String value, String file, long frame) {
            if (value != null && hintKeys.add(kind + "\u0000name\u0000" + value)) {
                hint(kind, value + " (from the name " + file + ")", frame);
            }
        }

        void phone(String reason) {
            if (phone == null) {
                phone = reason;
            }
        }

        void server(String reason) {
            if (server == null) {
                server = reason;
            }
        }
    }

    /**
     * The device that sent a packet, with the address it sent from: what {@link #accept} counts
     * for every packet. A reader that recognises further packets of the same sender from their
     * headers alone (TFTP blocks of a known transfer) counts them with {@link #sent}.
     */
    public static final class Sender {
        private final State state;
        /** The source address that counts, or null (none, or 0.0.0.0 / :: which name no address). */
        private final String ip;
        /** The address's state once it exists (addresses are never dropped), else null. */
        private AddressState address;

        private Sender(State state, String ip) {
            this.state = state;
            this.ip = ip;
        }
    }

    /** Takes in one packet, in file order. */
    public void accept(PacketView p) {
        String mac = p.sourceMac();
        String ip = p.sourceIp();
        State sender = null;
        if (mac != null && !isGroup(mac)) {
            sender = state(mac, mac);
        } else if (mac == null && ip != null) {
            sender = state("ip:" + ip, null);
        }
        if (sender != null) {
            sender.sent(countedAddress(ip), p.frame(), p.time());
            if (p.hasLayer("arp")) {
                sender.arpPackets++;
            } else if (housekeeping(p)) {
                sender.housekeepingPackets++;
            }
        }
        if (p.hasLayer("arp")) {
            arp(p);
        }
        if (p.hasLayer("dhcp")) {
            dhcp(p, sender);
        }
        if (sender == null) {
            return;
        }
        if (p.hasLayer("tftp")) {
            tftp(p, sender);
        }
        if (p.hasLayer("spa")) {
            spa(p, sender);
        }
        if (p.hasLayer("http")) {
            String method = p.text("http.request.method");
            if ("GET".equals(method)) {
                fetched(p, sender, p.text("http.request.uri"), "HTTP");
            } else if (p.text("http.response.code") != null) {
                answered(p, sender, "HTTP");
            }
        }
        if (p.hasLayer("ftp")) {
            if ("RETR".equalsIgnoreCase(p.text("ftp.request.command"))) {
                fetched(p, sender, p.text("ftp.request.arg"), "FTP");
            } else if (p.text("ftp.response.code") != null) {
                answered(p, sender, "FTP");
            }
        }
        if (p.hasLayer("sip")) {
            sip(p, sender);
        }
        if (p.hasLayer("cdp")) {
            cdp(p, sender);
        }
        if (p.hasLayer("lldp")) {
            lldp(p, sender);
        }
        if (p.hasLayer("skinny")) {
            skinny(p, sender);
        }
    }

    /**
     * Frames every stack sends on its own once its link is up, whatever it is asked to do: IPv6
     * neighbour discovery (RFC 4861 §4: types 133–137) and multicast listener queries and reports
     * (RFC 2710 §3: 130–132; RFC 3810 §5.2: 143); LLDP, CDP and spanning tree.
     */
    private static boolean housekeeping(PacketView p) {
        if (p.hasLayer("icmpv6")) {
            long type = p.number("icmpv6.type", -1);
            return type >= 130 && type <= 137 || type == 143;
        }
        return p.hasLayer("lldp") || p.hasLayer("cdp") || p.hasLayer("stp");
    }

    /**
     * What a device sent, by kind.
     *
     * @param packets      every frame it sent
     * @param arp          its ARP frames
     * @param housekeeping frames its stack sends unasked once the link is up: ICMPv6 (neighbour
     *                     discovery, multicast listener reports), LLDP, CDP, spanning tree
     */
    public record Traffic(long packets, long arp, long housekeeping) {

        /** Frames that are neither ARP nor housekeeping: what the device sent to talk to someone. */
        public long other() {
            return packets - arp - housekeeping;
        }
    }

    /** What the device with this key (its MAC) sent, or null when it sent nothing. */
    public Traffic traffic(String key) {
        State s = devices.get(key);
        return s == null ? null : new Traffic(s.packets, s.arpPackets, s.housekeepingPackets);
    }

    /**
     * Takes a device for a phone on a sign read elsewhere in the pass (what it did over many
     * packets); a sign read by this tracker, or given earlier, stays its reason.
     */
    public void phone(String key, String reason) {
        State s = devices.get(key);
        if (s != null) {
            s.phone(reason);
        }
    }

    /**
     * The sender of a packet already taken in by {@link #accept}, for counting further packets of
     * it with {@link #sent}; null when the packet has no sender that counts (a group MAC).
     */
    public Sender sender(PacketView p) {
        String mac = p.sourceMac();
        String ip = p.sourceIp();
        State state = null;
        if (mac != null && !isGroup(mac)) {
            state = devices.get(mac);
        } else if (mac == null && ip != null) {
            state = devices.get("ip:" + ip);
        }
        return state == null ? null : new Sender(state, countedAddress(ip));
    }

    /**
     * Counts one more packet of the sender, exactly as {@link #accept} would for a packet with the
     * same source MAC and address and nothing else the device list reads (no ARP, DHCP, TFTP
     * request, SPA or SIP).
     */
    public void sent(Sender s, long frame, long time) {
        State state = s.state;
        if (s.ip == null) {
            state.sent(null, frame, time);
        } else if (s.address != null) {
            state.lastFrame = frame;
            state.lastTime = time;
            state.packets++;
            state.used(s.address, frame, time, true);
        } else {
            state.sent(s.ip, frame, time);
            s.address = state.addresses.get(s.ip);
        }
    }

    private static String countedAddress(String ip) {
        return ip != null && !ip.equals("0.0.0.0") && !ip.equals("::") ? ip : null;
    }

    private State state(String key, String mac) {
        return devices.computeIfAbsent(key, k -> new State(k, mac));
    }

    /** IEEE 802: the I/G bit (bit 0 of the first octet) marks group addresses, never a sender. */
    private static boolean isGroup(String mac) {
        return mac.length() >= 2 && (Character.digit(mac.charAt(1), 16) & 1) != 0;
    }

    private void arp(PacketView p) {
        // Ethernet/IPv4 ARP (RFC 826 with hardware type 1, protocol 0x0800) names its sender address
        // arp.src.proto_ipv4, as Wireshark does; other hardware/protocol pairs are no IPv4 claim.
        String mac = p.text("arp.src.hw_mac");
        String ip = p.text("arp.src.proto_ipv4");
        if (mac == null || ip == null || isGroup(mac)) {
            return;
        }
        if (!ip.equals("0.0.0.0")) { // RFC 5227 probes claim no address yet
            state(mac, mac).address(ip, p, "arp");
        }
    }

    /** RFC 2131 §3: op 1 from the client (chaddr = its MAC), op 2 from a server; option 53 the message type. */
    private void dhcp(PacketView p, State sender) {
        long op = p.number("dhcp.type", -1);
        String chaddr = p.text("dhcp.hw.mac_addr");
        long type = p.number("dhcp.option.dhcp", -1);
        if (op == 1 && chaddr != null && !isGroup(chaddr)) {
            State client = state(chaddr, chaddr);
            String vendorClass = p.text("dhcp.option.vendor_class_id");
            String hostname = p.text("dhcp.option.hostname");
            client.hint(DeviceHint.Kind.DHCP_VENDOR_CLASS, vendorClass, p.frame());
            client.hint(DeviceHint.Kind.DHCP_HOSTNAME, hostname, p.frame());
            if (LoaderFingerprints.spaLoaderDhcp(vendorClass, hostname)) {
                client.hint(DeviceHint.Kind.LOADER, "SPA, DHCP "
                        + (vendorClass != null ? "vendor class '" + vendorClass + "'" : "host name '" + hostname + "'"),
                        p.frame());
                client.phone("asked DHCP as an SPA recovery loader (frame " + p.frame() + ")");
            } else if (LoaderFingerprints.phoneDhcp(vendorClass, hostname)) {
                client.phone("DHCP " + (vendorClass != null ? "vendor class '" + vendorClass + "'"
                        : "host name '" + hostname + "'") + " (frame " + p.frame() + ")");
            }
        } else if (op == 2 && sender != null) {
            if (type == 2 || type == 5) {
                sender.server("answers DHCP (frame " + p.frame() + ")");
            }
            for (Field router : p.fields("dhcp.option.router")) {
                gateways.add(router.text());
            }
            String your = p.text("dhcp.ip.your");
            if (type == 5 && chaddr != null && your != null && !your.equals("0.0.0.0") && !isGroup(chaddr)) {
                state(chaddr, chaddr).address(your, p, "dhcp");
            }
        }
    }

    private void tftp(PacketView p, State sender) {
        long op = p.number("tftp.opcode", -1);
        if (op == 1 || op == 2) {
            String file = p.text(op == 1 ? "tftp.source_file" : "tftp.destination_file");
            if (file == null) {
                return;
            }
            tftpClients.put(p.frame(), new ClientPort(p.sourceIp(), p.udpSourcePort()));
            RequestedFile requested = RequestedFile.of(file);
            sender.hint(DeviceHint.Kind.REQUESTED_FILE, file + described(requested), p.frame());
            sender.hintFromName(DeviceHint.Kind.MODEL, requested.model(), file, p.frame());
            sender.hintFromName(DeviceHint.Kind.FIRMWARE, requested.version(), file, p.frame());
            if (p.udpSourcePort() == SPA_LOADER_TFTP_PORT && requested.kind() == RequestedFile.Kind.SPA_IMAGE) {
                sender.hint(DeviceHint.Kind.LOADER, "SPA, TFTP request from UDP port 2000", p.frame());
            }
            if (op == 1) {
                sender.phone("requested " + file + " by TFTP (frame " + p.frame() + ")");
            }
        } else {
            long request = p.number("tftp.request_frame", -1);
            ClientPort client = tftpClients.get(request);
            if (client != null && (client.port() != p.udpSourcePort() || !client.ip().equals(p.sourceIp()))) {
                sender.server("answers TFTP (frame " + p.frame() + ")");
            }
        }
    }

    /**
     * A file fetched by HTTP or FTP: only a name that is a phone's (firmware, packing list,
     * configuration) tells something about the device; a browser's downloads tell nothing.
     */
    private void fetched(PacketView p, State sender, String target, String protocol) {
        if (target == null) {
            return;
        }
        int query = target.indexOf('?');
        String file = query >= 0 ? target.substring(0, query) : target;
        RequestedFile requested = RequestedFile.of(file);
        if (requested.kind() == RequestedFile.Kind.OTHER) {
            return;
        }
        sender.hint(DeviceHint.Kind.REQUESTED_FILE, file + described(requested) + " (by " + protocol + ")",
                p.frame());
        sender.hintFromName(DeviceHint.Kind.MODEL, requested.model(), file, p.frame());
        sender.hintFromName(DeviceHint.Kind.FIRMWARE, requested.version(), file, p.frame());
        sender.phone("requested " + file + " by " + protocol + " (frame " + p.frame() + ")");
        fileServers.put(p.destinationIp() + " " + p.tcpDestinationPort(), Boolean.TRUE);
    }

    /**
     * An HTTP or FTP response: its sender serves files to phones when a phone fetched a firmware,
     * packing list or configuration from that address and port (FTP: the control connection).
     */
    private void answered(PacketView p, State sender, String protocol) {
        if (fileServers.containsKey(p.sourceIp() + " " + p.tcpSourcePort())) {
            sender.server("answers " + protocol + " (frame " + p.frame() + ")");
        }
    }

    /** The SPA recovery protocol: the phone sends from 4810, the tool from 4811 (spa-recovery-protocol.md). */
    private void spa(PacketView p, State sender) {
        long op = p.number("spa.op", -1);
        if (p.udpSourcePort() == 4810) {
            sender.phone("answers the SPA recovery protocol (frame " + p.frame() + ")");
            sender.hint(DeviceHint.Kind.LOADER, "SPA, answers on UDP 4810", p.frame());
            if (op == 1) {
                String product = p.text("spa.product");
                String loader = p.text("spa.loader_version");
                String hardware = p.text("spa.hardware_version");
                sender.hint(DeviceHint.Kind.MODEL, product, p.frame());
                sender.hint(DeviceHint.Kind.FIRMWARE, loader != null ? "loader " + loader : null, p.frame());
                sender.hint(DeviceHint.Kind.MODEL, hardware != null ? "hardware " + hardware : null, p.frame());
                sender.hint(DeviceHint.Kind.SERIAL, p.text("spa.serial"), p.frame());
                String ip = p.text("spa.ip");
                if (ip != null && !ip.equals("0.0.0.0")) {
                    sender.address(ip, p, "source");
                }
            }
        } else if (p.udpSourcePort() == 4811) {
            sender.server("drives the SPA recovery protocol (frame " + p.frame() + ")");
        }
    }

    /**
     * A REGISTER request (RFC 3261 §10) and the User-Agent header (§20.41), as the SIP decoder read
     * them, over UDP or TCP.
     */
    private static void sip(PacketView p, State sender) {
        for (Field method : p.fields("sip.Method")) {
            if ("REGISTER".equals(method.text())) {
                sender.phone("registers by SIP (frame " + p.frame() + ")");
                break;
            }
        }
        for (Field userAgent : p.fields("sip.User-Agent")) {
            sender.hint(DeviceHint.Kind.USER_AGENT, userAgent.text(), p.frame());
        }
    }

    /**
     * CDP's inventory of the sender: Device ID (a Cisco phone's is SEP and its MAC), Platform
     * ("Cisco IP Phone 7961"), Software Version (the phone's load, e.g. SCCP41.9-4-2SR3S), and
     * the VoIP Phone capability (bit 0x80), which tells a phone from the switch it is cabled to.
     */
    private static void cdp(PacketView p, State sender) {
        sender.hint(DeviceHint.Kind.DEVICE_NAME, p.text("cdp.deviceid"), p.frame());
        sender.hint(DeviceHint.Kind.MODEL, p.text("cdp.platform"), p.frame());
        sender.hint(DeviceHint.Kind.FIRMWARE, p.text("cdp.software_version"), p.frame());
        if (p.flag("cdp.capabilities.voip_phone")) {
            sender.phone("announces itself as a VoIP phone by CDP (frame " + p.frame() + ")");
        }
    }

    /**
     * LLDP's System Name and Description (IEEE 802.1AB §8.5.6–8.5.7), the Telephone bit (0x20) of
     * the enabled capabilities (§8.5.8.2), and the LLDP-MED inventory TLVs (ANSI/TIA-1057 §10.2.6):
     * hardware, firmware and software revisions, serial number, manufacturer and model.
     */
    private static void lldp(PacketView p, State sender) {
        long frame = p.frame();
        sender.hint(DeviceHint.Kind.DEVICE_NAME, p.text("lldp.tlv.system.name"), frame);
        sender.hint(DeviceHint.Kind.DESCRIPTION, p.text("lldp.tlv.system.desc"), frame);
        String manufacturer = p.text("lldp.media.manufacturer");
        String model = p.text("lldp.media.model");
        sender.hint(DeviceHint.Kind.MODEL, model == null ? null
                : manufacturer == null || manufacturer.isBlank() ? model : manufacturer + " " + model, frame);
        String hardware = p.text("lldp.media.hardware");
        sender.hint(DeviceHint.Kind.MODEL, hardware == null || hardware.isBlank() ? null : "hardware " + hardware, frame);
        sender.hint(DeviceHint.Kind.FIRMWARE, p.text("lldp.media.software"), frame);
        String firmware = p.text("lldp.media.firmware");
        sender.hint(DeviceHint.Kind.FIRMWARE, firmware == null || firmware.isBlank() ? null : "boot " + firmware, frame);
        sender.hint(DeviceHint.Kind.SERIAL, p.text("lldp.media.sn"), frame);
        Field enabled = p.field("lldp.tlv.enable_system_cap");
        if (enabled != null && (enabled.longValue() & 0x20) != 0) {
            sender.phone("announces itself as a telephone by LLDP (frame " + frame + ")");
        }
    }

    /**
     * A Skinny RegisterReq (message 0x0001) names the station: only a phone's application firmware
     * registers with a call manager, a recovery loader never does (field notes §3).
     */
    private static void skinny(PacketView p, State sender) {
        List<Field> ids = p.fields("skinny.messageId");
        List<Field> names = p.fields("skinny.DeviceName");
        if (ids.stream().anyMatch(f -> f.longValue() == 0x0001)) {
            String name = names.isEmpty() ? null : names.get(0).text();
            sender.hint(DeviceHint.Kind.DEVICE_NAME, name, p.frame());
            sender.phone("registers by SCCP" + (name != null && !name.isBlank() ? " as " + name : "")
                    + " (frame " + p.frame() + ")");
        }
    }

    /** " — SPA firmware image (SPA30x/50x, version 7.6.2f)", or "" for a name that tells nothing more. */
    private static String described(RequestedFile requested) {
        return requested.recognised() ? " — " + requested.describe() : "";
    }

    /** The devices seen so far, in order of their first frame. */
    public List<Device> devices() {
        List<Device> out = new ArrayList<>(devices.size());
        for (State s : devices.values()) {
            out.add(device(s));
        }
        out.sort(Comparator.comparingLong(d -> d.firstFrame() < 0 ? Long.MAX_VALUE : d.firstFrame()));
        return out;
    }

    private Device device(State s) {
        Role role;
        String reason;
        String gateway = s.addresses.keySet().stream().filter(gateways::contains).findFirst().orElse(null);
        if (s.phone != null) {
            role = Role.PHONE;
            reason = s.phone;
        } else if (gateway != null) {
            role = Role.ROUTER;
            reason = "named as the router by DHCP (" + gateway + ")";
        } else if (s.server != null) {
            role = Role.SERVER;
            reason = s.server;
        } else if (s.distinctSources >= ROUTER_ADDRESSES) {
            role = Role.ROUTER;
            reason = "sends from " + s.distinctSources + " IP addresses";
        } else {
            role = Role.OTHER;
            reason = "";
        }
        String vendor = s.mac != null ? registry.vendor(s.mac) : OuiRegistry.UNKNOWN;
        List<AddressUse> ips = s.addresses.values().stream().map(AddressState::freeze).toList();
        return new Device(s.key, s.mac, vendor, role, reason, ips, List.copyOf(s.hints),
                s.firstFrame, s.lastFrame, s.lastTime, s.packets);
    }
}
