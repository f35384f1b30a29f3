package org.phonerescue.servers.preflight;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.phonerescue.core.firmware.CheckFinding;
import org.phonerescue.core.firmware.ServerRootCheck;
import org.phonerescue.servers.dhcp.DhcpGuard;
import org.phonerescue.servers.dhcp.DhcpOptionValues;
import org.phonerescue.servers.files.FileLookup;
import org.phonerescue.servers.files.LookupRules;
import org.phonerescue.servers.files.ServedRoot;
import org.phonerescue.servers.preflight.NftRuleset.Outcome;

/**
 * Checks, before serving, what engineers otherwise find by trial and error: a port held by
 * another program, an interface without an address in the phone's subnet, another DHCP server on
 * the link, a firewall dropping TFTP or the SPA multicast, the file missing under the exact name
 * the phone asks for, an image too large for TFTP. Every problem comes with its fix.
 */
public final class PreflightCheck {

    /** 65535 blocks of 512 bytes: the most a TFTP client without blksize or rollover can fetch. */
    public static final long TFTP_LIMIT_AT_512 = ServerRootCheck.TFTP_LIMIT_AT_512;
    /** The SPA recovery group (SPA field model). */
    private static final String SPA_GROUP = "234.4.8.10";

    /**
     * What to check.
     *
     * @param interfaceName the interface the phone is on
     * @param phoneAddress  the phone's address when known (Snom rescue mode: typed on the phone), or null
     * @param root          the folder that will be served, or null
     * @param fileName      the name the phone will ask for (as it asks: case, leading slash), or null
     * @param dhcpProbe     how long to look for another DHCP server; zero skips it
     */
    public record Request(String interfaceName, Inet4Address phoneAddress, Path root, String fileName,
                          Duration dhcpProbe) {
    }

    private PreflightCheck() {
    }

    public static List<Finding> run(Request r) {
        List<Finding> out = new ArrayList<>();
        InterfaceAddress v4 = checkInterface(r, out);
        checkPorts(out);
        if (v4 != null && !r.dhcpProbe().isZero()) {
            checkDhcp(r, (Inet4Address) v4.getAddress(), v4.getNetworkPrefixLength(), out);
        }
        checkFirewall(r, v4 == null ? null : (Inet4Address) v4.getAddress(), out);
        if (r.root() != null && r.fileName() != null) {
            checkFile(r, out);
            checkRoot(r, out);
        }
        return out;
    }

    private static InterfaceAddress checkInterface(Request r, List<Finding> out) {
        String check = "interface";
        NetworkInterface nif;
        try {
            nif = NetworkInterface.getByName(r.interfaceName());
            if (nif == null) {
                String names = NetworkInterface.networkInterfaces().map(NetworkInterface::getName).sorted()
                        .collect(Collectors.joining(", "));
                out.add(Finding.problem(check, "no interface named " + r.interfaceName() + " (there are: " + names + ")",
                        "name the interface the phone's cable is on; 'ip -brief link' lists them"));
                return null;
            }
            if (!nif.isUp()) {
                out.add(Finding.problem(check, r.interfaceName() + " is down",
                        "bring it up: 'sudo ip link set " + r.interfaceName() + " up', and check the cable"));
            }
        } catch (IOException e) {
            out.add(Finding.unknown(check, "cannot read the interfaces: " + e.getMessage(), null));
            return null;
        }
        List<InterfaceAddress> v4 = nif.getInterfaceAddresses().stream()
                .filter(a -> a.getAddress() instanceof Inet4Address).toList();
        if (v4.isEmpty()) {
            out.add(Finding.problem(check, r.interfaceName() + " has no IPv4 address",
                    "give it one in the phone's subnet, e.g. 'sudo ip address add 192.168.1.1/24 dev " + r.interfaceName() + "'"));
            return null;
        }
        String addresses = v4.stream().map(a -> a.getAddress().getHostAddress() + "/" + a.getNetworkPrefixLength())
                .collect(Collectors.joining(", "));
        if (r.phoneAddress() == null) {
            out.add(Finding.ok(check, r.interfaceName() + " is up with " + addresses));
            return v4.get(0);
        }
        for (InterfaceAddress a : v4) {
            if (sameSubnet(r.phoneAddress(), (Inet4Address) a.getAddress(), a.getNetworkPrefixLength())) {
                out.add(Finding.ok(check, r.interfaceName() + " (" + a.getAddress().getHostAddress() + "/"
                        + a.getNetworkPrefixLength() + ") is in the phone's subnet (" + r.phoneAddress().getHostAddress() + ")"));
                return a;
            }
        }
        out.add(Finding.problem(check, r.interfaceName() + " has " + addresses + ", none in the subnet of the phone's "
                        + r.phoneAddress().getHostAddress(),
                "add an address in the phone's subnet, e.g. 'sudo ip address add " + neighbour(r.phoneAddress())
                        + "/24 dev " + r.interfaceName() + "' (the phone and the server must be on the same network)"));
        return v4.get(0);
    }

    private static void checkPorts(List<Finding> out) {
        PortOwners owners = new PortOwners();
        record Port(String transport, int port, String use, String example) {
        }
        for (Port p : List.of(new Port("udp", 69, "TFTP", "sudo systemctl stop tftpd-hpa"),
                new Port("udp", 67, "DHCP", "sudo systemctl stop isc-dhcp-server dnsmasq"),
                new Port("tcp", 80, "HTTP", "sudo systemctl stop nginx apache2"))) {
            String what = p.transport().toUpperCase() + " " + p.port() + " (" + p.use() + ")";
            try {
                List<PortOwners.Holder> holders = owners.holders(p.transport(), p.port());
                if (holders.isEmpty()) {
                    out.add(Finding.ok("ports", what + " is free"));
                    continue;
                }
                String who = holders.stream().map(h -> (h.owners().isEmpty() ? "another program (run as root to see which)"
                        : h.owners().stream().map(Object::toString).collect(Collectors.joining(", "))) + " on "
                        + h.localAddress()).distinct().collect(Collectors.joining("; "));
                out.add(Finding.problem("ports", what + " is held by " + who,
                        "stop it (e.g. '" + p.example() + "'), or serve " + p.use() + " on another port"));
            } catch (IOException | RuntimeException e) {
                out.add(Finding.unknown("ports", what + ": cannot read /proc/net: " + e.getMessage(), null));
            }
        }
    }

    private static void checkDhcp(Request r, Inet4Address address, int prefix, List<Finding> out) {
        try {
            DhcpGuard.Finding f = DhcpGuard.probe(r.interfaceName(), address, prefix, r.dhcpProbe(), 67, 68);
            if (f.clear()) {
                out.add(Finding.ok("dhcp", "no other DHCP server answered on " + r.interfaceName() + " within "
                        + r.dhcpProbe().toSeconds() + " s"));
            } else {
                for (String s : f.otherServers()) {
                    out.add(Finding.problem("dhcp", s + " on " + r.interfaceName(),
                            "do not start our DHCP server there; either use that server's options (66/67/150) or"
                                    + " take the phone to a network of its own"));
                }
            }
        } catch (IOException e) {
            out.add(Finding.unknown("dhcp", "could not look for DHCP servers (UDP 68: " + e.getMessage() + ")",
                    "run as root, and stop a DHCP client holding port 68 on this machine"));
        }
    }

    private static void checkFirewall(Request r, Inet4Address own, List<Finding> out) {
        String listing;
        try {
            Process p = new ProcessBuilder("nft", "list", "ruleset").redirectErrorStream(true).start();
            listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                out.add(Finding.unknown("firewall", "'nft list ruleset' failed: " + listing.trim(),
                        "run as root to let the firewall be checked"));
                return;
            }
        } catch (IOException e) {
            out.add(Finding.unknown("firewall", "nft is not installed: the firewall rules were not checked", null));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        NftRuleset rules = NftRuleset.parse(listing);
        if (!rules.hasInputChains()) {
            out.add(Finding.ok("firewall", "no nftables input chain: nothing inbound is filtered"));
            return;
        }
        Inet4Address self = own != null ? own : DhcpOptionValues.ipv4("127.0.0.1");
        Inet4Address group = DhcpOptionValues.ipv4(SPA_GROUP);
        record Case(String what, NftRuleset.Packet packet, boolean spaOnly, String fix) {
        }
        String nif = r.interfaceName();
        List<Case> cases = List.of(
                new Case("inbound TFTP requests (UDP 69)", new NftRuleset.Packet("udp", 69, self, nif, false), false,
                        "sudo nft insert rule inet filter input iifname \"" + nif + "\" udp dport 69 accept"),
                new Case("the phone's ACKs to the TFTP transfer ports (e.g. UDP 50000, conntrack established)",
                        new NftRuleset.Packet("udp", 50000, self, nif, true), false,
                        "sudo nft insert rule inet filter input iifname \"" + nif + "\" ct state established,related accept"),
                new Case("DHCP requests (UDP 67)", new NftRuleset.Packet("udp", 67, DhcpOptionValues.ipv4("255.255.255.255"),
                        nif, false), false, "sudo nft insert rule inet filter input iifname \"" + nif + "\" udp dport 67 accept"),
                new Case("HTTP connections (TCP 80)", new NftRuleset.Packet("tcp", 80, self, nif, false), false,
                        "sudo nft insert rule inet filter input iifname \"" + nif + "\" tcp dport 80 accept"),
                new Case("SPA replies to " + SPA_GROUP + ":4811", new NftRuleset.Packet("udp", 4811, group, nif, false), true,
                        "sudo nft insert rule inet filter input iifname \"" + nif + "\" ip daddr " + SPA_GROUP + " accept"),
                new Case("the SPA loader's TFTP requests to " + SPA_GROUP + ":69", new NftRuleset.Packet("udp", 69, group, nif, false),
                        true, "sudo nft insert rule inet filter input iifname \"" + nif + "\" ip daddr " + SPA_GROUP + " accept"),
                new Case("the SPA loader's multicast ACKs to " + SPA_GROUP + " (a transfer port, no conntrack entry)",
                        new NftRuleset.Packet("udp", 50000, group, nif, false), true,
                        "sudo nft insert rule inet filter input iifname \"" + nif + "\" ip daddr " + SPA_GROUP + " accept"));
        for (Case c : cases) {
            NftRuleset.Verdict v = rules.judge(c.packet());
            String suffix = c.spaOnly() ? " (needed for SPA recovery only)" : "";
            if (v.outcome() == Outcome.ACCEPTED) {
                out.add(Finding.ok("firewall", c.what() + " pass (" + v.where() + ")"));
            } else if (v.outcome() == Outcome.DROPPED) {
                String text = c.what() + " are dropped by " + v.where() + suffix;
                out.add(c.spaOnly() ? Finding.warning("firewall", text, c.fix()) : Finding.problem("firewall", text, c.fix()));
            } else {
                out.add(Finding.warning("firewall", c.what() + " may be dropped: " + v.where() + " cannot be judged" + suffix,
                        "check that rule, or add: " + c.fix()));
            }
        }
    }

    private static void checkFile(Request r, List<Finding> out) {
        String name = r.fileName();
        try {
            ServedRoot exact = new ServedRoot(r.root(), LookupRules.exact());
            FileLookup l = exact.find(name);
            if (l instanceof FileLookup.Found f) {
                fileSize(name, f, out);
                return;
            }
            ServedRoot lenient = new ServedRoot(r.root(), LookupRules.exact().withCaseInsensitive(true)
                    .withIgnoreLeadingSlash(true));
            FileLookup loose = lenient.find(name);
            if (loose instanceof FileLookup.Found f) {
                boolean slash = name.startsWith("/") || name.startsWith("\\");
                String asked = slash ? name.substring(1) : name;
                // only the slash differs: phonerescue serve ignores leading slashes by default
                if (!f.servedName().equals(asked)) {
                    out.add(Finding.warning("file", "the phone asks for \"" + name + "\"; the root has \""
                                    + f.servedName() + "\" (the case differs)",
                            "rename the file to \"" + asked + "\", or serve the folder with phonerescue serve --ignore-case"));
                }
                fileSize(name, f, out);
                return;
            }
            String closest = l instanceof FileLookup.NotFound nf ? nf.closestName() : null;
            out.add(Finding.problem("file", "\"" + name + "\" is not under " + r.root()
                            + (closest != null ? "; the closest name there is \"" + closest + "\"" : ""),
                    "copy the image into " + r.root() + " under exactly that name"
                            + (closest != null ? " (or serve \"" + closest + "\" under that name with phonerescue serve --alias " + name + "="
                                    + closest + ")" : "")));
        } catch (IOException e) {
            out.add(Finding.problem("file", r.root() + " cannot be read as a folder: " + e.getMessage(),
                    "name an existing folder with --root"));
        }
    }

    /** The rest of the folder as {@code check-root} checks it: packing lists, configurations, images. */
    private static void checkRoot(Request r, List<Finding> out) {
        List<CheckFinding> found;
        try {
            found = ServerRootCheck.run(r.root(), List.of());
        } catch (IOException e) {
            return; // checkFile has said that the folder cannot be read
        }
        String asked = r.fileName().replaceFirst("^[/\\\\]", "");
        int ok = 0;
        for (CheckFinding f : found) {
            if (f.subject().equals(asked)) {
                ok++;
                continue; // the requested file itself: checkFile has said it
            }
            switch (f.severity()) {
                case OK, INFO -> ok++; // nothing to do
                case WARNING -> out.add(Finding.warning("root", f.subject() + ": " + f.text(), f.fix()));
                case PROBLEM -> out.add(Finding.problem("root", f.subject() + ": " + f.text(), f.fix()));
            }
        }
        if (ok == found.size()) {
            out.add(Finding.ok("root", "packing lists, configurations and images in " + r.root() + " are complete"));
        }
    }

    private static void fileSize(String name, FileLookup.Found f, List<Finding> out) {
        long size;
        try {
            size = Files.size(f.path());
        } catch (IOException e) {
            out.add(Finding.problem("file", f.servedName() + " cannot be read: " + e.getMessage(), "check its permissions"));
            return;
        }
        if (size > TFTP_LIMIT_AT_512) {
            out.add(Finding.warning("file", f.servedName() + " has " + size + " bytes, over the " + TFTP_LIMIT_AT_512
                            + " that TFTP carries at 512-byte blocks without block-number rollover",
                    "serve it over HTTP (phonerescue serve --http) when the phone can, or make sure it negotiates a larger"
                            + " blksize or wraps block numbers (--rollover)"));
        } else {
            out.add(Finding.ok("file", "\"" + name + "\" is served as " + f.servedName() + " (" + size + " bytes)"));
        }
    }

    private static boolean sameSubnet(Inet4Address a, Inet4Address b, int prefix) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        int bits = prefix;
        for (int i = 0; i < 4 && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
            if ((x[i] & mask) != (y[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** An address next to the phone's for the laptop: .1, or .2 when the phone is .1. */
    private static String neighbour(Inet4Address phone) {
        byte[] b = phone.getAddress();
        b[3] = (byte) ((b[3] & 0xFF) == 1 ? 2 : 1);
        return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
    }
}
