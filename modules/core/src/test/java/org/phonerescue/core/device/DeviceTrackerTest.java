package org.phonerescue.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.analysis.Scenario;
import org.phonerescue.core.analysis.Scenario.Dhcp;
import org.phonerescue.core.analysis.Scenario.Host;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.testing.SharedCaptures;
import org.phonerescue.core.testing.Tshark;

/** Devices, their addresses, hints and roles: against tshark on the corpus, and on hand-laid scenes. */
class DeviceTrackerTest {

    private static final Host PHONE = new Host("00:0e:08:de:ad:01", "192.168.1.50");
    private static final Host PC = new Host("00:1b:21:aa:bb:cc", "192.168.1.10");
    private static final Host ROUTER = new Host("00:0b:82:00:00:01", "192.168.1.1");

    private static List<Device> devices(List<PacketView> packets) {
        DeviceTracker t = new DeviceTracker(OuiRegistry.load(OuiRegistry.DEBIAN_DIRECTORY));
        packets.forEach(t::accept);
        return t.devices();
    }

    private static Device device(List<Device> all, String mac) {
        return all.stream().filter(d -> mac.equals(d.mac())).findFirst().orElseThrow(() -> new AssertionError(mac));
    }

    /** Decodes as the analysis does: only the fields the tracker reads. */
    private static List<PacketView> filtered(Path capture) throws IOException {
        PacketDecoder decoder = new PacketDecoder(DeviceTracker.FIELDS);
        List<PacketView> out = new java.util.ArrayList<>();
        try (CaptureReader r = CaptureReader.open(capture)) {
            CapturedPacket p;
            while ((p = r.next()) != null) {
                out.add(new PacketView(decoder.decode(p)));
            }
        }
        return out;
    }

    @Test
    void everySourceMacAndItsSourceAddressesAreWhatTsharkSees() throws Exception {
        List<Path> captures;
        try (Stream<Path> files = Files.walk(SharedCaptures.dir())) {
            captures = files.filter(f -> f.toString().endsWith(".tshark.tsv"))
                    .map(f -> f.resolveSibling(f.getFileName().toString().replace(".tshark.tsv", "")))
                    .filter(f -> f.toString().matches(".*/(tftp|dhcp|voip/sip|other/arp|other/icmp)/.*"))
                    .sorted().toList();
        }
        assertTrue(captures.size() >= 20, "captures: " + captures.size());
        for (Path capture : captures) {
            Map<String, Set<String>> theirs = new TreeMap<>();
            for (String[] row : Tshark.fields(capture, "eth.src", "sll.src.eth", "ip.src")) {
                String mac = !row[0].isEmpty() ? row[0] : row[1];
                // a group address (I/G bit set) as source is invalid (IEEE 802): such frames make no device
                if (!mac.isEmpty() && (Integer.parseInt(mac.substring(0, 2), 16) & 1) == 0) {
                    Set<String> ips = theirs.computeIfAbsent(mac, k -> new TreeSet<>());
                    // an ICMP error also lists the quoted header's address: the first is the packet's own
                    String ip = row[2].split(",")[0];
                    if (!ip.isEmpty() && !ip.equals("0.0.0.0")) {
                        ips.add(ip);
                    }
                }
            }
            Map<String, Set<String>> ours = new TreeMap<>();
            for (Device d : devices(filtered(capture))) {
                if (d.mac() != null && d.packets() > 0) { // not a MAC only named in a DHCP reply
                    ours.put(d.mac(), d.ips().stream().filter(AddressUse::sent).map(AddressUse::ip)
                            .collect(Collectors.toCollection(TreeSet::new)));
                }
            }
            assertEquals(theirs, ours, SharedCaptures.relative(capture));
        }
    }

    /**
     * What each device sent, by kind, as tshark counts its frames: all of them, ARP, and the link
     * housekeeping (ICMPv6 neighbour discovery and listener messages, LLDP, CDP, spanning tree).
     */
    @Test
    void whatEachDeviceSentIsCountedByKindAsTsharkCountsIt() throws Exception {
        List<Path> captures = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.walk(SharedCaptures.dir())) {
            files.filter(f -> f.toString().endsWith(".tshark.tsv"))
                    .map(f -> f.resolveSibling(f.getFileName().toString().replace(".tshark.tsv", "")))
                    .filter(f -> f.toString().matches(".*/(voip/cdp|voip/lldp|other/arp|other/icmp)/.*"))
                    .sorted().forEach(captures::add);
        }
        try (Stream<Path> files = Files.list(java.nio.file.Paths.get("../../sample-captures"))) {
            files.filter(f -> f.toString().endsWith(".pcap")).sorted().forEach(captures::add);
        }
        long housekeeping = 0;
        long arp = 0;
        for (Path capture : captures) {
            Map<String, long[]> theirs = new TreeMap<>();
            for (String[] row : Tshark.fields(capture, "eth.src", "sll.src.eth", "frame.protocols", "icmpv6.type")) {
                String mac = !row[0].isEmpty() ? row[0] : row[1];
                if (mac.isEmpty() || (Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
                    continue;
                }
                List<String> layers = List.of(row[2].split(":"));
                String type = row[3].split(",")[0]; // the packet's own; an ICMPv6 error's quote comes after
                long[] counts = theirs.computeIfAbsent(mac, k -> new long[3]);
                counts[0]++;
                if (layers.contains("arp")) {
                    counts[1]++;
                } else if (!type.isEmpty() && (Integer.parseInt(type) >= 130 && Integer.parseInt(type) <= 137
                        || type.equals("143")) || layers.contains("lldp") || layers.contains("cdp")
                        || layers.contains("stp")) {
                    counts[2]++;
                }
            }
            DeviceTracker t = new DeviceTracker(OuiRegistry.empty());
            filtered(capture).forEach(t::accept);
            for (Map.Entry<String, long[]> e : theirs.entrySet()) {
                long[] c = e.getValue();
                assertEquals(new DeviceTracker.Traffic(c[0], c[1], c[2]), t.traffic(e.getKey()),
                        capture.getFileName() + " " + e.getKey());
                arp += c[1];
                housekeeping += c[2];
            }
        }
        assertTrue(arp >= 20 && housekeeping >= 20, "ARP " + arp + ", housekeeping " + housekeeping);
    }

    /** RFC 826: an ARP packet names its sender's MAC and IPv4 address; each such claim is a device's address. */
    @Test
    void everyArpSenderAddressIsItsDevicesAddressAsTsharkReadsIt() throws Exception {
        int claims = 0;
        for (String name : List.of("other/arp/zeek_arp-who-has.pcap", "other/arp/zeek_linuxsll-arp.pcap",
                "other/arp/ppp_ArpResponsePacket.pcap")) {
            Path capture = SharedCaptures.dir().resolve(name);
            Map<String, Set<String>> theirs = new TreeMap<>();
            for (String[] row : Tshark.fields(capture, "arp.src.hw_mac", "arp.src.proto_ipv4")) {
                if (!row[0].isEmpty() && !row[1].isEmpty() && !row[1].equals("0.0.0.0")
                        && (Integer.parseInt(row[0].substring(0, 2), 16) & 1) == 0) {
                    theirs.computeIfAbsent(row[0], k -> new TreeSet<>()).add(row[1]);
                }
            }
            List<Device> all = devices(filtered(capture));
            for (Map.Entry<String, Set<String>> e : theirs.entrySet()) {
                Device d = device(all, e.getKey());
                assertTrue(d.addresses().containsAll(e.getValue()), name + ": " + e + " vs " + d.addresses());
                claims += e.getValue().size();
            }
        }
        assertTrue(claims >= 3, "ARP claims in the corpus: " + claims);
    }

    @Test
    void theCorpusDhcpClientIsAGrandstreamDeviceWithItsAssignedAddress() throws Exception {
        Path capture = SharedCaptures.dir().resolve("dhcp/spicy-dhcp_dhcp.pcap");
        List<Device> all = devices(filtered(capture));
        // tshark: frames 1 and 3 from 00:0b:82:01:fc:42 (0.0.0.0), the ACK (frame 4) gives it 192.168.0.10
        Device client = device(all, "00:0b:82:01:fc:42");
        assertEquals("Grandstream Networks, Inc.", client.vendor());
        assertEquals(List.of("192.168.0.10"), client.addresses());
        assertEquals("dhcp", client.ips().get(0).how());
        assertEquals(4, client.ips().get(0).firstFrame());
        Device server = device(all, "00:08:74:ad:f1:9b");
        assertEquals(Role.SERVER, server.role());
        assertEquals(List.of("192.168.0.1"), server.addresses());
    }

    @Test
    void anSpaPhoneInItsLoaderIsAPhoneWithModelLoaderAndSerial() {
        Scenario s = new Scenario();
        s.at(0).dhcpFromClient(PHONE.mac(), new Dhcp(1, 0x1234, PHONE.mac(), 1)
                .option(60, "TI-dhcp 0.1").option(12, "TNETV1050SDB"));
        s.after(1).spaRequest(PC, "FFFFFFFFFFFF");
        long reply = s.after(0.1).spaReply(PHONE, "88014FA00024", "SPA504G", "7.4.4rec");
        s.after(0.1).spaUpgrade(PC, "FFFFFFFFFFFF", "/spa71f6.bin");
        s.after(0.1).spaUpgradeAck(PHONE, "FFFFFFFFFFFF", "/spa71f6.bin");
        long rrq = s.after(0.1).udpToGroup(PHONE, 2000, Scenario.SPA_GROUP, 69, Scenario.rrq("/spa71f6.bin"));
        s.after(0.01).udp(PC, 3000, PHONE, 2000, Scenario.data(1, new byte[100]));
        List<Device> all = devices(s.decode());
        Device phone = device(all, PHONE.mac());
        assertEquals(Role.PHONE, phone.role());
        assertEquals("Cisco-Linksys, LLC", phone.vendor());
        assertEquals(List.of("192.168.1.50"), phone.addresses());
        assertEquals(List.of("SPA504G", "hardware 1.0.2"), values(phone, DeviceHint.Kind.MODEL));
        assertEquals(List.of("loader 7.4.4rec"), values(phone, DeviceHint.Kind.FIRMWARE));
        assertEquals(List.of("88014FA00024"), values(phone, DeviceHint.Kind.SERIAL));
        assertEquals(List.of("TI-dhcp 0.1"), values(phone, DeviceHint.Kind.DHCP_VENDOR_CLASS));
        List<DeviceHint> loader = phone.hints(DeviceHint.Kind.LOADER);
        assertEquals(3, loader.size(), loader.toString());
        assertEquals(1, loader.get(0).frame());
        assertEquals(reply, loader.get(1).frame());
        assertEquals(rrq, loader.get(2).frame());
        DeviceHint file = phone.hints(DeviceHint.Kind.REQUESTED_FILE).get(0);
        assertEquals("/spa71f6.bin — SPA firmware image", file.value());
        Device pc = device(all, PC.mac());
        assertEquals(Role.SERVER, pc.role());
        assertTrue(pc.roleReason().startsWith("drives the SPA recovery protocol"), pc.roleReason());
    }

    @Test
    void theGatewayNamedByDhcpIsARouterAndASipPhoneIsAPhone() {
        Scenario s = new Scenario();
        s.at(0).dhcpFromServer(ROUTER, new Dhcp(2, 7, PHONE.mac(), 5).your(PHONE.ip())
                .addresses(54, ROUTER.ip()).addresses(3, ROUTER.ip()));
        s.after(1).sip(PHONE, PC, "REGISTER sip:192.168.1.10 SIP/2.0", "Via: SIP/2.0/UDP 192.168.1.50:5060",
                "User-Agent: Cisco/SPA504G-7.6.2f", "Content-Length: 0");
        s.after(1).sip(PC, PHONE, "SIP/2.0 200 OK", "Content-Length: 0");
        List<Device> all = devices(s.decode());
        assertEquals(Role.ROUTER, device(all, ROUTER.mac()).role());
        Device phone = device(all, PHONE.mac());
        assertEquals(Role.PHONE, phone.role());
        assertEquals("registers by SIP (frame 2)", phone.roleReason());
        assertEquals(List.of("Cisco/SPA504G-7.6.2f"), values(phone, DeviceHint.Kind.USER_AGENT));
        assertEquals(Role.OTHER, device(all, PC.mac()).role());
    }

    /**
     * CDP Device ID, Platform and Software Version and LLDP System Name and Description become
     * hints of the sending device, as tshark reads them; none of the corpus's senders (switches,
     * routers) announces a phone, so none becomes one.
     */
    @Test
    void cdpAndLldpInventoryOfTheCorpusIsWhatTsharkReads() throws Exception {
        Map<String, DeviceHint.Kind> kinds = new java.util.LinkedHashMap<>();
        kinds.put("cdp.deviceid", DeviceHint.Kind.DEVICE_NAME);
        kinds.put("lldp.tlv.system.name", DeviceHint.Kind.DEVICE_NAME);
        kinds.put("cdp.platform", DeviceHint.Kind.MODEL);
        kinds.put("cdp.software_version", DeviceHint.Kind.FIRMWARE);
        kinds.put("lldp.tlv.system.desc", DeviceHint.Kind.DESCRIPTION);
        List<Path> captures;
        try (Stream<Path> files = Files.list(SharedCaptures.dir().resolve("voip/cdp"));
             Stream<Path> more = Files.list(SharedCaptures.dir().resolve("voip/lldp"))) {
            captures = Stream.concat(files, more).filter(f -> f.toString().endsWith(".pcap")).sorted().toList();
        }
        int hints = 0;
        for (Path capture : captures) {
            Map<String, Set<String>> theirs = new TreeMap<>();
            for (Map.Entry<String, DeviceHint.Kind> e : kinds.entrySet()) {
                // one field at a time: software versions hold commas, tshark's aggregator
                for (String line : Tshark.run(List.of("tshark", "-r", capture.toString(), "-n", "-T", "fields",
                        "-E", "occurrence=f", "-e", "eth.src", "-e", e.getKey())).split("\n")) {
                    String[] row = line.split("\t", -1);
                    if (row.length == 2 && !row[1].isBlank()) {
                        theirs.computeIfAbsent(row[0] + " " + e.getValue(), k -> new TreeSet<>()).add(row[1]);
                    }
                }
            }
            Map<String, Set<String>> ours = new TreeMap<>();
            for (Device d : devices(filtered(capture))) {
                for (DeviceHint.Kind kind : Set.copyOf(kinds.values())) {
                    Set<String> values = new TreeSet<>(values(d, kind));
                    if (!values.isEmpty()) {
                        ours.put(d.mac() + " " + kind, values);
                    }
                }
                assertTrue(d.role() != Role.PHONE, SharedCaptures.relative(capture) + ": " + d);
            }
            assertEquals(theirs, ours, SharedCaptures.relative(capture));
            hints += ours.size();
        }
        assertTrue(hints >= 10, "hints: " + hints);
    }

    /**
     * A Cisco phone's CDP and LLDP-MED inventory and its SCCP RegisterReq make it a phone with
     * its names, model, loads and serial: every value as tshark reads it from the same frames.
     */
    @Test
    void aPhoneAnnouncedByCdpLldpAndSccpIsAPhoneWithItsInventoryAsTsharkReadsIt() throws Exception {
        Host cucm = new Host("00:1b:21:aa:bb:cd", "192.168.1.5");
        Scenario s = new Scenario();
        s.at(0).cdpPhone(PHONE.mac(), "SEP000E08DEAD01", "SCCP41.9-4-2SR3S", "Cisco IP Phone 7961");
        s.after(1).lldpPhone(PHONE.mac(), 0x20, "SEP000E08DEAD01.example.net", "Cisco IP Phone CP-7961G, V3, SCCP41.9-4-2SR3S",
                "3", "tnp41.8-3-3-21a", "SCCP41.9-4-2SR3S", "FCH1234A5BC", "Cisco Systems, Inc.", "CP-7961G");
        Scenario.TcpConnection c = s.after(1).tcp(PHONE, 51000, cucm, 2000);
        c.handshake();
        long register = c.client(Scenario.skinnyRegister("SEP000E08DEAD01", PHONE, 30018));
        Path file = s.write(java.nio.file.Files.createTempFile("sccp-phone", ".pcap"));
        try {
            List<String[]> cdp = Tshark.fields(file, "cdp.deviceid", "cdp.platform", "cdp.capabilities.voip_phone");
            List<String[]> inventory = Tshark.fields(file, "lldp.tlv.system.name", "lldp.tlv.system.desc",
                    "lldp.media.hardware", "lldp.media.firmware", "lldp.media.software", "lldp.media.sn",
                    "lldp.media.manufacturer", "lldp.media.model", "lldp.tlv.enable_system_cap");
            String[] skinny = Tshark.fields(file, "skinny.messageId", "skinny.DeviceName").get((int) register - 1);
            assertEquals("1", skinny[0]); // RegisterReq
            Device phone = device(devices(filtered(file)), PHONE.mac());
            assertEquals(Role.PHONE, phone.role());
            assertEquals("announces itself as a VoIP phone by CDP (frame 1)", phone.roleReason());
            assertEquals("1", cdp.get(0)[2]); // VoIP Phone capability set
            String[] l = inventory.get(1);
            assertEquals(List.of(cdp.get(0)[0], l[0]), values(phone, DeviceHint.Kind.DEVICE_NAME));
            assertEquals(List.of(cdp.get(0)[1], l[6] + " " + l[7], "hardware " + l[2]),
                    values(phone, DeviceHint.Kind.MODEL));
            // the CDP Software Version and the LLDP-MED software revision are the same load: one hint
            assertEquals(List.of(l[4], "boot " + l[3]), values(phone, DeviceHint.Kind.FIRMWARE));
            assertEquals(List.of(l[5]), values(phone, DeviceHint.Kind.SERIAL));
            assertEquals(List.of(l[1]), values(phone, DeviceHint.Kind.DESCRIPTION));
            assertEquals("SEP000E08DEAD01", skinny[1]);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void onlyTheTelephoneBitOfTheEnabledCapabilitiesOrAnSccpRegisterReqMakesAPhone() {
        Host cucm = new Host("00:1b:21:aa:bb:cd", "192.168.1.5");
        Scenario s = new Scenario();
        // telephone supported but not enabled (0x04: bridge only), as a switch with a phone port says
        s.at(0).lldpPhone(PHONE.mac(), 0x04, "sw1", "switch", "1", "1", "1", "S1", "Acme", "SW-8");
        s.after(1).cdpVoiceVlan(ROUTER.mac(), 1, 20);
        Scenario.TcpConnection c = s.after(1).tcp(cucm, 2000, PC, 52000);
        c.handshake();
        c.client(Scenario.skinnyRegisterAck()); // from the call manager: no registration of its own
        List<Device> all = devices(s.decode());
        assertEquals(Role.OTHER, device(all, PHONE.mac()).role());
        assertEquals(Role.OTHER, device(all, ROUTER.mac()).role());
        assertEquals(Role.OTHER, device(all, cucm.mac()).role());
        assertEquals(Role.OTHER, device(all, PC.mac()).role());
        Scenario t = new Scenario();
        Scenario.TcpConnection r = t.at(0).tcp(PC, 52000, cucm, 2000);
        r.handshake();
        long register = r.client(Scenario.skinnyRegister("SEP001B21AABBCC", PC, 30018));
        Device pc = device(devices(t.decode()), PC.mac());
        assertEquals(Role.PHONE, pc.role());
        assertEquals("registers by SCCP as SEP001B21AABBCC (frame " + register + ")", pc.roleReason());
    }

    /**
     * The host that answers a phone's firmware request by HTTP, or its RETR by FTP, serves files to
     * phones; a web server answering a PC's page does not make it one. Read through the analysis's
     * filtered decoding, with tshark's word on which frames are the responses.
     */
    @Test
    void aHostAnsweringAPhonesHttpOrFtpFetchIsAServerAndAWebServerIsNot() throws Exception {
        Host http = new Host("00:1b:21:aa:bb:d0", "192.168.1.20");
        Host ftp = new Host("00:1b:21:aa:bb:d1", "192.168.1.21");
        Host web = new Host("00:1b:21:aa:bb:d2", "192.168.1.22");
        Scenario s = new Scenario();
        Scenario.TcpConnection get = s.at(0).tcp(PHONE, 51000, http, 80);
        get.handshake();
        get.client("GET /snomD785-r.bin HTTP/1.1\r\nHost: 192.168.1.20\r\n\r\n");
        long ok = get.server("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd");
        Scenario.TcpConnection control = s.after(1).tcp(PHONE, 51001, ftp, 21);
        control.handshake();
        control.server("220 ready\r\n");
        control.client("USER anonymous\r\n");
        control.server("230 logged in\r\n");
        control.client("RETR snom370-r.bin\r\n");
        long opening = control.server("150 Opening BINARY mode data connection\r\n");
        Scenario.TcpConnection page = s.after(1).tcp(PC, 52000, web, 80);
        page.handshake();
        page.client("GET /index.html HTTP/1.1\r\nHost: 192.168.1.22\r\n\r\n");
        page.server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
        Path capture = s.write(Files.createTempFile("fetches", ".pcap"));
        capture.toFile().deleteOnExit();
        List<String[]> responses = Tshark.fields(capture, "frame.number", "http.response.code", "ftp.response.code");
        assertEquals("200", responses.get((int) ok - 1)[1]);
        assertEquals("150", responses.get((int) opening - 1)[2]);

        List<Device> all = devices(filtered(capture));
        Device httpServer = device(all, http.mac());
        assertEquals(Role.SERVER, httpServer.role());
        assertEquals("answers HTTP (frame " + ok + ")", httpServer.roleReason());
        Device ftpServer = device(all, ftp.mac());
        assertEquals(Role.SERVER, ftpServer.role());
        assertEquals("answers FTP (frame " + opening + ")", ftpServer.roleReason());
        assertEquals(Role.OTHER, device(all, web.mac()).role());
        assertEquals(Role.PHONE, device(all, PHONE.mac()).role());
    }

    private static List<String> values(Device d, DeviceHint.Kind kind) {
        return d.hints(kind).stream().map(DeviceHint::value).toList();
    }
}
