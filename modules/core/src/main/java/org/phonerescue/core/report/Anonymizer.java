package org.phonerescue.core.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.DeviceHint;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.DhcpMessage;
import org.phonerescue.core.session.SpaMessage;

/**
 * Replaces what identifies a network in text meant for a forum (field notes §1: "before posting
 * a capture on a forum, remove every packet not related to the phone's recovery: unrelated
 * packets reveal the poster's network") by consistent pseudonyms: the same address always gets
 * the same alias.
 *
 * <ul>
 *   <li>MAC addresses keep their first three octets (the vendor block, which the diagnosis
 *       needs) and get a serial number in the last three, never one that is a real MAC of the
 *       capture (a reader would take it for that device); also inside names such as
 *       {@code SEP001122AABBCC.cnf.xml}, and a device's MAC written as twelve hex digits, alone
 *       ({@code 000413243546.xml}, the name Snom phones ask their settings by) or after letters
 *       ({@code spa000e08112233.cfg}, the usual SPA provisioning name).</li>
 *   <li>Host names from HTTP Host headers and DHCP option 66 become host-n like DHCP host names;
 *       an address in option 66 is one of the capture's.</li>
 *   <li>The capture's IPv4 addresses become documentation addresses that keep their networks
 *       ({@link Ipv4Aliases}: one alias network per real network, host parts kept, so "A is not
 *       in N/24" stays true); addresses that mean the same everywhere stay (0.0.0.0, 255.x masks
 *       and broadcast, 127/8, multicast such as the SPA group 234.4.8.10). An address whose bytes
 *       reversed already has an alias gets that alias reversed, and their hex forms (0xC0A80101)
 *       follow, so a byte-order finding still reads true. A network written with its prefix
 *       length (10.1.2.0/24) gets an alias as well.</li>
 *   <li>IPv6 addresses of the capture become 2001:db8:0:n::m (RFC 3849), one n per real /64.</li>
 *   <li>Credentials in request targets (query values such as password=…, user:pass@) become ***
 *       ({@link RequestCredentials}).</li>
 *   <li>Serial numbers (SPA Reply, LLDP-MED inventory) and host names (DHCP, CDP Device ID,
 *       LLDP System Name) become SERIAL-n and host-n, a host name only as a whole word; the SPA
 *       wildcard FFFFFFFFFFFF and the loader's TNETV1050SDB stay, and SEP names follow their
 *       MAC.</li>
 * </ul>
 */
public final class Anonymizer {

    private static final Pattern MAC = Pattern.compile(
            "(?<![0-9A-Fa-f:-])([0-9A-Fa-f]{2})([:-])([0-9A-Fa-f]{2})\\2([0-9A-Fa-f]{2})\\2([0-9A-Fa-f]{2})\\2([0-9A-Fa-f]{2})\\2([0-9A-Fa-f]{2})(?![0-9A-Fa-f:-])");
    private static final Pattern SEP = Pattern.compile("(SEP|sep)([0-9A-Fa-f]{12})(?![0-9A-Fa-f])");
    /** A dotted quad, with the prefix length of a network written after it (10.1.2.0/24) when there is one. */
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![0-9.])((\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3}))(?![0-9]|\\.\\d)(/\\d{1,2}(?![0-9]))?");
    /** scheme://[userinfo@]host of a URL, the host in group 1. */
    private static final Pattern SERVER_URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/]*@)?([^/:?#\\[\\]]+)");
    private static final Pattern HEX32 = Pattern.compile("0x([0-9A-Fa-f]{8})(?![0-9A-Fa-f])");

    private final Map<String, String> macs = new HashMap<>();
    private final Set<String> realMacs = new HashSet<>();
    private final Set<String> macAliases = new HashSet<>();
    private final Map<String, Integer> macCounters = new HashMap<>();
    private final Ipv4Aliases ipv4 = new Ipv4Aliases();
    private final Ipv6Aliases ipv6 = new Ipv6Aliases();
    private final Map<String, String> words = new HashMap<>();
    /** The host names among {@link #words}: replaced only as whole words. */
    private final Set<String> hostNames = new HashSet<>();
    private Pattern wordPattern;
    private int serials;
    private int hosts;

    /** An anonymizer that knows the addresses, serials and host names of this capture. */
    public static Anonymizer of(CaptureAnalysis a) {
        Anonymizer an = new Anonymizer();
        // every address and MAC of the capture first, so that no alias is one of them
        Set<String> addresses = new LinkedHashSet<>();
        List<String> devices = new ArrayList<>();
        for (Device d : a.devices()) {
            if (d.mac() != null) {
                devices.add(d.mac());
                an.realMacs.add(key(d.mac()));
            }
            addresses.addAll(d.addresses());
            for (DeviceHint h : d.hints()) {
                if (h.kind() == DeviceHint.Kind.SERIAL) {
                    an.serial(h.value());
                } else if (h.kind() == DeviceHint.Kind.DHCP_HOSTNAME) {
                    an.hostname(h.value());
                } else if (h.kind() == DeviceHint.Kind.DEVICE_NAME && h.value().length() >= 3) {
                    // CDP/LLDP names such as core-sw1.example.com; two letters (R1, S2) name nothing
                    an.hostname(h.value());
                }
            }
        }
        for (SpaMessage m : a.spa()) {
            if (m.serial() != null) {
                an.serial(m.serial());
            }
            addresses.add(m.senderIp());
            addresses.add(m.destinationIp());
            addresses.add(m.phoneIp());
        }
        for (DhcpMessage m : a.dhcp()) {
            if (m.hostname() != null) {
                an.hostname(m.hostname());
            }
            addresses.add(m.senderIp());
            addresses.add(m.serverId());
            addresses.add(m.yourIp());
            addresses.addAll(m.tftpServers());
            addresses.addAll(m.routers());
            an.serverName(m.tftpServerName(), addresses);
            // the network the server gave: its addresses keep their relations as one block
            an.ipv4.network(m.yourIp(), m.subnetMask());
        }
        for (org.phonerescue.core.transfer.FileTransfer t : a.tcpTransfers()) {
            addresses.add(t.client().ip());
            addresses.add(t.server().ip());
            if (t instanceof org.phonerescue.core.transfer.HttpTransfer h && h.host() != null) {
                // Host: name[:port] (RFC 9110 §7.2); a name is a host name to hide, an address is known already
                String host = h.host().replaceFirst(":\\d+$", "");
                if (!host.isEmpty() && !Character.isDigit(host.charAt(0)) && host.indexOf(':') < 0
                        && !host.startsWith("[")) {
                    an.hostname(host);
                }
            }
        }
        for (org.phonerescue.core.transfer.FailedConnection c : a.failedConnections()) {
            addresses.add(c.client().ip());
            addresses.add(c.server().ip());
            c.icmpErrors().forEach(e -> addresses.add(e.from()));
        }
        for (org.phonerescue.core.session.UnansweredArp u : a.unansweredArp()) {
            // an address asked for in vain is the user's too (a gateway or server typed on the phone)
            addresses.add(u.askerIp());
            addresses.add(u.targetIp());
        }
        for (org.phonerescue.core.transfer.TftpTransfer t : a.transfers()) {
            addresses.add(t.client().ip());
            addresses.add(t.requestedServer().ip());
            if (t.server() != null) {
                addresses.add(t.server().ip());
            }
        }
        addresses.remove(null);
        for (String ip : addresses) {
            if (ip.indexOf(':') < 0) {
                an.ipv4.real(ip);
            } else {
                an.ipv6.real(ip);
            }
        }
        devices.forEach(an::mac);
        // devices' own addresses first: an address that is only another's bytes reversed (option 150
        // typed the wrong way round) then follows the device's alias reversed
        addresses.forEach(an::known);
        return an;
    }

    /**
     * Option 66 (RFC 2132 §9.4): a TFTP server's name or address, or the URL provisioning servers
     * put there; the timeline and findings quote it. A name needs a dot: a single word such as
     * "tftp" would be replaced all through the text.
     */
    private void serverName(String option66, Set<String> addresses) {
        if (option66 == null) {
            return;
        }
        String name = option66.trim();
        Matcher url = SERVER_URL.matcher(name);
        String host = url.lookingAt() ? url.group(1) : name;
        if (Ipv4Aliases.parse(host) != null) {
            addresses.add(host);
        } else if (host.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+") && host.chars().anyMatch(Character::isLetter)) {
            hostname(host);
        }
    }

    private void known(String ip) {
        if (ip.indexOf(':') < 0) {
            ipv4(ip);
        } else if (!Ipv6Aliases.stays(ip)) {
            ipv6.alias(ip);
            wordPattern = null;
        }
    }

    private void serial(String serial) {
        if (!serial.isBlank() && !serial.equals("FFFFFFFFFFFF") && !words.containsKey(serial)) {
            words.put(serial, "SERIAL-" + ++serials);
            wordPattern = null;
        }
    }

    private void hostname(String name) {
        // the SPA loader's own name is a fingerprint, not the user's; SEP names follow their MAC
        if (!name.isBlank() && !name.equals("TNETV1050SDB") && !SEP.matcher(name).matches() && !words.containsKey(name)) {
            words.put(name, "host-" + ++hosts);
            hostNames.add(name);
            wordPattern = null;
        }
    }

    /** The alias of a MAC (lower case, colons), its vendor block kept, never a real MAC of the capture. */
    public String mac(String mac) {
        return macs.computeIfAbsent(key(mac), k -> {
            String oui = k.substring(0, 8);
            String alias;
            do {
                int n = macCounters.merge(oui, 1, Integer::sum);
                alias = String.format(Locale.ROOT, "%s:%02x:%02x:%02x", oui, n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF);
            } while (realMacs.contains(alias) || macAliases.contains(alias));
            macAliases.add(alias);
            return alias;
        });
    }

    private static String key(String mac) {
        return mac.toLowerCase(Locale.ROOT).replace('-', ':');
    }

    /** The alias of an IPv4 address; addresses that identify nobody stay as they are. */
    public String ipv4(String ip) {
        return ipv4.alias(ip);
    }

    /** The text with every credential, MAC, IP address, serial and host name replaced by its alias. */
    public String text(String s) {
        if (s == null) {
            return null;
        }
        // credentials first: a password is no address to alias, whatever it looks like
        String out = RequestCredentials.mask(s);
        out = replace(MAC, out, m -> mac(m.group().replace('-', ':')));
        out = replace(SEP, out, m -> m.group(1) + mac(colons(m.group(2))).replace(":", "").toUpperCase(Locale.ROOT));
        out = bareMacs(out);
        // only the capture's own addresses: a firmware version such as 10.1.33.33 is no address; a network
        // (10.1.2.0/24, the subnet a finding reasons about) names the poster's network whether or not an
        // address of the capture
        out = replace(IPV4, out, m -> m.group(6) != null ? ipv4(m.group(1)) + m.group(6)
                : ipv4.has(m.group(1)) ? ipv4(m.group(1)) : m.group(1));
        out = replace(HEX32, out, m -> "0x" + hex(m.group(1)));
        return words(out);
    }

    /**
     * A device's MAC written as twelve hex digits: alone (Snom's 000413243546.xml) or after letters
     * (spa000e08112233.cfg, SPA000E08112233.xml). Only the capture's own MACs, and not inside a
     * longer number: twelve hex digits can be a serial or a digest too.
     */
    private String bareMacs(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                out.append(s.charAt(i++));
                continue;
            }
            int end = i;
            while (end < n && Character.digit(s.charAt(end), 16) >= 0) {
                end++;
            }
            // a run of hex digits; the MAC in it may have letters around it (spa…), not digits
            for (int k = i; k < end; ) {
                String alias = k + 12 <= end && (k == i || !Character.isDigit(s.charAt(k - 1)))
                        && (k + 12 == end || !Character.isDigit(s.charAt(k + 12)))
                        ? bareAlias(s.substring(k, k + 12)) : null;
                if (alias != null) {
                    out.append(alias);
                    k += 12;
                } else {
                    out.append(s.charAt(k++));
                }
            }
            i = end;
        }
        return out.toString();
    }

    private String bareAlias(String hex12) {
        String key = colons(hex12).toLowerCase(Locale.ROOT);
        if (!realMacs.contains(key) && !macs.containsKey(key)) {
            return null;
        }
        String alias = mac(key).replace(":", "");
        return hex12.chars().anyMatch(Character::isLowerCase) ? alias : alias.toUpperCase(Locale.ROOT);
    }

    /**
     * Serials, host names and IPv6 addresses in one pass, longest first, so that no alias is replaced
     * again. A serial is replaced wherever it stands: provisioning file names carry it between
     * letters (spa$SN.cfg). A host name only as a whole word: "nas1" is not in "nas10" or "mynas1",
     * and a short name such as "Switch" (a CDP Device ID) must not eat into other words; it is
     * replaced next to a dot, '-' or '_' (nas1.cfg, nas1-backup), where it names the host still.
     */
    private String words(String s) {
        if (words.isEmpty() && ipv6.all().isEmpty()) {
            return s;
        }
        if (wordPattern == null) {
            Map<String, String> alternatives = new HashMap<>();
            words.keySet().forEach(w -> alternatives.put(w, hostNames.contains(w)
                    ? "(?<![A-Za-z0-9])" + Pattern.quote(w) + "(?![A-Za-z0-9])" : Pattern.quote(w)));
            // an IPv6 address only whole: fe80::1 is not the start of fe80::10
            ipv6.all().keySet().forEach(w -> alternatives.put(w, "(?<![0-9A-Fa-f:])" + Pattern.quote(w)
                    + "(?![0-9A-Fa-f]|:[0-9A-Fa-f])"));
            List<String> longestFirst = new ArrayList<>(alternatives.keySet());
            longestFirst.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
            wordPattern = Pattern.compile(String.join("|", longestFirst.stream().map(alternatives::get).toList()));
        }
        return replace(wordPattern, s, m -> {
            String alias = words.get(m.group());
            return alias != null ? alias : ipv6.all().get(m.group());
        });
    }

    /** A dotted-quad hex value (0xC0A80101) of an address that has an alias, in either byte order. */
    private String hex(String hex) {
        long v = Long.parseLong(hex, 16);
        String ip = (v >>> 24 & 0xFF) + "." + (v >>> 16 & 0xFF) + "." + (v >>> 8 & 0xFF) + "." + (v & 0xFF);
        if (!ipv4.has(ip)) {
            return hex; // not an address of this capture
        }
        StringBuilder sb = new StringBuilder();
        for (String part : ipv4(ip).split("\\.")) {
            sb.append(String.format("%02X", Integer.parseInt(part)));
        }
        return Character.isUpperCase(hex.charAt(0)) || hex.chars().noneMatch(Character::isLowerCase)
                ? sb.toString() : sb.toString().toLowerCase(Locale.ROOT);
    }

    private static String colons(String hex12) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i += 2) {
            sb.append(i > 0 ? ":" : "").append(hex12, i, i + 2);
        }
        return sb.toString();
    }

    private static String replace(Pattern p, String s, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
