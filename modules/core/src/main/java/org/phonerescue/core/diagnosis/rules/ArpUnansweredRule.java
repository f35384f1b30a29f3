package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.Role;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.DhcpMessage;
import org.phonerescue.core.session.UnansweredArp;
import org.phonerescue.core.transfer.RequestRepeats;

/**
 * A phone asks by ARP for one address again and again and nothing ever answers for it (RFC 826:
 * the owner of the address replies; nothing else from that address either). Field notes §2: a
 * Snom in rescue mode gets its address, netmask, gateway and server typed by hand, no DHCP, and
 * "the server should be on the same network as the phone". When the typed gateway does not
 * exist (the server on another network) or the typed server is not on the segment, the phone
 * sends nothing but these requests: it has no MAC to send its download request to. A device that
 * sends (almost) nothing but such requests is taken for that phone by the analysis; a phone known
 * by other signs gets the finding too, as a warning and a lesser cause when it sends other traffic
 * (its download may have worked; only what goes to or through the address is lost).
 *
 * <p>The netmask typed on a phone is not on the wire: the phone's network is taken as its /24
 * unless DHCP gave it a mask, and the wording says so.
 */
public final class ArpUnansweredRule implements Rule {

    /** Other devices' addresses named as lying outside the phone's network. */
    static final int NAMED_ADDRESSES = 3;

    @Override
    public String id() {
        return "arp-unanswered";
    }

    @Override
    public String title() {
        return "Nobody answers the phone's ARP requests";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        for (UnansweredArp u : a.unansweredArp()) {
            if (!u.repeated() || SubnetMismatchRule.value(u.askerIp()) < 0) {
                continue;
            }
            Device d = a.device(u.askerMac());
            if (d == null || d.role() != Role.PHONE) {
                continue; // an ordinary host that sends other traffic and merely asks in vain
            }
            out.add(describe(a, d, u));
        }
        return out;
    }

    /**
     * The phone's network: its address, the prefix of the mask DHCP gave it (or -1), the ACK's
     * routers (option 3) and TFTP servers (option 150, or an address in option 66), the ACK's
     * frame (-1 without one: an address typed by hand).
     */
    private record Network(String ip, int prefix, List<String> routers, List<String> servers, long ackFrame) {

        boolean dhcp() {
            return ackFrame >= 0;
        }

        int assumedPrefix() {
            return prefix >= 0 ? prefix : SubnetMismatchRule.ASSUMED_PREFIX;
        }

        String subnet() {
            return SubnetMismatchRule.network(ip, assumedPrefix()) + "/" + assumedPrefix();
        }

        boolean contains(String other) {
            return SubnetMismatchRule.same(ip, other, assumedPrefix());
        }
    }

    private static Network network(CaptureAnalysis a, Device d, String ip) {
        DhcpMessage ack = null;
        for (DhcpMessage m : a.dhcp()) {
            if (m.type() == DhcpMessage.ACK && d.mac().equals(m.clientMac()) && ip.equals(m.yourIp())) {
                ack = m;
            }
        }
        if (ack == null) {
            return new Network(ip, -1, List.of(), List.of(), -1);
        }
        List<String> servers = new ArrayList<>(ack.tftpServers());
        String name = ack.tftpServerName() == null ? null : ack.tftpServerName().trim();
        if (SubnetMismatchRule.value(name) >= 0) {
            servers.add(name);
        }
        return new Network(ip, SubnetMismatchRule.prefix(ack.subnetMask()), ack.routers(), servers, ack.frame());
    }

    private Finding describe(CaptureAnalysis a, Device d, UnansweredArp u) {
        RequestRepeats r = u.requests();
        String target = u.targetIp();
        Network net = network(a, d, u.askerIp());
        StringBuilder why = new StringBuilder("The phone (" + u.askerIp() + ") asked by ARP who has " + target + " "
                + r.count() + " times" + (u.span() > 0 ? String.format(Locale.ROOT, " over %.1f s", u.span() / 1e9) : "")
                + " (" + FindingText.frames(r.frames(), r.count()) + "), and nothing answered: no ARP reply, and no "
                + "frame from " + target + " at all.");
        long housekeeping = u.askerPackets() - u.askerArp() - u.askerOther();
        if (u.askerOther() == 0) {
            why.append(" It sent nothing but ARP").append(housekeeping > 0 ? " (and " + housekeeping + " frames of the "
                    + "link housekeeping every stack sends, such as IPv6 neighbour discovery)" : "").append(": without "
                    + "an answer it cannot send a single packet to that address, nor through it.");
        } else if (u.nearlyAllArp()) {
            why.append(" It sent almost nothing else (").append(u.askerOther()).append(u.askerOther() == 1 ? " frame"
                    : " frames").append("): without an answer it cannot send a single packet to that address, nor "
                    + "through it.");
        } else {
            why.append(" It sends other traffic too (").append(u.askerOther()).append(" frames), so only what it "
                    + "sends to or through ").append(target).append(" is lost.");
        }
        List<String> outside = outside(a, d, net, target);
        if (net.routers().contains(target)) {
            why.append(' ').append(target).append(" is the gateway DHCP gave it (option 3, frame ")
                    .append(net.ackFrame()).append("): the phone has no way off its network.");
        } else if (net.servers().contains(target)) {
            why.append(' ').append(target).append(" is the TFTP server DHCP gave it (option 150 or 66, frame ")
                    .append(net.ackFrame()).append("), and nothing at that address is on this cable: the server is "
                    + "off, on another VLAN, or has another address.");
        } else if (!outside.isEmpty() && net.contains(target)) {
            why.append(' ').append(target).append(" is most likely the gateway ")
                    .append(net.dhcp() ? "the phone uses" : "typed on the phone").append(": to reach an "
                    + "address off its own network the phone first asks for its gateway, and nothing at that address "
                    + "is on this cable.");
        } else if (net.dhcp()) {
            why.append(' ').append(target).append(" is an address the phone wants to reach directly, and nothing at "
                    + "that address is on this cable.");
        } else {
            why.append(' ').append(target).append(" is the gateway or the server typed on the phone (in rescue mode "
                    + "its address, netmask, gateway and server are typed by hand), and nothing at that address is "
                    + "on this cable.");
        }
        if (!outside.isEmpty()) {
            why.append(" The capture shows ").append(list(outside)).append(outside.size() == 1 ? ", which is" : ", which are")
                    .append(" not in ").append(net.subnet()).append(", the phone's network ")
                    .append(net.prefix() >= 0 ? "by the netmask DHCP gave it" : net.dhcp() ? "if its netmask is "
                            + SubnetMismatchRule.mask(net.assumedPrefix()) + " (DHCP gave it none)"
                            : "if its netmask is " + SubnetMismatchRule.mask(net.assumedPrefix())
                            + " (a netmask typed on the phone is not on the wire)")
                    .append(": the server should be on the same network as the phone.");
        }
        String server = outside.isEmpty() ? null : outside.get(0).split(" ")[0];
        if (net.dhcp()) {
            String remedy = "Check what the DHCP server gives the phone (frame " + net.ackFrame() + "): its router "
                    + "(option 3) and its TFTP server (option 150 or 66) must be hosts on the phone's network, "
                    + net.subnet() + ", that are switched on and on this segment (the same switch and VLAN). If "
                    + target + " is one of them, check that it is on and has that address.";
            return finding(d.key(), u.nearlyAllArp() ? 85 : 40, why.toString(), remedy, r.frames(), -1, u);
        }
        String remedy = "Check the IP address, netmask, gateway and server typed on the phone (in rescue mode they are "
                + "typed by hand, no DHCP). Put the server on the phone's network: give the PC an address in "
                + net.subnet() + (server == null ? "" : ", or type on the phone an address in the server's network ("
                + SubnetMismatchRule.network(server, SubnetMismatchRule.ASSUMED_PREFIX) + "/"
                + SubnetMismatchRule.ASSUMED_PREFIX + " if the server is " + server + " with netmask "
                + SubnetMismatchRule.mask(SubnetMismatchRule.ASSUMED_PREFIX) + ")") + ". Otherwise type a gateway that exists on the "
                + "phone's network and routes to the server. If " + target + " is meant to be the server itself, check "
                + "that it is switched on, has that address and is on this segment (the same switch and VLAN).";
        return finding(d.key(), u.nearlyAllArp() ? 85 : 40, why.toString(), remedy, r.frames(), -1, u);
    }

    /** A phone that talks to others all the same is not stopped by the address: a lesser cause, a warning. */
    private Finding finding(String device, int likelihood, String why, String remedy, List<Long> evidence, long transfer,
                            UnansweredArp u) {
        return finding(u.nearlyAllArp() ? severity() : Severity.WARNING, device, likelihood, why, remedy, evidence,
                transfer);
    }

    /**
     * "10.231.50.1 (of 02:50:52:00:00:01)": other devices' IPv4 addresses off the phone's network,
     * servers first, at most {@value #NAMED_ADDRESSES}.
     */
    private static List<String> outside(CaptureAnalysis a, Device phone, Network net, String target) {
        List<Device> others = new ArrayList<>(a.devices());
        others.remove(phone);
        others.sort(Comparator.comparingInt(o -> rank(o.role())));
        List<String> out = new ArrayList<>();
        for (Device o : others) {
            for (String ip : o.addresses()) {
                if (out.size() < NAMED_ADDRESSES && SubnetMismatchRule.value(ip) > 0 && !ip.equals(target)
                        && !ip.equals("255.255.255.255") && !net.contains(ip)) {
                    out.add(ip + " (of " + o.label() + ")");
                }
            }
        }
        return out;
    }

    private static int rank(Role r) {
        return switch (r) {
            case SERVER -> 0;
            case ROUTER -> 1;
            case OTHER -> 2;
            case PHONE -> 3;
        };
    }

    /** "a", "a and b", "a, b and c". */
    private static String list(List<String> items) {
        return items.size() == 1 ? items.get(0)
                : String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
