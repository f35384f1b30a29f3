package org.phonerescue.core.session;

/**
 * One ARP message for IPv4 over Ethernet (RFC 826): who says which address is at which MAC.
 *
 * @param frame     frame number
 * @param time      ns since 1970, or {@code PacketView.NO_TIME}
 * @param opcode    1 request, 2 reply
 * @param senderMac sender hardware address: the MAC the sender says it has
 * @param senderIp  sender protocol address; 0.0.0.0 in an RFC 5227 probe
 * @param targetMac target hardware address (all zeros in a request)
 * @param targetIp  target protocol address
 */
public record ArpMessage(long frame, long time, int opcode, String senderMac, String senderIp, String targetMac,
                         String targetIp) {

    public static final int REQUEST = 1;
    public static final int REPLY = 2;

    /** RFC 5227 §2.1.1: a request from 0.0.0.0 asking whether anyone has the target address already. */
    public boolean probe() {
        return opcode == REQUEST && "0.0.0.0".equals(senderIp);
    }

    /** Whether the sender claims its sender address (every request or reply that is not a probe does, RFC 826). */
    public boolean claims() {
        return senderIp != null && senderMac != null && !senderIp.equals("0.0.0.0");
    }

    /** RFC 5227 §2.3 announcement (gratuitous ARP): sender and target address the same. */
    public boolean announcement() {
        return claims() && senderIp.equals(targetIp);
    }
}
