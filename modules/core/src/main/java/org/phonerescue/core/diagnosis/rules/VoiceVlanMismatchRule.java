package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.Role;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.DhcpMessage;
import org.phonerescue.core.session.VlanUse;
import org.phonerescue.core.session.VoiceVlanAnnouncement;
import org.phonerescue.core.transfer.TftpTransfer;

/**
 * The switch tells the phone its voice VLAN (CDP VoIP VLAN Reply; LLDP-MED network policy,
 * ANSI/TIA-1057 §10.2.3), and the phone's requests or its servers' answers travel tagged with
 * another VLAN (IEEE 802.1Q): the phone and its TFTP/DHCP server are in different broadcast
 * domains, so requests go unanswered. Only tagged frames are judged (a capture taken on a host
 * shows frames without their tags), and only while nothing answered the phone's TFTP requests:
 * an answered request proves a way between the VLANs (a router).
 */
public final class VoiceVlanMismatchRule implements Rule {

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
        for (Device d : a.devices()) {
            if (d.role() != Role.PHONE || d.mac() == null
                    || a.transfersOf(d).stream().anyMatch(TftpTransfer::answered)) {
                continue;
            }
            List<VoiceVlanAnnouncement> told = told(a, d);
            if (told.isEmpty()) {
                continue;
            }
            Set<Integer> voice = new LinkedHashSet<>();
            told.forEach(t -> voice.add(t.vlan()));
            List<VlanUse> own = uses(a, d.mac());
            Map<String, List<VlanUse>> servers = new LinkedHashMap<>();
            for (String mac : serverMacs(a, d)) {
                List<VlanUse> uses = uses(a, mac);
                if (!uses.isEmpty()) {
                    servers.put(mac, uses);
                }
            }
            boolean phoneOff = !own.isEmpty() && own.stream().noneMatch(u -> voice.contains(u.vlan()));
            Set<Integer> phoneVlans = new LinkedHashSet<>();
            own.forEach(u -> phoneVlans.add(u.vlan()));
            // A server is apart from the phone when no VLAN of its answers is one the phone's frames
            // travel on (or, when the phone's frames carry no tag here, the voice VLAN). A server on
            // the phone's own VLAN shares its broadcast domain, whatever the voice VLAN is: then the
            // VLANs explain nothing.
            Set<Integer> phoneSide = phoneVlans.isEmpty() ? voice : phoneVlans;
            Map<String, List<VlanUse>> serversOff = new LinkedHashMap<>();
            servers.forEach((mac, uses) -> {
                if (uses.stream().noneMatch(u -> phoneSide.contains(u.vlan()))) {
                    serversOff.put(mac, uses);
                }
            });
            if (serversOff.size() < servers.size() || !phoneOff && serversOff.isEmpty()) {
                continue;
            }
            out.add(describe(d, told, voice, phoneOff ? own : List.of(), serversOff));
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

    private static List<VlanUse> uses(CaptureAnalysis a, String mac) {
        return a.vlans().stream().filter(u -> u.mac().equals(mac)).toList();
    }

    /** MACs that answered the phone: TFTP servers, DHCP servers. */
    private static Set<String> serverMacs(CaptureAnalysis a, Device d) {
        Set<String> out = new LinkedHashSet<>();
        for (TftpTransfer t : a.transfersOf(d)) {
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

    private Finding describe(Device d, List<VoiceVlanAnnouncement> told, Set<Integer> voice, List<VlanUse> own,
                             Map<String, List<VlanUse>> servers) {
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
        return finding(d.key(), 92, why.toString(), "Put the TFTP (and DHCP) server in voice VLAN " + vlans
                + ", or route between the VLANs and relay DHCP into the voice VLAN (ip helper-address); for the "
                + "recovery alone, connect the phone to an access port without a voice VLAN, together with the "
                + "server. A phone in its recovery loader may not tag at all.", evidence, -1);
    }

    /** "VLAN 200 (from frame 5)". */
    private static String list(List<VlanUse> uses) {
        List<String> parts = new ArrayList<>();
        for (VlanUse u : uses) {
            parts.add("VLAN " + u.vlan() + " (from frame " + u.firstFrame() + ")");
        }
        return String.join(" and ", parts);
    }
}
