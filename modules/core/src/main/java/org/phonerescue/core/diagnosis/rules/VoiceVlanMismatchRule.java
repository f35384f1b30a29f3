package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.Role;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.DhcpMessage;
import org.phonerescue.core.session.NativeVlanAnnouncement;
import org.phonerescue.core.session.PhoneSigns;
import org.phonerescue.core.session.VlanUse;
import org.phonerescue.core.session.VoiceVlanAnnouncement;
import org.phonerescue.core.transfer.FileTransfer;

/**
 * The switch tells the phone its voice VLAN (CDP VoIP VLAN Reply; LLDP-MED network policy,
 * ANSI/TIA-1057 §10.2.3), and the phone's requests or its servers' answers travel in another VLAN:
 * the phone and its file (TFTP, HTTP, FTP) or DHCP server are in different broadcast domains, so
 * requests go unanswered. Tagged frames (IEEE 802.1Q) name their VLAN. Frames without a VLAN id
 * are judged only where the capture tells which VLAN they travel on
 * ({@link CaptureAnalysis#untaggedFramesVlan()}: the native VLAN of the only switch port announced,
 * in a capture that keeps tags), and that port is the one that gave the phone its voice VLAN;
 * elsewhere (a capture taken on a host shows frames without their tags) they are not judged. The
 * classic case is a phone in the SPA recovery loader, which does not tag (spa-recovery-protocol.md
 * "Transport"): its frames stay in the port's native (data) VLAN while its server sits in the
 * voice VLAN. Only while nothing answered any of the phone's file requests (TFTP, HTTP, FTP): an
 * answered request proves a way between the phone and its server, whatever the VLANs.
 */
public final class VoiceVlanMismatchRule implements Rule {

    /**
     * Where a MAC's frames travel: {@code vlan}, the one {@code use} names, or for frames naming
     * none, the port's native VLAN.
     */
    private record Seen(int vlan, VlanUse use) {

        /** Whether the VLAN is the port's rather than the frames' own. */
        boolean placed() {
            return !use.namesVlan();
        }

        long firstFrame() {
            return use.firstFrame();
        }
    }

    @Override
    public String id() {
        return "voice-vlan-mismatch";
    }

    @Override
    public String title() {
        return "Phone and server on different VLANs than the voice VLAN";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        if (a.voiceVlans().isEmpty() || a.vlans().isEmpty()) {
            return out;
        }
        Optional<NativeVlanAnnouncement> port = a.untaggedFramesVlan();
        for (Device d : a.devices()) {
            if (d.role() != Role.PHONE || d.mac() == null
                    || a.fileTransfersOf(d).stream().anyMatch(FileTransfer::answered)) {
                continue;
            }
            List<VoiceVlanAnnouncement> told = told(a, d);
            if (told.isEmpty()) {
                continue;
            }
            // the port's native VLAN places untagged frames only when that port told this phone its voice VLAN
            NativeVlanAnnouncement untagged = port.filter(n -> told.stream()
                    .anyMatch(t -> Objects.equals(t.senderMac(), n.senderMac()))).orElse(null);
            Set<Integer> voice = new LinkedHashSet<>();
            told.forEach(t -> voice.add(t.vlan()));
            List<Seen> own = seen(a, d.mac(), untagged);
            Map<String, List<Seen>> servers = new LinkedHashMap<>();
            for (String mac : serverMacs(a, d)) {
                List<Seen> uses = seen(a, mac, untagged);
                if (!uses.isEmpty()) {
                    servers.put(mac, uses);
                }
            }
            boolean phoneOff = !own.isEmpty() && own.stream().noneMatch(u -> voice.contains(u.vlan()));
            Set<Integer> phoneVlans = new LinkedHashSet<>();
            own.forEach(u -> phoneVlans.add(u.vlan()));
            // A server is apart from the phone when no VLAN of its answers is one the phone's frames
            // travel on (or, when the VLAN of the phone's frames is not known here, the voice VLAN). A
            // server on the phone's own VLAN shares its broadcast domain, whatever the voice VLAN is:
            // then the VLANs explain nothing.
            Set<Integer> phoneSide = phoneVlans.isEmpty() ? voice : phoneVlans;
            Map<String, List<Seen>> serversOff = new LinkedHashMap<>();
            servers.forEach((mac, uses) -> {
                if (uses.stream().noneMatch(u -> phoneSide.contains(u.vlan()))) {
                    serversOff.put(mac, uses);
                }
            });
            if (serversOff.size() < servers.size() || !phoneOff && serversOff.isEmpty()) {
                continue;
            }
            out.add(describe(a, d, told, voice, phoneOff ? own : List.of(), serversOff, untagged));
        }
        return out;
    }

    /** What the switch told (CDP from anyone but a phone, which sends its query there), and the phone's own LLDP-MED policy. */
    private static List<VoiceVlanAnnouncement> told(CaptureAnalysis a, Device d) {
        List<VoiceVlanAnnouncement> out = new ArrayList<>();
        for (VoiceVlanAnnouncement v : a.voiceVlans()) {
            Device sender = v.senderMac() == null ? null : a.device(v.senderMac());
            boolean fromPhone = sender != null && sender.role() == Role.PHONE;
            if (!fromPhone || v.protocol().equals("LLDP-MED") && d.mac().equals(v.senderMac())) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * Where a MAC's frames travel: the VLANs of its tags, and for its frames without a VLAN id the
     * native VLAN {@code untagged} announces (null: not known, those frames are left out).
     */
    private static List<Seen> seen(CaptureAnalysis a, String mac, NativeVlanAnnouncement untagged) {
        List<Seen> out = new ArrayList<>();
        for (VlanUse u : a.vlans()) {
            if (!u.mac().equals(mac)) {
                continue;
            }
            if (u.namesVlan()) {
                out.add(new Seen(u.vlan(), u));
            } else if (untagged != null && a.vlans().stream()
                    .noneMatch(t -> t.mac().equals(mac) && t.vlan() == untagged.vlan())
                    && out.stream().noneMatch(Seen::placed)) {
                out.add(new Seen(untagged.vlan(), u));
            }
        }
        return out;
    }

    /** MACs that answered the phone: its file servers (TFTP, HTTP, FTP), its DHCP servers. */
    private static Set<String> serverMacs(CaptureAnalysis a, Device d) {
        Set<String> out = new LinkedHashSet<>();
        for (FileTransfer t : a.fileTransfersOf(d)) {
            if (t.serverMac() != null) {
                out.add(t.serverMac());
            }
        }
        for (DhcpMessage m : a.dhcp()) {
            if (m.fromServer() && d.mac().equals(m.clientMac()) && m.senderMac() != null) {
                out.add(m.senderMac());
            }
        }
        out.remove(d.mac());
        return out;
    }

    private Finding describe(CaptureAnalysis a, Device d, List<VoiceVlanAnnouncement> told, Set<Integer> voice,
                             List<Seen> own, Map<String, List<Seen>> servers, NativeVlanAnnouncement untagged) {
        VoiceVlanAnnouncement first = told.get(0);
        List<Long> evidence = new ArrayList<>();
        told.forEach(t -> evidence.add(t.frame()));
        String vlans = voice.stream().map(String::valueOf).reduce((x, y) -> x + ", " + y).orElse("");
        StringBuilder why = new StringBuilder(first.protocol() + " from " + first.senderMac() + " (frame "
                + first.frame() + ") gives voice VLAN " + vlans + ".");
        if (!own.isEmpty()) {
            why.append(" The phone's frames travel on ").append(list(own)).append('.');
            own.forEach(u -> evidence.add(u.firstFrame()));
        }
        servers.forEach((mac, uses) -> {
            why.append(" The answers of ").append(mac).append(" travel on ").append(list(uses)).append('.');
            uses.forEach(u -> evidence.add(u.firstFrame()));
        });
        why.append(servers.isEmpty()
                ? " The phone's frames are not in the voice VLAN, and nothing answers them."
                : " The phone and its server are not in the same VLAN, so its requests go unanswered.");
        boolean placed = own.stream().anyMatch(Seen::placed)
                || servers.values().stream().flatMap(List::stream).anyMatch(Seen::placed);
        if (placed) {
            long tag = a.vlans().stream().filter(VlanUse::tagged).mapToLong(VlanUse::firstFrame).min().orElse(-1);
            why.append(" Frames naming no VLAN (untagged or priority-tagged) are placed in VLAN ")
                    .append(untagged.vlan()).append(", the native VLAN that ").append(untagged.protocol())
                    .append(" from ").append(untagged.senderMac()).append(" announces for its port")
                    .append(untagged.port() == null ? "" : " " + untagged.port())
                    .append(" (frame ").append(untagged.frame()).append("): the only switch port announced in the ")
                    .append("capture, and the one that gave the phone its voice VLAN; and the capture keeps 802.1Q ")
                    .append("tags (frame ").append(tag).append(" is tagged), so a frame shown untagged was untagged ")
                    .append("on the wire.");
            evidence.add(untagged.frame());
            evidence.add(tag);
        }
        // only the SPA loader is known not to tag (spa-recovery-protocol.md "Transport")
        String loader = PhoneSigns.recovery(a, d).isEmpty() ? ""
                : " (it runs the SPA recovery loader, which does not tag)";
        String remedy = own.stream().anyMatch(Seen::placed)
                ? "This phone's frames carry no tag" + loader + ", so the switch keeps them in native VLAN "
                + untagged.vlan() + ". For the recovery, put the TFTP or HTTP server (and the DHCP server) in VLAN "
                + untagged.vlan() + " too, or make the phone's switch port an access port of VLAN " + vlans
                + " without a voice VLAN, so its untagged frames reach the server; or route between the VLANs and "
                + "relay DHCP into VLAN " + untagged.vlan() + " (ip helper-address). A firmware that learns the "
                + "voice VLAN from the switch tags its frames for it again."
                : "Put the TFTP or HTTP server (and the DHCP server) in voice VLAN " + vlans + ", or route between "
                + "the VLANs and relay DHCP into the voice VLAN (ip helper-address); for the recovery alone, make "
                + "the phone's switch port an access port of the server's VLAN without a voice VLAN.";
        return finding(d.key(), 92, why.toString(), remedy, evidence, -1);
    }

    /** "VLAN 200 (from frame 5)", "VLAN 1 (untagged, from frame 3)". */
    private static String list(List<Seen> uses) {
        List<String> parts = new ArrayList<>();
        for (Seen u : uses) {
            String how = !u.placed() ? "" : u.use().tagged() ? "priority-tagged, " : "untagged, ";
            parts.add("VLAN " + u.vlan() + " (" + how + "from frame " + u.firstFrame() + ")");
        }
        return String.join(" and ", parts);
    }
}
