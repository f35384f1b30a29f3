package org.phonerescue.core.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.Role;
import org.phonerescue.core.transfer.ContentStore;
import org.phonerescue.core.transfer.FailedConnection;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.TftpTransfer;

/**
 * What one pass over a capture found: devices, transfers and the recovery-related messages, in
 * frame order. Holds the transfer contents: {@link #close()} releases their temporary files.
 *
 * @param packets         frames read
 * @param firstTime       time of the first frame (ns since 1970), or {@code PacketView.NO_TIME}
 * @param lastTime        time of the last frame
 * @param devices         one per MAC, in order of first frame
 * @param transfers       TFTP transfers in order of their requests
 * @param tcpTransfers    HTTP and FTP transfers in order of their requests
 * @param failedConnections TCP connections to HTTP and FTP servers that never came up, in order of their first SYN
 *                        (at most {@value org.phonerescue.core.transfer.ConnectionAttemptTracker#MAX_FAILED})
 * @param dhcp            DHCP messages (at most {@value CaptureAnalyzer#MAX_MESSAGES} kept)
 * @param spa             SPA recovery protocol frames (same limit)
 * @param sip             SIP requests (same limit)
 * @param sccp            Skinny registration messages (same limit)
 * @param arp             ARP requests and replies for IPv4 over Ethernet (same limit)
 * @param voiceVlans      voice VLANs told by CDP or LLDP-MED (same limit)
 * @param nativeVlans     native (port) VLANs announced by CDP or LLDP (same limit)
 * @param vlans           per sending MAC, the 802.1Q VLANs its tagged frames carried, and whether it sent
 *                        frames naming no VLAN (bounded; see {@link VlanUse})
 * @param sourceAddresses every IP address that sent a packet (bounded; see {@link CaptureAnalyzer})
 * @param warnings        what was wrong with the capture file itself (damage, truncation)
 * @param damaged         whether reading stopped before the end of the file (only the packets before the damage count)
 * @param store           where transfer contents live
 * @param unansweredArp   ARP requests for addresses nothing in the capture came from, in order of the
 *                        first request (bounded: see {@link ArpRequestTracker})
 * @param dns             DNS queries and responses over port 53, in order
 */
public record CaptureAnalysis(long packets, long firstTime, long lastTime, List<Device> devices,
                              List<TftpTransfer> transfers, List<FileTransfer> tcpTransfers,
                              List<FailedConnection> failedConnections, List<DhcpMessage> dhcp,
                              List<SpaMessage> spa, List<SipMessage> sip, List<SccpMessage> sccp,
                              List<ArpMessage> arp, List<VoiceVlanAnnouncement> voiceVlans,
                              List<NativeVlanAnnouncement> nativeVlans, List<VlanUse> vlans,
                              Set<String> sourceAddresses, List<String> warnings,
                              boolean damaged, ContentStore store, List<UnansweredArp> unansweredArp,
                              List<DnsMessage> dns)
        implements AutoCloseable {

    /** An analysis that followed no ARP requests, kept no DNS messages and saw no native VLAN announced. */
    public CaptureAnalysis(long packets, long firstTime, long lastTime, List<Device> devices,
                           List<TftpTransfer> transfers, List<FileTransfer> tcpTransfers,
                           List<FailedConnection> failedConnections, List<DhcpMessage> dhcp,
                           List<SpaMessage> spa, List<SipMessage> sip, List<SccpMessage> sccp,
                           List<ArpMessage> arp, List<VoiceVlanAnnouncement> voiceVlans, List<VlanUse> vlans,
                           Set<String> sourceAddresses, List<String> warnings,
                           boolean damaged, ContentStore store) {
        this(packets, firstTime, lastTime, devices, transfers, tcpTransfers, failedConnections, dhcp, spa, sip, sccp,
                arp, voiceVlans, List.of(), vlans, sourceAddresses, warnings, damaged, store, List.of(), List.of());
    }

    /**
     * The VLAN that the frames of this capture naming no VLAN (untagged or priority-tagged) travel
     * on, and the announcement that tells it; empty when the capture does not tell it, and then
     * nothing may be guessed. A switch puts such frames in the native VLAN of the port they arrive
     * by, and announces that VLAN on the port (CDP TLV 0x000A, LLDP Port VLAN ID); the
     * announcement seen is the captured port's (a tap or a mirror of that port, or a capture PC on
     * its own port: the untagged frames it sees arrive by that port too). It is taken when:
     * <ul>
     * <li>every announcement of a native or voice VLAN by anything but a phone comes from one
     *     sender and names one native VLAN, and at most one Port ID per protocol: a phone's own CDP
     *     or LLDP describes the phone's port, and announcements of several ports (a session
     *     mirroring several, both ends of a link between switches, a port whose configuration
     *     changed) leave open which port a frame came in by. CDP and LLDP may name one port
     *     differently ("GigabitEthernet0/5", "Gi0/5"), so a CDP Port ID and an LLDP one are taken
     *     for the same port unless both are interface names that differ in their number or in their
     *     type (neither type name the start of the other);</li>
     * <li>the capture keeps 802.1Q tags: some frame in it is tagged. A host's network card or
     *     driver commonly removes the tags of the frames it receives, and a mirroring session sends
     *     its copies untagged unless told to replicate the encapsulation; where no frame shows a
     *     tag, an untagged one may have carried any.</li>
     * </ul>
     */
    public Optional<NativeVlanAnnouncement> untaggedFramesVlan() {
        NativeVlanAnnouncement first = null;
        Set<String> senders = new HashSet<>();
        Set<String> ports = new HashSet<>();
        Set<Integer> natives = new HashSet<>();
        for (NativeVlanAnnouncement n : nativeVlans) {
            if (!fromPhone(n.senderMac())) {
                first = first == null ? n : first;
                senders.add(n.senderMac());
                ports.add(n.protocol() + " " + n.port());
                natives.add(n.vlan());
            }
        }
        for (VoiceVlanAnnouncement v : voiceVlans) {
            if (!fromPhone(v.senderMac())) {
                senders.add(v.senderMac());
                // CDP and LLDP name one port differently ("GigabitEthernet0/5", "Gi0/5")
                ports.add((v.protocol().equals("CDP") ? "CDP " : "LLDP ") + v.port());
            }
        }
        long protocols = ports.stream().map(p -> p.substring(0, p.indexOf(' '))).distinct().count();
        if (first == null || senders.size() != 1 || natives.size() != 1 || ports.size() != protocols
                || !onePort(ports) || vlans.stream().noneMatch(VlanUse::tagged)) {
            return Optional.empty();
        }
        return Optional.of(first);
    }

    /** An interface name: its type ("GigabitEthernet", "Gi") and its number ("1/0/5"). */
    private static final Pattern INTERFACE = Pattern.compile("([A-Za-z][A-Za-z-]*)\\s*(\\d+(?:[/.:]\\d+)*)");

    /**
     * Whether the Port IDs announced ("CDP …", "LLDP …", at most one of each) may name one port:
     * unless a CDP and an LLDP one are both interface names with different numbers, or with types
     * neither of which abbreviates the other.
     */
    private static boolean onePort(Set<String> ports) {
        if (ports.size() != 2) {
            return true;
        }
        List<Matcher> names = new ArrayList<>(2);
        for (String p : ports) {
            Matcher m = INTERFACE.matcher(p.substring(p.indexOf(' ') + 1).trim());
            if (!m.matches()) {
                return true;
            }
            names.add(m);
        }
        String a = names.get(0).group(1).toLowerCase(Locale.ROOT);
        String b = names.get(1).group(1).toLowerCase(Locale.ROOT);
        return names.get(0).group(2).equals(names.get(1).group(2)) && (a.startsWith(b) || b.startsWith(a));
    }

    /** Whether a device taken for a phone sent it. */
    private boolean fromPhone(String mac) {
        Device d = mac == null ? null : device(mac);
        return d != null && d.role() == Role.PHONE;
    }

    /** The device with this key (a MAC, or "ip:" and an address), or null. */
    public Device device(String key) {
        for (Device d : devices) {
            if (d.key().equals(key)) {
                return d;
            }
        }
        return null;
    }

    /** The device behind a MAC, or on links without MACs the one using the address; null if unknown. */
    public Device device(String mac, String ip) {
        if (mac != null) {
            Device d = device(mac);
            if (d != null) {
                return d;
            }
        }
        if (ip != null) {
            Device byKey = device("ip:" + ip);
            if (byKey != null) {
                return byKey;
            }
            if (mac == null) {
                for (Device d : devices) {
                    if (d.usedAddress(ip)) {
                        return d;
                    }
                }
            }
        }
        return null;
    }

    /** The device that requested a transfer. */
    public Device client(FileTransfer t) {
        return device(t.clientMac(), t.client().ip());
    }

    /** Every transfer of any protocol (TFTP, HTTP, FTP), in order of their requests. */
    public List<FileTransfer> fileTransfers() {
        List<FileTransfer> all = new java.util.ArrayList<>(transfers.size() + tcpTransfers.size());
        all.addAll(transfers);
        all.addAll(tcpTransfers);
        all.sort(java.util.Comparator.comparingLong(FileTransfer::requestFrame));
        return all;
    }

    /** The transfers of any protocol a device requested, in order. */
    public List<FileTransfer> fileTransfersOf(Device d) {
        return fileTransfers().stream().filter(t -> d.equals(client(t))).toList();
    }

    /** The transfers a device requested, in order. */
    public List<TftpTransfer> transfersOf(Device d) {
        return transfers.stream().filter(t -> d.equals(client(t))).toList();
    }

    /** The device that tried to open a connection. */
    public Device client(FailedConnection c) {
        return device(c.clientMac(), c.client().ip());
    }

    /** The failed connections a device tried to open, in order. */
    public List<FailedConnection> failedConnectionsOf(Device d) {
        return failedConnections.stream().filter(c -> d.equals(client(c))).toList();
    }

    /** Whether any packet came from this address. */
    public boolean sentFrom(String ip) {
        return sourceAddresses.contains(ip);
    }

    @Override
    public void close() {
        store.close();
    }
}
