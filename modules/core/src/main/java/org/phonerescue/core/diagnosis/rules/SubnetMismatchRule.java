package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.phonerescue.core.device.AddressUse;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.Role;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.ArpMessage;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.DhcpMessage;
import org.phonerescue.core.session.SpaMessage;
import org.phonerescue.core.transfer.Endpoint;
import org.phonerescue.core.transfer.FailedConnection;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.IcmpError;
import org.phonerescue.core.transfer.TftpTransfer;
import org.phonerescue.core.transfer.TransferProtocol;
import org.phonerescue.core.transfer.Unreachable;

/**
 * A file server of the phone (TFTP, HTTP or FTP: field notes §2 has a Snom in rescue mode fetch its
 * firmware by any of the three) lies outside the phone's subnet and there is no usable gateway to
 * it (RFC 1122 §3.3.1.1: a host sends off its subnet only through a gateway). Field notes §2: "the
 * server should be on the same network as the phone". The subnet comes from the DHCP ACK's
 * address and mask (RFC 2132 §3.3), the gateway from its router option (§3.5); a gateway is
 * unusable when there is none, when it lies outside the subnet itself, when nothing answers at
 * its address (its ARP requests unanswered), or when it sends ICMP net/host unreachable for the
 * server. A phone with a static address (or the SPA Reply's) has no mask on the wire: then the
 * usual 255.255.255.0 is assumed, and only a gateway the phone asks for by ARP in vain counts.
 * A server that answers the phone proves the way works: no finding. For HTTP and FTP that is a
 * response, a reply, data, or anything at all from the server's address, since a request goes
 * only over a connection whose handshake the server answered (RFC 9293 §3.5). A server the phone
 * only tried to connect to ({@link FailedConnection}) counts as one of its servers; a RST to
 * those SYNs, or a later connection that came up, shows the way works.
 */
public final class SubnetMismatchRule implements Rule {

    /** The mask assumed when none is on the wire. */
    static final int ASSUMED_PREFIX = 24;

    @Override
    public String id() {
        return "subnet-mismatch";
    }

    @Override
    public String title() {
        return "File server on another subnet without a usable gateway";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    /** Where the phone's address came from, with its mask (prefix length) and routers when DHCP gave them. */
    private record Setting(String ip, int prefix, List<String> routers, String how, long frame) {
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        for (Device d : a.devices()) {
            if (d.role() != Role.PHONE || d.mac() == null) {
                continue;
            }
            Setting setting = setting(a, d);
            if (setting == null) {
                continue;
            }
            for (Map.Entry<String, Source> server : servers(a, d, setting).entrySet()) {
                Finding f = judge(a, d, setting, server.getKey(), server.getValue());
                if (f != null) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    private static Setting setting(CaptureAnalysis a, Device d) {
        DhcpMessage ack = null;
        for (DhcpMessage m : a.dhcp()) {
            if (m.type() == DhcpMessage.ACK && d.mac().equals(m.clientMac()) && m.yourIp() != null) {
                ack = m;
            }
        }
        if (ack != null) {
            return new Setting(ack.yourIp(), prefix(ack.subnetMask()), ack.routers(),
                    "the DHCP ACK from " + ack.server() + " (frame " + ack.frame() + ")", ack.frame());
        }
        for (SpaMessage m : a.spa()) {
            if (m.kind() == SpaMessage.Kind.REPLY && d.mac().equals(m.senderMac()) && value(m.phoneIp()) >= 0
                    && !m.phoneIp().equals("0.0.0.0")) {
                return new Setting(m.phoneIp(), -1, List.of(), "its SPA Reply (frame " + m.frame() + ")", m.frame());
            }
        }
        for (AddressUse u : d.ips()) {
            if (u.sent() && value(u.ip()) >= 0) {
                return new Setting(u.ip(), -1, List.of(), "its own packets (frame " + u.firstFrame() + ")",
                        u.firstFrame());
            }
        }
        return null;
    }

    /**
     * How a server came to be the phone's, and the protocol the phone is told to use with it when
     * the capture shows no request (DHCP options), else null.
     */
    private record Source(String how, String protocol) {
    }

    /** An option 66 URL such as Snom phones are given for provisioning: scheme and IPv4 host (RFC 3986 §3). */
    private static final Pattern URL =
            Pattern.compile("(?i)(https?|ftp|tftp)://([0-9.]+)(?::\\d*)?(?:[/?#].*)?");

    /** The servers the phone was given or used, each with how it came to be its server. */
    private static Map<String, Source> servers(CaptureAnalysis a, Device d, Setting setting) {
        Map<String, Source> out = new LinkedHashMap<>();
        for (DhcpMessage m : a.dhcp()) {
            if (m.frame() == setting.frame()) {
                m.tftpServers().forEach(s -> out.putIfAbsent(s, new Source("option 150 of " + setting.how(), "TFTP")));
                String name = m.tftpServerName() == null ? null : m.tftpServerName().trim();
                Matcher url = name == null ? null : URL.matcher(name);
                if (name != null && value(name) >= 0) {
                    out.putIfAbsent(name, new Source("option 66 of " + setting.how(), "TFTP"));
                } else if (url != null && url.matches() && value(url.group(2)) >= 0) {
                    // RFC 2132 §9.4 calls it a TFTP server name; provisioning servers put a URL there
                    out.putIfAbsent(url.group(2), new Source("option 66, \"" + name + "\", of " + setting.how(),
                            url.group(1).toUpperCase(Locale.ROOT)));
                }
            }
        }
        for (FileTransfer t : a.fileTransfersOf(d)) {
            Endpoint server = t.requestedServer();
            if (server != null && !server.multicast() && value(server.ip()) >= 0
                    && !server.ip().equals("255.255.255.255")) {
                out.putIfAbsent(server.ip(), new Source("the server it sent " + t.protocol() + " requests to (frame "
                        + t.requestFrame() + ")", null));
            }
        }
        for (FailedConnection c : a.failedConnectionsOf(d)) {
            if (value(c.server().ip()) >= 0) {
                out.putIfAbsent(c.server().ip(), new Source("the server it tried to connect to by " + c.service()
                        + " (frame " + c.firstFrame() + ")", null));
            }
        }
        for (SpaMessage m : a.spa()) {
            if ((m.kind() == SpaMessage.Kind.REQUEST || m.kind() == SpaMessage.Kind.UPGRADE)
                    && value(m.senderIp()) >= 0 && repliedTo(a, d)) {
                out.putIfAbsent(m.senderIp(), new Source("the SPA recovery tool (frame " + m.frame() + ")", "TFTP"));
            }
        }
        out.remove(setting.ip());
        return out;
    }

    private static boolean repliedTo(CaptureAnalysis a, Device d) {
        return a.spa().stream().anyMatch(m -> m.kind() == SpaMessage.Kind.REPLY && d.mac().equals(m.senderMac()));
    }

    private Finding judge(CaptureAnalysis a, Device d, Setting setting, String server, Source source) {
        String how = source.how();
        List<FileTransfer> toServer = a.fileTransfersOf(d).stream().filter(t -> t.requestedServer() != null
                && server.equals(t.requestedServer().ip()) || t.server() != null && server.equals(t.server().ip()))
                .toList();
        if (toServer.stream().anyMatch(t -> answered(a, t))) {
            return null; // the server answered the phone: there is a way
        }
        List<FailedConnection> failed = a.failedConnectionsOf(d).stream()
                .filter(c -> server.equals(c.server().ip())).toList();
        if (failed.stream().anyMatch(c -> c.resetFrame() > 0 || c.connectedLater() >= 0)) {
            return null; // the server's host answered the SYN (RST), or a later connection came up
        }
        String reversed = Option150ByteOrderRule.reverse(server);
        if (!a.sentFrom(server) && reversed != null && a.sentFrom(reversed)) {
            return null; // dhcp-opt150-byte-order names that cause
        }
        int prefix = setting.prefix() >= 0 ? setting.prefix() : ASSUMED_PREFIX;
        if (same(server, setting.ip(), prefix)) {
            return null;
        }
        List<Long> evidence = new ArrayList<>(List.of(setting.frame()));
        // the frames kept of the requests and SYNs (the first and the last of a TFTP request's repeats, the
        // first SYNs), and how many there were
        List<Long> requests = new ArrayList<>();
        long count = 0;
        for (FileTransfer t : toServer) {
            requests.addAll(t instanceof TftpTransfer tftp ? tftp.requests().frames() : List.of(t.requestFrame()));
            count += t instanceof TftpTransfer tftp ? tftp.requests().count() : 1;
        }
        for (FailedConnection c : failed) {
            requests.addAll(c.synFrames());
            count += c.syns();
        }
        evidence.addAll(requests);
        String subnet = network(setting.ip(), prefix) + "/" + prefix;
        List<String> protocols = new ArrayList<>();
        toServer.forEach(t -> protocols.add(t.protocol().name()));
        failed.forEach(c -> protocols.add(c.protocol().name()));
        String kind = protocols.isEmpty() && source.protocol() != null ? source.protocol() : protocols(protocols);
        String gateway;
        int likelihood = 90;
        if (setting.prefix() >= 0) {
            String router = setting.routers().isEmpty() ? null : setting.routers().get(0);
            List<Long> asked = router == null ? List.of() : arpRequests(a, d, router);
            List<Unreachable> refused = new ArrayList<>();
            toServer.stream().filter(t -> t instanceof TftpTransfer).forEach(t -> ((TftpTransfer) t).unreachables().stream()
                    .filter(u -> u.from().equals(router) && (u.code() == 0 || u.code() == 1)).forEach(refused::add));
            List<IcmpError> refusedTcp = new ArrayList<>();
            failed.forEach(c -> c.icmpErrors().stream().filter(e -> e.from().equals(router) && e.noRoute())
                    .forEach(refusedTcp::add));
            if (router == null) {
                gateway = "it gives the phone no router (option 3), so the phone has no way off its subnet";
            } else if (!same(router, setting.ip(), prefix)) {
                gateway = "the router it gives, " + router + ", is itself outside that subnet, so the phone cannot "
                        + "reach it";
            } else if (!alive(a, router)) {
                gateway = "the router it gives, " + router + ", never answers: nothing in the capture comes from it"
                        + (asked.isEmpty() ? "" : " and the phone's ARP requests for it (" + FindingText.frames(asked)
                        + ") go unanswered");
                evidence.addAll(asked);
            } else if (!refused.isEmpty()) {
                gateway = "the router " + router + " answers that it cannot forward there: "
                        + refused.get(0).describe();
                refused.forEach(u -> evidence.add(u.frame()));
            } else if (!refusedTcp.isEmpty()) {
                gateway = "the router " + router + " answers that it cannot forward there: "
                        + refusedTcp.get(0).describe();
                refusedTcp.forEach(e -> evidence.add(e.frame()));
            } else {
                return null; // a live router: whether it forwards, server-unreachable tells
            }
        } else {
            List<Long> asked = new ArrayList<>();
            String silent = null;
            for (ArpMessage m : a.arp()) {
                if (m.opcode() == ArpMessage.REQUEST && !m.probe() && !m.announcement() && d.mac().equals(m.senderMac())
                        && !server.equals(m.targetIp()) && !alive(a, m.targetIp())
                        && (silent == null || silent.equals(m.targetIp()))) {
                    silent = m.targetIp();
                    asked.add(m.frame());
                }
            }
            if (asked.size() < 2) {
                return null; // without a mask on the wire, only a gateway asked for in vain shows the problem
            }
            likelihood = 75;
            gateway = "the phone asks by ARP for " + silent + " (" + FindingText.frames(asked) + "), its gateway, "
                    + "and nothing answers at that address. The phone's netmask is not in the capture: "
                    + "255.255.255.0 is assumed";
            evidence.addAll(asked);
        }
        String why = "The phone has " + setting.ip() + " from " + setting.how() + (setting.prefix() >= 0
                ? " with netmask " + mask(prefix) : "") + ", so its subnet is " + subnet + ". Its " + kind + " server "
                + server + " (" + how + ") is outside it, and " + gateway + "."
                + (requests.isEmpty() ? "" : " Its " + kind + " requests" + (failed.isEmpty() ? "" : " and connection "
                + "attempts") + " to " + server + " (" + FindingText.frames(requests, count) + ") get no answer.");
        return finding(d.key(), likelihood, why, "Put the phone and the " + kind + " server on the same subnet (give the PC an "
                + "address in " + subnet + ", or the phone one in the server's), or give the phone a working router: "
                + "DHCP option 3 (or the phone's gateway setting) must name a router in " + subnet + " that routes to "
                + server + ".", evidence, toServer.isEmpty() ? -1 : toServer.get(0).requestFrame());
    }

    /**
     * Whether the server answered this request. An HTTP request or FTP command travels only over a
     * connection the server accepted (RFC 9293 §3.5), so for those anything from the server's
     * address counts, even when the response itself is missing.
     */
    private static boolean answered(CaptureAnalysis a, FileTransfer t) {
        return t.answered() || t.protocol() != TransferProtocol.TFTP && t.server() != null && a.sentFrom(t.server().ip());
    }

    /**
     * "TFTP", "HTTP", "TFTP and HTTP": the protocols of the requests and failed connections; TFTP
     * when there are none (DHCP option 150/66).
     */
    private static String protocols(List<String> all) {
        List<String> names = all.stream().distinct().toList();
        if (names.isEmpty()) {
            return "TFTP";
        }
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** Whether anything came from the address, or anyone claims it by ARP. */
    private static boolean alive(CaptureAnalysis a, String ip) {
        return a.sentFrom(ip) || FindingText.arpClaim(a, ip) != null;
    }

    private static List<Long> arpRequests(CaptureAnalysis a, Device d, String target) {
        return a.arp().stream().filter(m -> m.opcode() == ArpMessage.REQUEST && d.mac().equals(m.senderMac())
                && target.equals(m.targetIp())).map(ArpMessage::frame).toList();
    }

    /** A dotted IPv4 address as an unsigned 32-bit value, or -1. */
    static long value(String ip) {
        if (ip == null) {
            return -1;
        }
        String[] p = ip.split("\\.", -1);
        if (p.length != 4) {
            return -1;
        }
        long v = 0;
        for (String part : p) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            int b = Integer.parseInt(part);
            if (b > 255) {
                return -1;
            }
            v = v << 8 | b;
        }
        return v;
    }

    /** The prefix length of a contiguous netmask (RFC 950), or -1 for none or a non-contiguous one. */
    static int prefix(String mask) {
        long m = value(mask);
        if (m < 0) {
            return -1;
        }
        int bits = Long.bitCount(m);
        return m == (bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL) ? bits : -1;
    }

    static boolean same(String x, String y, int prefix) {
        long m = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return (value(x) & m) == (value(y) & m);
    }

    static String network(String ip, int prefix) {
        long m = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return dotted(value(ip) & m);
    }

    static String mask(int prefix) {
        return dotted(prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL);
    }

    private static String dotted(long v) {
        return (v >>> 24 & 255) + "." + (v >>> 16 & 255) + "." + (v >>> 8 & 255) + "." + (v & 255);
    }
}
