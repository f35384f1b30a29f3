package org.phonerescue.servers.dhcp;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.phonerescue.servers.event.LeaseEvent;
import org.phonerescue.servers.event.ServedProtocol;
import org.phonerescue.servers.event.ServerEventListener;

/**
 * Answers DHCP messages (RFC 2131 §4.3) on the server's one thread: DISCOVER → OFFER, REQUEST →
 * ACK or NAK, INFORM → ACK with options only, RELEASE and DECLINE update the lease table.
 */
@ChannelHandler.Sharable
final class DhcpRequestHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private final DhcpServerConfig config;
    private final ServerEventListener events;
    private final LeaseTable leases;
    private Channel replies;

    DhcpRequestHandler(DhcpServerConfig config, ServerEventListener events) {
        super(DatagramPacket.class);
        this.config = config;
        this.events = events;
        this.leases = new LeaseTable(config);
    }

    void replyChannel(Channel channel) {
        this.replies = channel;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        byte[] payload = ByteBufUtil.getBytes(packet.content());
        DhcpMessage m = DhcpMessage.parse(payload, 0, payload.length);
        if (m == null || m.op() != DhcpMessage.BOOTREQUEST || m.htype() != 1 || m.chaddr().length != 6) {
            return; // not a request from an Ethernet client
        }
        if (!Arrays.equals(m.giaddr(), new byte[4])) {
            return; // relayed from another network: not ours to serve
        }
        InetSocketAddress from = packet.sender();
        String mac = m.clientMac();
        long now = System.nanoTime();
        Inet4Address requested = m.optionAddress(DhcpMessage.OPT_REQUESTED_IP);
        Inet4Address serverId = m.optionAddress(DhcpMessage.OPT_SERVER_ID);
        switch (m.messageType()) {
            case DhcpMessage.DISCOVER -> {
                Inet4Address offer = leases.offer(mac, requested, now);
                if (offer == null) {
                    event(from, m, LeaseEvent.Kind.REFUSED, null, 0, "the pool "
                            + config.poolFirst().getHostAddress() + "-" + config.poolLast().getHostAddress() + " is exhausted");
                    return;
                }
                reply(m, DhcpMessage.OFFER, offer, true);
                event(from, m, LeaseEvent.Kind.OFFERED, offer, config.leaseSeconds(), null);
            }
            case DhcpMessage.REQUEST -> {
                if (serverId != null && !serverId.equals(config.serverAddress())) {
                    return; // RFC 2131 §4.3.2: the client chose another server's offer
                }
                boolean renewing = !Arrays.equals(m.ciaddr(), new byte[4]);
                Inet4Address wanted = renewing ? DhcpMessage.address(m.ciaddr()) : requested;
                if (wanted == null) {
                    return;
                }
                if (!DhcpServerConfig.inSubnet(wanted, config.serverAddress(), config.prefixLength())
                        || !leases.bind(mac, wanted, now)) {
                    reply(m, DhcpMessage.NAK, null, false);
                    event(from, m, LeaseEvent.Kind.REFUSED, wanted, 0, "NAK: " + wanted.getHostAddress()
                            + " is not free for this client on this network");
                    return;
                }
                reply(m, DhcpMessage.ACK, wanted, true);
                event(from, m, LeaseEvent.Kind.GRANTED, wanted, config.leaseSeconds(), null);
            }
            case DhcpMessage.INFORM -> {
                reply(m, DhcpMessage.ACK, null, true);
                event(from, m, LeaseEvent.Kind.INFORMED, DhcpMessage.address(m.ciaddr()), 0, null);
            }
            case DhcpMessage.RELEASE -> {
                leases.release(mac, DhcpMessage.address(m.ciaddr()));
                event(from, m, LeaseEvent.Kind.RELEASED, DhcpMessage.address(m.ciaddr()), 0, null);
            }
            case DhcpMessage.DECLINE -> {
                if (requested != null) {
                    leases.decline(mac, requested);
                    event(from, m, LeaseEvent.Kind.DECLINED, requested, 0, "the client found the address in use");
                }
            }
            default -> {
                // plain BOOTP or an unknown type: not served
            }
        }
    }

    /**
     * Sends {@code type} for request {@code m}. Destination (RFC 2131 §4.1): the client's own
     * address when it has one and is not in INIT; else broadcast, which every client accepts
     * (unicast to an address the client does not yet use would need an ARP entry we cannot set).
     */
    private void reply(DhcpMessage m, int type, Inet4Address yiaddr, boolean withOptions) {
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        options.put(DhcpMessage.OPT_MESSAGE_TYPE, new byte[] {(byte) type});
        options.put(DhcpMessage.OPT_SERVER_ID, config.serverAddress().getAddress());
        if (withOptions) {
            if (type != DhcpMessage.ACK || yiaddr != null) {
                long lease = config.leaseSeconds();
                options.put(DhcpMessage.OPT_LEASE_TIME, u32(lease));
                options.put(DhcpMessage.OPT_RENEWAL_TIME, u32(lease / 2));
                options.put(DhcpMessage.OPT_REBINDING_TIME, u32(lease * 7 / 8));
            }
            options.put(DhcpMessage.OPT_SUBNET_MASK, config.subnetMask());
            options.putAll(config.options());
        }
        byte[] zero = new byte[4];
        DhcpMessage answer = new DhcpMessage(DhcpMessage.BOOTREPLY, 1, 0, m.xid(), 0, m.flags(),
                type == DhcpMessage.NAK ? zero : m.ciaddr(), yiaddr == null ? zero : yiaddr.getAddress(),
                config.serverAddress().getAddress(), zero, m.chaddr(), options);
        boolean unicast = type != DhcpMessage.NAK && !Arrays.equals(m.ciaddr(), zero);
        InetSocketAddress to = unicast
                ? new InetSocketAddress(DhcpMessage.address(m.ciaddr()), config.clientPort())
                : new InetSocketAddress("255.255.255.255", config.clientPort());
        replies.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(answer.encode()), to), replies.voidPromise());
    }

    private void event(InetSocketAddress from, DhcpMessage m, LeaseEvent.Kind kind, Inet4Address address, long lease,
                       String detail) {
        events.onEvent(new LeaseEvent(Instant.now(), ServedProtocol.DHCP, from, m.clientMac(), kind, address, lease,
                printable(m.optionText(DhcpMessage.OPT_HOSTNAME)), printable(m.optionText(DhcpMessage.OPT_VENDOR_CLASS)),
                detail));
    }

    private static String printable(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 100; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c >= 0x7F ? '?' : c);
        }
        return sb.toString();
    }

    private static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
