package org.phonerescue.core.session;

import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.decode.DecoderState;
import org.phonerescue.core.decode.FrameHeaders;
import org.phonerescue.core.decode.tftp.TftpDissector;
import org.phonerescue.core.decode.tftp.TftpTransferState;
import org.phonerescue.core.device.DeviceTracker;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.transfer.TftpTransferTracker;

/**
 * The bulk of a recovery capture, TFTP DATA and ACK blocks, read from their headers instead of
 * being decoded into trees. Once a decoded DATA or ACK has shown where a flow (source MAC, IPv4
 * addresses and UDP ports) belongs, the flow's next blocks are recognised by a header walk over
 * the reader's buffer and handed straight to the device and transfer trackers, with what their
 * decoding would have told them: sender, full block number, time, frame, and the block's bytes
 * in place. Nothing is allocated per packet.
 *
 * <p>Only plain frames qualify: Ethernet II with at most two 802.1Q tags, IPv4 neither fragmented
 * nor cut short, a UDP datagram captured whole that is a DATA or an ACK of exactly 4 bytes, on
 * no port another part of the analysis reads (DHCP, TFTP requests, SPA, SIP). Anything else,
 * and every packet after a new conversation claim (a new request may change where a flow
 * belongs), goes through the full decoding, which then teaches the flow again.
 */
final class KnownTftpBlocks {

    /** Flows remembered; past this the table starts over (a flow is learnt again on its next block). */
    static final int MAX_FLOWS = 4096;

    private static final int TABLE_SIZE = 2 * MAX_FLOWS; // a power of two, at most half full

    /** What a flow's blocks lead to, valid while the decoder's claims stay at {@code claims}. */
    private static final class Flow {
        final int sourceIp;
        final int destinationIp;
        final int ports;
        final byte[] sourceMac;
        final long claims;
        final TftpTransferState conversation;
        final TftpTransferTracker.Flow transfer;
        final DeviceTracker.Sender sender;

        Flow(int sourceIp, int destinationIp, int ports, byte[] sourceMac, long claims,
             TftpTransferState conversation, TftpTransferTracker.Flow transfer, DeviceTracker.Sender sender) {
            this.sourceIp = sourceIp;
            this.destinationIp = destinationIp;
            this.ports = ports;
            this.sourceMac = sourceMac;
            this.claims = claims;
            this.conversation = conversation;
            this.transfer = transfer;
            this.sender = sender;
        }
    }

    private final DecoderState decoder;
    private final DeviceTracker devices;
    private final TftpTransferTracker transfers;
    private final FrameHeaders headers = new FrameHeaders();
    private final Flow[] table = new Flow[TABLE_SIZE];
    private int flows;
    private long taken;

    KnownTftpBlocks(DecoderState decoder, DeviceTracker devices, TftpTransferTracker transfers) {
        this.decoder = decoder;
        this.devices = devices;
        this.transfers = transfers;
    }

    /** Packets taken in from their headers so far. */
    long taken() {
        return taken;
    }

    /**
     * Takes in the reader's current packet if it is a DATA or ACK of a known flow; false when it
     * must be decoded instead.
     */
    boolean take(CaptureReader reader, long time) {
        if (flows == 0 || reader.linkType().code() != 1) {
            return false;
        }
        byte[] b = reader.buffer();
        FrameHeaders h = headers.parse(reader.linkType(), b, reader.dataOffset(), reader.capturedLength());
        int udpEnd = plainUdpEnd(h);
        if (udpEnd < 0) {
            return false;
        }
        int ip = h.networkOffset;
        Flow f = find(s32(b, ip + 12), s32(b, ip + 16), h.sourcePort << 16 | h.destinationPort);
        if (f == null || f.claims != decoder.claims() || !sameMac(b, h.ethOffset + 6, f.sourceMac)) {
            return false;
        }
        int q = h.payloadOffset;
        int op = u16(b, q);
        if (op != 3 && !(op == 4 && udpEnd - q == 4)) {
            return false; // an ACK with bytes after the block number is flagged by the decoder
        }
        long frame = reader.packetNumber();
        long block = f.conversation.fullBlock(u16(b, q + 2), op == 3);
        if (f.sender != null) {
            devices.sent(f.sender, frame, time);
        }
        transfers.block(f.transfer, op, block, frame, time, udpEnd - h.transportOffset, b, q + 4, udpEnd - q - 4);
        taken++;
        return true;
    }

    /**
     * Learns the flow of a packet just decoded and taken in by the trackers, when it is a DATA or
     * ACK of a transfer and its headers qualify; the reader must still be on that packet.
     */
    void learn(PacketView p, CaptureReader reader) {
        TftpTransferTracker.Flow transfer = transfers.flow(p);
        if (transfer == null || reader.linkType().code() != 1) {
            return;
        }
        byte[] b = reader.buffer();
        FrameHeaders h = headers.parse(reader.linkType(), b, reader.dataOffset(), reader.capturedLength());
        if (plainUdpEnd(h) < 0) {
            return;
        }
        TftpTransferState conversation = TftpDissector.transferOf(decoder, p.sourceIp(), h.sourcePort,
                p.destinationIp(), h.destinationPort);
        if (conversation == null) {
            return;
        }
        int ip = h.networkOffset;
        byte[] mac = java.util.Arrays.copyOfRange(b, h.ethOffset + 6, h.ethOffset + 12);
        put(new Flow(s32(b, ip + 12), s32(b, ip + 16), h.sourcePort << 16 | h.destinationPort, mac, decoder.claims(),
                conversation, transfer, devices.sender(p)));
    }

    /** Where the UDP datagram ends when the frame is plain enough to be read from its headers, else -1. */
    private static int plainUdpEnd(FrameHeaders h) {
        if (h.problem != null || h.ethOffset < 0 || h.llc || h.ipVersion != 4 || h.ipProtocol != FrameHeaders.IP_PROTO_UDP
                || h.laterFragment || h.firstFragment || h.payloadOffset < 0 || h.vlanCount > 2) {
            return -1;
        }
        for (int i = 0; i < h.vlanCount; i++) {
            if (h.vlanTpids[i] != FrameHeaders.ETHERTYPE_VLAN) {
                return -1;
            }
        }
        byte[] b = h.buffer();
        int ip = h.networkOffset;
        if (ip != h.ethOffset + 14 + 4 * h.vlanCount || h.etherType != FrameHeaders.ETHERTYPE_IPV4) {
            return -1; // MPLS, PPPoE, SNAP: left to the decoder
        }
        int total = u16(b, ip + 2);
        if ((u16(b, ip + 6) & 0x3FFF) != 0 || total == 0 || ip + total > h.end()) {
            return -1; // a fragment, an offloaded length, or a datagram cut by the snaplen
        }
        int udp = h.transportOffset;
        int udpLength = u16(b, udp + 4);
        if (udpLength < 12 || udp + udpLength > ip + total) {
            return -1;
        }
        if (special(h.sourcePort) || special(h.destinationPort)) {
            return -1;
        }
        return udp + udpLength;
    }

    /** Ports whose packets other parts of the analysis read: DHCP, TFTP requests, SPA, SIP. */
    private static boolean special(int port) {
        return port == 67 || port == 68 || port == 69 || port == 4810 || port == 4811 || port == 5060;
    }

    private Flow find(int sourceIp, int destinationIp, int ports) {
        int i = slot(sourceIp, destinationIp, ports);
        while (true) {
            Flow f = table[i];
            if (f == null) {
                return null;
            }
            // One test for the whole key, not three: the JIT compiles the branches a capture has
            // not taken yet as traps, and each of three would throw the compiled take() away once.
            if (((f.sourceIp ^ sourceIp) | (f.destinationIp ^ destinationIp) | (f.ports ^ ports)) == 0) {
                return f;
            }
            i = (i + 1) & (TABLE_SIZE - 1);
        }
    }

    private void put(Flow flow) {
        if (flows >= MAX_FLOWS) {
            java.util.Arrays.fill(table, null);
            flows = 0;
        }
        int i = slot(flow.sourceIp, flow.destinationIp, flow.ports);
        while (table[i] != null) {
            Flow f = table[i];
            if (f.sourceIp == flow.sourceIp && f.destinationIp == flow.destinationIp && f.ports == flow.ports) {
                table[i] = flow;
                return;
            }
            i = (i + 1) & (TABLE_SIZE - 1);
        }
        table[i] = flow;
        flows++;
    }

    private static int slot(int sourceIp, int destinationIp, int ports) {
        int h = sourceIp * 0x9E3779B1 ^ Integer.rotateLeft(destinationIp * 0x85EBCA6B, 13) ^ ports * 0xC2B2AE35;
        return (h ^ h >>> 15) & (TABLE_SIZE - 1);
    }

    private static boolean sameMac(byte[] b, int p, byte[] mac) {
        for (int i = 0; i < 6; i++) {
            if (b[p + i] != mac[i]) {
                return false;
            }
        }
        return true;
    }

    /** The reader's current timestamp in ns since 1970, or {@link PacketView#NO_TIME}. */
    static long time(CaptureReader reader) {
        long s = reader.epochSecond();
        return s == CapturedPacket.NO_TIMESTAMP ? PacketView.NO_TIME : s * 1_000_000_000L + reader.nanos();
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) << 8 | b[p + 1] & 0xFF;
    }

    private static int s32(byte[] b, int p) {
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | b[p + 3] & 0xFF;
    }
}
