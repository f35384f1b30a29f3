package org.phonerescue.core.analysis;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.LinkType;
import org.phonerescue.core.pcap.PcapWriter;
import org.phonerescue.core.testing.Frames;

/**
 * A recovery scene for tests, frame by frame with timestamps: hosts on one Ethernet, UDP
 * datagrams, TFTP, DHCP (RFC 2131 layout written out here), the SPA recovery protocol (layout
 * from spa-recovery-protocol.md written out here), SIP and ICMP errors quoting a frame.
 * {@link #write(Path)} gives a pcap that tshark can check.
 */
public final class Scenario {

    /** A host: MAC and IPv4 address. */
    public record Host(String mac, String ip) {
        byte[] macBytes() {
            return Frames.mac(mac);
        }

        byte[] ipBytes() {
            return Frames.ip(ip);
        }
    }

    public static final Host BROADCAST = new Host("ff:ff:ff:ff:ff:ff", "255.255.255.255");
    public static final String SPA_GROUP = "234.4.8.10";

    private static final long EPOCH = 1_700_000_000L;
    private final List<CapturedPacket> packets = new ArrayList<>();
    private long nanos;

    /** Sets the clock, in seconds from the start of the capture. */
    public Scenario at(double seconds) {
        nanos = Math.round(seconds * 1e9);
        return this;
    }

    /** Moves the clock on. */
    public Scenario after(double seconds) {
        nanos += Math.round(seconds * 1e9);
        return this;
    }

    public double now() {
        return nanos / 1e9;
    }

    /** Adds a whole Ethernet frame at the current time; returns its frame number. */
    /** Frames so far: the next frame's number is one more. */
    public long frames() {
        return packets.size();
    }

    public long frame(byte[] frame) {
        long number = packets.size() + 1;
        packets.add(new CapturedPacket(number, EPOCH + nanos / 1_000_000_000L, (int) (nanos % 1_000_000_000L),
                frame.length, LinkType.ETHERNET, 0, frame, null, 0));
        return number;
    }

    public long udp(Host from, int sport, Host to, int dport, byte[] payload) {
        return frame(Frames.udp(from.macBytes(), to.macBytes(), from.ipBytes(), to.ipBytes(), sport, dport, payload));
    }

    /** A datagram to a multicast group (RFC 1112 §6.4 MAC). */
    public long udpToGroup(Host from, int sport, String group, int dport, byte[] payload) {
        byte[] g = Frames.ip(group);
        return frame(Frames.udp(from.macBytes(), Frames.multicastMac(g), from.ipBytes(), g, sport, dport, payload));
    }

    /** The bytes of frame {@code number}. */
    public byte[] bytes(long number) {
        return packets.get((int) number - 1).data();
    }

    /**
     * An ICMP destination unreachable (RFC 792; code 3 port, 1 host) from {@code from} to the
     * sender of frame {@code offending}, quoting its IP header and the first 8 bytes after it.
     */
    public long icmpUnreachable(Host from, Host to, int code, long offending) {
        byte[] quotedFrame = bytes(offending);
        int ipLength = (quotedFrame[14] & 0x0F) * 4;
        int quoted = Math.min(quotedFrame.length - 14, ipLength + 8);
        byte[] icmp = new byte[8 + quoted];
        icmp[0] = 3;
        icmp[1] = (byte) code;
        System.arraycopy(quotedFrame, 14, icmp, 8, quoted);
        int sum = checksum(icmp);
        icmp[2] = (byte) (sum >>> 8);
        icmp[3] = (byte) sum;
        return frame(Frames.ipv4(from.macBytes(), to.macBytes(), from.ipBytes(), to.ipBytes(), 1, 0, false, 0x4321, icmp));
    }

    /** A SIP request or response over UDP 5060 (RFC 3261 §7), lines joined with CRLF. */
    public long sip(Host from, Host to, String... lines) {
        String text = String.join("\r\n", lines) + "\r\n\r\n";
        return udp(from, 5060, to, 5060, text.getBytes(StandardCharsets.US_ASCII));
    }

    public List<CapturedPacket> packets() {
        return List.copyOf(packets);
    }

    /** Writes the scene as a pcap (tshark reads it back frame for frame). */
    public Path write(Path file) throws IOException {
        try (PcapWriter w = PcapWriter.create(file, LinkType.ETHERNET)) {
            for (CapturedPacket p : packets) {
                w.write(p);
            }
        }
        return file;
    }

    /** A TCP connection between two hosts, written segment by segment at the scene's clock. */
    public TcpConnection tcp(Host client, int clientPort, Host server, int serverPort) {
        return new TcpConnection(client, clientPort, server, serverPort);
    }

    /**
     * One TCP connection (RFC 9293): the handshake, data from either side cut into segments of
     * at most 1460 bytes (0.1 ms apart), FIN and RST. Sequence numbers are kept per side.
     */
    public final class TcpConnection {
        public static final int FIN = 0x01;
        public static final int SYN = 0x02;
        public static final int RST = 0x04;
        public static final int PSH = 0x08;
        public static final int ACK = 0x10;
        private static final int MSS = 1460;

        private final Host client;
        private final int clientPort;
        private final Host server;
        private final int serverPort;
        private long clientSeq = 1_000_000L;
        private long serverSeq = 3_000_000_000L;

        private TcpConnection(Host client, int clientPort, Host server, int serverPort) {
            this.client = client;
            this.clientPort = clientPort;
            this.server = server;
            this.serverPort = serverPort;
        }

        /** SYN, SYN/ACK, ACK; returns the frame of the SYN. */
        public long handshake() {
            long syn = segment(true, SYN, new byte[0]);
            clientSeq++;
            segment(false, SYN | ACK, new byte[0]);
            serverSeq++;
            segment(true, ACK, new byte[0]);
            return syn;
        }

        /**
         * The client's SYN, alone; called again, its repeat with the same sequence number (RFC 9293
         * §3.8.1); returns its frame.
         */
        public long syn() {
            return segment(true, SYN, new byte[0]);
        }

        /** The server's SYN/ACK to the client's SYN; returns its frame. */
        public long synAck() {
            clientSeq++;
            long f = segment(false, SYN | ACK, new byte[0]);
            serverSeq++;
            return f;
        }

        /** The server's host refuses the client's SYN: RST/ACK of the SYN, sequence number 0 (RFC 9293 §3.10.7.1). */
        public long refuse() {
            clientSeq++;
            serverSeq = 0;
            return segment(false, RST | ACK, new byte[0]);
        }

        /** The client sends data; returns the frame of its last segment. */
        public long client(byte[] data) {
            return send(true, data);
        }

        public long client(String text) {
            return client(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** The server sends data; returns the frame of its last segment. */
        public long server(byte[] data) {
            return send(false, data);
        }

        public long server(String text) {
            return server(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** The server's sequence number moves on as if {@code n} bytes were sent but not captured. */
        public void serverLost(int n) {
            serverSeq += n;
        }

        /**
         * A server segment whose first byte lies {@code offset} bytes from the next one due
         * (negative: bytes sent before, a repeat; positive: ahead, as when segments cross), without
         * moving the server's sequence number on; returns its frame.
         */
        public long serverAt(long offset, byte[] data) {
            long next = serverSeq;
            serverSeq = next + offset;
            long f = segment(false, PSH | ACK, data);
            serverSeq = next;
            return f;
        }

        /**
         * A client segment whose first byte lies {@code offset} bytes from the next one due
         * (negative: a repeat of bytes sent before, as when the server's ACK was lost), without
         * moving the client's sequence number on; returns its frame.
         */
        public long clientAt(long offset, byte[] data) {
            long next = clientSeq;
            clientSeq = next + offset;
            long f = segment(true, PSH | ACK, data);
            clientSeq = next;
            return f;
        }

        /** A bare ACK from one side, of everything the other side sent so far. */
        public long ack(boolean fromClient) {
            return segment(fromClient, ACK, new byte[0]);
        }

        /** A FIN from one side. */
        public long fin(boolean fromClient) {
            long f = segment(fromClient, FIN | ACK, new byte[0]);
            if (fromClient) {
                clientSeq++;
            } else {
                serverSeq++;
            }
            return f;
        }

        /** A RST from one side. */
        public long reset(boolean fromClient) {
            return segment(fromClient, RST | ACK, new byte[0]);
        }

        private long send(boolean fromClient, byte[] data) {
            long last = -1;
            for (int at = 0; at < data.length; at += MSS) {
                if (at > 0) {
                    after(0.0001);
                }
                byte[] part = java.util.Arrays.copyOfRange(data, at, Math.min(data.length, at + MSS));
                last = segment(fromClient, PSH | ACK, part);
                if (fromClient) {
                    clientSeq += part.length;
                } else {
                    serverSeq += part.length;
                }
            }
            return last;
        }

        private long segment(boolean fromClient, int flags, byte[] payload) {
            Host from = fromClient ? client : server;
            Host to = fromClient ? server : client;
            long seq = fromClient ? clientSeq : serverSeq;
            long ack = (flags & ACK) != 0 ? (fromClient ? serverSeq : clientSeq) : 0;
            byte[] segment = Frames.tcpSegment(fromClient ? clientPort : serverPort, fromClient ? serverPort : clientPort,
                    seq, ack, flags, payload);
            return frame(Frames.ipv4(from.macBytes(), to.macBytes(), from.ipBytes(), to.ipBytes(), 6, 0, false, 0x2222,
                    segment));
        }
    }

    /** Every frame decoded in order, as the analysis sees it. */
    public List<PacketView> decode() {
        return decode(new PacketDecoder());
    }

    /** Decoded with only the fields the analysis reads, as it runs on real captures. */
    public List<PacketView> decode(java.util.Set<String> fields) {
        return decode(new PacketDecoder(fields));
    }

    /** Decoded by {@code decoder}, whose state the analysis may read at the end (reassembly in progress). */
    public List<PacketView> decode(PacketDecoder decoder) {
        List<PacketView> out = new ArrayList<>();
        for (CapturedPacket p : packets) {
            out.add(new PacketView(decoder.decode(p)));
        }
        return out;
    }

    static int checksum(byte[] b) {
        int sum = 0;
        for (int i = 0; i < b.length; i += 2) {
            sum += ((b[i] & 0xFF) << 8) | (i + 1 < b.length ? b[i + 1] & 0xFF : 0);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    // ---- VLANs and how a switch tells the voice VLAN ----

    /** The frame with an IEEE 802.1Q tag (TPID 0x8100, priority 5, VLAN {@code vlan}) after the MAC addresses. */
    public static byte[] tagged(byte[] frame, int vlan) {
        byte[] out = new byte[frame.length + 4];
        System.arraycopy(frame, 0, out, 0, 12);
        out[12] = (byte) 0x81;
        out[13] = 0x00;
        int tci = 5 << 13 | vlan;
        out[14] = (byte) (tci >>> 8);
        out[15] = (byte) tci;
        System.arraycopy(frame, 12, out, 16, frame.length - 12);
        return out;
    }

    /** A UDP datagram in a frame tagged with {@code vlan}. */
    public long udpOnVlan(int vlan, Host from, int sport, Host to, int dport, byte[] payload) {
        return frame(tagged(Frames.udp(from.macBytes(), to.macBytes(), from.ipBytes(), to.ipBytes(), sport, dport,
                payload), vlan));
    }

    /**
     * A CDP v2 announcement from a switch port (802.3 length, LLC/SNAP with OUI 00-00-0C and PID
     * 0x2000, to 01:00:0c:cc:cc:cc): device id, port id, native VLAN (TLV 0x000A) and the VoIP VLAN
     * Reply (TLV 0x000E: a data byte, then the VLAN). Checksum left 0.
     */
    public long cdpVoiceVlan(String switchMac, int nativeVlan, int voiceVlan) {
        return cdpSwitchPort(switchMac, "GigabitEthernet0/5", nativeVlan, voiceVlan);
    }

    /**
     * A CDP v2 announcement from switch port {@code port}, as {@link #cdpVoiceVlan}; a VLAN below 0
     * leaves its TLV out.
     */
    public long cdpSwitchPort(String switchMac, String port, int nativeVlan, int voiceVlan) {
        java.io.ByteArrayOutputStream pdu = new java.io.ByteArrayOutputStream();
        pdu.writeBytes(new byte[] {2, (byte) 180, 0, 0});
        cdpTlv(pdu, 0x0001, "Switch".getBytes(StandardCharsets.US_ASCII));
        cdpTlv(pdu, 0x0003, port.getBytes(StandardCharsets.US_ASCII));
        if (nativeVlan >= 0) {
            cdpTlv(pdu, 0x000A, new byte[] {(byte) (nativeVlan >>> 8), (byte) nativeVlan});
        }
        if (voiceVlan >= 0) {
            cdpTlv(pdu, 0x000E, new byte[] {1, (byte) (voiceVlan >>> 8), (byte) voiceVlan});
        }
        byte[] cdp = pdu.toByteArray();
        ByteBuffer f = ByteBuffer.allocate(Math.max(60, 22 + cdp.length));
        int length = 8 + cdp.length;
        f.put(Frames.mac("01:00:0c:cc:cc:cc")).put(Frames.mac(switchMac)).putShort((short) length)
                .put(new byte[] {(byte) 0xAA, (byte) 0xAA, 3, 0, 0, 0x0C, 0x20, 0}).put(cdp);
        return frame(f.array());
    }

    /**
     * A CDP v2 announcement from a phone: Device ID, Capabilities (TLV 0x0004: Host 0x10 and VoIP
     * Phone 0x80), Software Version (0x0005) and Platform (0x0006). Checksum left 0.
     */
    public long cdpPhone(String phoneMac, String deviceId, String software, String platform) {
        java.io.ByteArrayOutputStream pdu = new java.io.ByteArrayOutputStream();
        pdu.writeBytes(new byte[] {2, (byte) 180, 0, 0});
        cdpTlv(pdu, 0x0001, deviceId.getBytes(StandardCharsets.US_ASCII));
        cdpTlv(pdu, 0x0003, "Port 1".getBytes(StandardCharsets.US_ASCII));
        cdpTlv(pdu, 0x0004, new byte[] {0, 0, 0, (byte) 0x90});
        cdpTlv(pdu, 0x0005, software.getBytes(StandardCharsets.US_ASCII));
        cdpTlv(pdu, 0x0006, platform.getBytes(StandardCharsets.US_ASCII));
        byte[] cdp = pdu.toByteArray();
        ByteBuffer f = ByteBuffer.allocate(Math.max(60, 22 + cdp.length));
        f.put(Frames.mac("01:00:0c:cc:cc:cc")).put(Frames.mac(phoneMac)).putShort((short) (8 + cdp.length))
                .put(new byte[] {(byte) 0xAA, (byte) 0xAA, 3, 0, 0, 0x0C, 0x20, 0}).put(cdp);
        return frame(f.array());
    }

    private static void cdpTlv(java.io.ByteArrayOutputStream out, int type, byte[] value) {
        int length = value.length + 4;
        out.writeBytes(new byte[] {(byte) (type >>> 8), (byte) type, (byte) (length >>> 8), (byte) length});
        out.writeBytes(value);
    }

    /**
     * An LLDPDU (IEEE 802.1AB, EtherType 0x88CC, to 01:80:c2:00:00:0e): chassis and port id by
     * MAC, TTL, and an LLDP-MED network policy (ANSI/TIA-1057 §10.2.3) for Voice (application 1),
     * policy known, tagged, VLAN {@code vlan}, priority 5, DSCP 46.
     */
    public long lldpMedVoicePolicy(String mac, int vlan) {
        byte[] m = Frames.mac(mac);
        java.io.ByteArrayOutputStream pdu = new java.io.ByteArrayOutputStream();
        lldpTlv(pdu, 1, new byte[] {4, m[0], m[1], m[2], m[3], m[4], m[5]});
        lldpTlv(pdu, 2, new byte[] {3, m[0], m[1], m[2], m[3], m[4], m[5]});
        lldpTlv(pdu, 3, new byte[] {0, 120});
        lldpVoicePolicy(pdu, vlan);
        return lldpFrame(m, pdu);
    }

    /**
     * An LLDPDU from switch port {@code port}: chassis id by MAC, Port ID as an interface name
     * (subtype 5), TTL, the IEEE 802.1 Port VLAN ID (OUI 00-80-C2, subtype 1; left out when
     * {@code pvid} is below 0), and an LLDP-MED network policy for Voice as {@link #lldpMedVoicePolicy}.
     */
    public long lldpSwitchPort(String mac, String port, int pvid, int voiceVlan) {
        byte[] m = Frames.mac(mac);
        java.io.ByteArrayOutputStream pdu = new java.io.ByteArrayOutputStream();
        lldpTlv(pdu, 1, new byte[] {4, m[0], m[1], m[2], m[3], m[4], m[5]});
        byte[] name = port.getBytes(StandardCharsets.US_ASCII);
        byte[] portId = new byte[1 + name.length];
        portId[0] = 5;
        System.arraycopy(name, 0, portId, 1, name.length);
        lldpTlv(pdu, 2, portId);
        lldpTlv(pdu, 3, new byte[] {0, 120});
        if (pvid >= 0) {
            lldpTlv(pdu, 127, new byte[] {0x00, (byte) 0x80, (byte) 0xC2, 1, (byte) (pvid >>> 8), (byte) pvid});
        }
        lldpVoicePolicy(pdu, voiceVlan);
        return lldpFrame(m, pdu);
    }

    /** The LLDP-MED network policy TLV for Voice: policy known, tagged, VLAN {@code vlan}, priority 5, DSCP 46. */
    private static void lldpVoicePolicy(java.io.ByteArrayOutputStream pdu, int vlan) {
        int bits = 1 << 22 | vlan << 9 | 5 << 6 | 46;
        lldpTlv(pdu, 127, new byte[] {0x00, 0x12, (byte) 0xBB, 2, 1, (byte) (bits >>> 16), (byte) (bits >>> 8),
            (byte) bits});
    }

    /** The LLDPDU ended (End TLV) and sent from {@code mac} to the nearest-bridge group address, padded to 60 bytes. */
    private long lldpFrame(byte[] mac, java.io.ByteArrayOutputStream pdu) {
        lldpTlv(pdu, 0, new byte[0]);
        byte[] body = pdu.toByteArray();
        ByteBuffer f = ByteBuffer.allocate(Math.max(60, 14 + body.length));
        f.put(Frames.mac("01:80:c2:00:00:0e")).put(mac).putShort((short) 0x88CC).put(body);
        return frame(f.array());
    }

    /**
     * An LLDPDU from a phone: chassis and port id by MAC, TTL, System Name (TLV 5), System
     * Description (6), System Capabilities (7: Bridge and Telephone supported, {@code enabled} as
     * given; Telephone is 0x20), and the LLDP-MED inventory (ANSI/TIA-1057 §10.2.6, OUI 00-12-BB
     * subtypes 5–10: hardware, firmware, software revision, serial number, manufacturer, model).
     */
    public long lldpPhone(String mac, int enabled, String systemName, String description, String hardware,
                          String firmware, String software, String serial, String manufacturer, String model) {
        byte[] m = Frames.mac(mac);
        java.io.ByteArrayOutputStream pdu = new java.io.ByteArrayOutputStream();
        lldpTlv(pdu, 1, new byte[] {4, m[0], m[1], m[2], m[3], m[4], m[5]});
        lldpTlv(pdu, 2, new byte[] {3, m[0], m[1], m[2], m[3], m[4], m[5]});
        lldpTlv(pdu, 3, new byte[] {0, 120});
        lldpTlv(pdu, 5, systemName.getBytes(StandardCharsets.US_ASCII));
        lldpTlv(pdu, 6, description.getBytes(StandardCharsets.US_ASCII));
        lldpTlv(pdu, 7, new byte[] {0, 0x24, (byte) (enabled >>> 8), (byte) enabled});
        String[] inventory = {hardware, firmware, software, serial, manufacturer, model};
        for (int i = 0; i < inventory.length; i++) {
            byte[] text = inventory[i].getBytes(StandardCharsets.US_ASCII);
            byte[] value = new byte[4 + text.length];
            value[1] = 0x12;
            value[2] = (byte) 0xBB;
            value[3] = (byte) (5 + i);
            System.arraycopy(text, 0, value, 4, text.length);
            lldpTlv(pdu, 127, value);
        }
        lldpTlv(pdu, 0, new byte[0]);
        byte[] body = pdu.toByteArray();
        ByteBuffer f = ByteBuffer.allocate(Math.max(60, 14 + body.length));
        f.put(Frames.mac("01:80:c2:00:00:0e")).put(m).putShort((short) 0x88CC).put(body);
        return frame(f.array());
    }

    // ---- Skinny (SCCP) on TCP port 2000: little-endian length, header version, message ID, data ----

    /**
     * A Skinny message: data length (the message ID and data), header version 0, message ID, data.
     */
    public static byte[] skinny(int messageId, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(4 + data.length).putInt(0).putInt(messageId).put(data);
        return b.array();
    }

    /**
     * RegisterReq (0x0001): station name (16 bytes, NUL-padded), reserved, instance, station IP
     * address, device type, max streams, active streams, protocol version.
     */
    public static byte[] skinnyRegister(String deviceName, Host station, int deviceType) {
        ByteBuffer d = ByteBuffer.allocate(44).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        byte[] name = deviceName.getBytes(StandardCharsets.US_ASCII);
        d.put(name, 0, Math.min(15, name.length)).position(16);
        d.putInt(0).putInt(1).put(station.ipBytes()).putInt(deviceType).putInt(5).putInt(0).put((byte) 11);
        return skinny(0x0001, d.array());
    }

    /** RegisterAck (0x0081): keep-alive 30 s, date template "M/D/YA", secondary keep-alive, protocol version. */
    public static byte[] skinnyRegisterAck() {
        ByteBuffer d = ByteBuffer.allocate(20).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        d.putInt(30).put("M/D/YA".getBytes(StandardCharsets.US_ASCII)).position(12);
        d.putInt(60).put((byte) 11);
        return skinny(0x0081, d.array());
    }

    /** RegisterReject (0x009D) with its text (33 bytes, NUL-padded). */
    public static byte[] skinnyRegisterReject(String text) {
        byte[] d = new byte[33];
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, d, 0, Math.min(32, t.length));
        return skinny(0x009D, d);
    }

    private static void lldpTlv(java.io.ByteArrayOutputStream out, int type, byte[] value) {
        out.writeBytes(new byte[] {(byte) (type << 1 | value.length >>> 8), (byte) value.length});
        out.writeBytes(value);
    }

    // ---- ARP (RFC 826 for IPv4 over Ethernet; RFC 5227 probes and announcements) ----

    /**
     * An ARP message in an Ethernet frame padded to the 60-byte minimum: hardware type 1, protocol
     * 0x0800, sizes 6 and 4, the opcode, then sender MAC and IP, target MAC and IP.
     */
    public long arp(String ethSource, String ethDestination, int opcode, String senderMac, String senderIp,
                    String targetMac, String targetIp) {
        ByteBuffer f = ByteBuffer.allocate(60);
        f.put(Frames.mac(ethDestination)).put(Frames.mac(ethSource)).putShort((short) 0x0806);
        f.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) opcode);
        f.put(Frames.mac(senderMac)).put(Frames.ip(senderIp)).put(Frames.mac(targetMac)).put(Frames.ip(targetIp));
        return frame(f.array());
    }

    /** "Who has {@code ip}? Tell {@code from}", broadcast. */
    public long arpRequest(Host from, String ip) {
        return arp(from.mac(), BROADCAST.mac(), 1, from.mac(), from.ip(), "00:00:00:00:00:00", ip);
    }

    /** "{@code from}'s address is at its MAC", to the asker. */
    public long arpReply(Host from, Host to) {
        return arp(from.mac(), to.mac(), 2, from.mac(), from.ip(), to.mac(), to.ip());
    }

    /** RFC 5227 §2.1.1 probe: a request from 0.0.0.0 for the address {@code mac} wants to use. */
    public long arpProbe(String mac, String ip) {
        return arp(mac, BROADCAST.mac(), 1, mac, "0.0.0.0", "00:00:00:00:00:00", ip);
    }

    /** RFC 5227 §2.3 announcement (gratuitous ARP): sender and target address both the host's own. */
    public long arpAnnouncement(Host host) {
        return arp(host.mac(), BROADCAST.mac(), 1, host.mac(), host.ip(), "00:00:00:00:00:00", host.ip());
    }

    // ---- DHCP (RFC 2131 §2 fixed header, RFC 2132 options) ----

    /** A DHCP message under construction: fixed header, then options in the order added. */
    public static final class Dhcp {
        private final ByteBuffer header = ByteBuffer.allocate(240);
        private final java.io.ByteArrayOutputStream options = new java.io.ByteArrayOutputStream();

        /** op 1 request / 2 reply, with the client's MAC in chaddr and message type (option 53). */
        public Dhcp(int op, long xid, String clientMac, int messageType) {
            header.put((byte) op).put((byte) 1).put((byte) 6).put((byte) 0).putInt((int) xid);
            header.position(28);
            header.put(Frames.mac(clientMac));
            header.position(236);
            header.putInt(0x63825363);
            option(53, new byte[] {(byte) messageType});
        }

        /** yiaddr: the address offered or assigned. */
        public Dhcp your(String ip) {
            header.position(16);
            header.put(Frames.ip(ip));
            return this;
        }

        public Dhcp option(int code, byte[] value) {
            options.write(code);
            options.write(value.length);
            options.writeBytes(value);
            return this;
        }

        public Dhcp option(int code, String text) {
            return option(code, text.getBytes(StandardCharsets.US_ASCII));
        }

        /** Options that hold IPv4 addresses (3 router, 54 server identifier, 150 TFTP servers). */
        public Dhcp addresses(int code, String... ips) {
            byte[] v = new byte[4 * ips.length];
            for (int i = 0; i < ips.length; i++) {
                System.arraycopy(Frames.ip(ips[i]), 0, v, 4 * i, 4);
            }
            return option(code, v);
        }

        public byte[] bytes() {
            byte[] o = options.toByteArray();
            byte[] out = new byte[240 + o.length + 1];
            System.arraycopy(header.array(), 0, out, 0, 240);
            System.arraycopy(o, 0, out, 240, o.length);
            out[out.length - 1] = (byte) 255;
            return out;
        }
    }

    /** A client's message from 0.0.0.0:68 to the broadcast address :67. */
    public long dhcpFromClient(String clientMac, Dhcp message) {
        return udp(new Host(clientMac, "0.0.0.0"), 68, BROADCAST, 67, message.bytes());
    }

    /** A server's answer to the client's port 68, broadcast (RFC 2131 §4.1 when the client has no address yet). */
    public long dhcpFromServer(Host server, Dhcp message) {
        return udp(server, 67, BROADCAST, 68, message.bytes());
    }

    // ---- SPA recovery protocol (spa-recovery-protocol.md, "Frames") ----

    /** Common header: op, three unused bytes, "RECM", serial NUL-terminated at 8. */
    public static byte[] spaFrame(int length, int op, String serial) {
        byte[] f = new byte[length];
        f[0] = (byte) op;
        f[4] = 'R';
        f[5] = 'E';
        f[6] = 'C';
        f[7] = 'M';
        putString(f, 8, serial);
        return f;
    }

    /** A 160-byte Request from the tool (port 4811) to the group 234.4.8.10:4810. */
    public long spaRequest(Host tool, String serial) {
        return udpToGroup(tool, 4811, SPA_GROUP, 4810, spaFrame(160, 0, serial));
    }

    /** The phone's 100-byte Reply to the group, port 4811: serial, product, MAC, loader, hardware, IP. */
    public long spaReply(Host phone, String serial, String product, String loader) {
        byte[] f = spaFrame(100, 1, serial);
        putString(f, 28, product);
        System.arraycopy(Frames.mac(phone.mac()), 0, f, 48, 6);
        putString(f, 54, loader);
        putString(f, 74, "1.0.2");
        System.arraycopy(Frames.ip(phone.ip()), 0, f, 94, 4);
        f[98] = (byte) 0xFF;
        f[99] = (byte) 0xFF;
        return udpToGroup(phone, 4810, SPA_GROUP, 4811, f);
    }

    /** The tool's 160-byte Upgrade: TFTP port at 28, file name at 32. */
    public long spaUpgrade(Host tool, String serial, String file) {
        byte[] f = spaFrame(160, 2, serial);
        f[28] = 0;
        f[29] = 69;
        putString(f, 32, file);
        return udpToGroup(tool, 4811, SPA_GROUP, 4810, f);
    }

    /** The phone's 100-byte echo of the Upgrade, sent before it starts the download. */
    public long spaUpgradeAck(Host phone, String serial, String file) {
        byte[] f = spaFrame(100, 2, serial);
        f[28] = 0;
        f[29] = 69;
        putString(f, 32, file);
        return udpToGroup(phone, 4810, SPA_GROUP, 4811, f);
    }

    // ---- TFTP (RFC 1350 §5 packet layouts; options RFC 2347) ----

    /** RRQ: opcode 1, file name, NUL, mode "octet", NUL, then option name/value pairs. */
    /** A DNS query for the A record of {@code name} (RFC 1035 §4.1: header, one question, recursion desired). */
    public static byte[] dnsQuery(int id, String name) {
        return dns(id, 0x0100, name, 0);
    }

    /** A DNS response to {@link #dnsQuery}: {@code rcode} (§4.1.1) and one A record per address. */
    public static byte[] dnsResponse(int id, String name, int rcode, String... addresses) {
        byte[] head = dns(id, 0x8180 | rcode, name, addresses.length);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(head);
        for (String a : addresses) {
            // name pointer to the question (offset 12), type A, class IN, TTL 300, 4 bytes of address
            out.writeBytes(new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4});
            for (String part : a.split("\\.")) {
                out.write(Integer.parseInt(part));
            }
        }
        return out.toByteArray();
    }

    private static byte[] dns(int id, int flags, String name, int answers) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, (byte) (flags >> 8), (byte) flags, 0, 1,
                (byte) (answers >> 8), (byte) answers, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        out.writeBytes(new byte[] {0, 0, 1, 0, 1}); // root, type A, class IN
        return out.toByteArray();
    }

    public static byte[] rrq(String file, String... options) {
        return request(1, file, options);
    }

    public static byte[] wrq(String file, String... options) {
        return request(2, file, options);
    }

    private static byte[] request(int opcode, String file, String... options) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(0);
        b.write(opcode);
        strings(b, file, "octet");
        strings(b, options);
        return b.toByteArray();
    }

    /** DATA: opcode 3, block number, up to blksize bytes. */
    public static byte[] data(int block, byte[] content) {
        byte[] b = new byte[4 + content.length];
        b[1] = 3;
        b[2] = (byte) (block >>> 8);
        b[3] = (byte) block;
        System.arraycopy(content, 0, b, 4, content.length);
        return b;
    }

    public static byte[] ack(int block) {
        return new byte[] {0, 4, (byte) (block >>> 8), (byte) block};
    }

    /** ERROR: opcode 5, error code, message, NUL. */
    public static byte[] error(int code, String message) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(0);
        b.write(5);
        b.write(code >>> 8);
        b.write(code);
        strings(b, message);
        return b.toByteArray();
    }

    /** OACK (RFC 2347): opcode 6, option name/value pairs. */
    public static byte[] oack(String... options) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(0);
        b.write(6);
        strings(b, options);
        return b.toByteArray();
    }

    private static void strings(java.io.ByteArrayOutputStream b, String... texts) {
        for (String t : texts) {
            b.writeBytes(t.getBytes(StandardCharsets.US_ASCII));
            b.write(0);
        }
    }

    /** {@code length} bytes of a repeatable pattern that differs per position, as file content. */
    public static byte[] content(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed + (i >>> 8));
        }
        return b;
    }

    private static void putString(byte[] f, int offset, String s) {
        byte[] v = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, f, offset, v.length);
    }
}
