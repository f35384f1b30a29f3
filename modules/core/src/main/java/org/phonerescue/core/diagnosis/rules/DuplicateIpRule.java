package org.phonerescue.core.diagnosis.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.phonerescue.core.device.AddressUse;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.device.Role;
import org.phonerescue.core.diagnosis.Finding;
import org.phonerescue.core.diagnosis.Rule;
import org.phonerescue.core.diagnosis.Severity;
import org.phonerescue.core.session.ArpMessage;
import org.phonerescue.core.session.CaptureAnalysis;

/**
 * The address a phone (or its server) uses is claimed by another MAC too: ARP requests, replies or
 * announcements (RFC 826; RFC 5227 §2.3) from two MACs for one address, or the phone's RFC 5227
 * probe for it answered (§2.1.1). Whichever MAC the others cache last gets the packets, so TFTP
 * answers and ACKs reach the phone only part of the time.
 */
public final class DuplicateIpRule implements Rule {

    @Override
    public String id() {
        return "duplicate-ip";
    }

    @Override
    public String title() {
        return "Another device uses the same IP address";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public List<Finding> evaluate(CaptureAnalysis a) {
        List<Finding> out = new ArrayList<>();
        if (a.arp().isEmpty()) {
            return out;
        }
        for (Device d : a.devices()) {
            if (d.mac() == null || d.role() != Role.PHONE && d.role() != Role.SERVER) {
                continue;
            }
            for (String ip : addresses(a, d)) {
                List<Long> own = new ArrayList<>();
                Map<String, List<Long>> others = new LinkedHashMap<>();
                for (ArpMessage m : a.arp()) {
                    if (m.claims() && m.senderIp().equals(ip)) {
                        if (m.senderMac().equals(d.mac())) {
                            own.add(m.frame());
                        } else {
                            others.computeIfAbsent(m.senderMac(), k -> new ArrayList<>()).add(m.frame());
                        }
                    } else if (m.probe() && ip.equals(m.targetIp()) && d.mac().equals(m.senderMac())) {
                        own.add(m.frame());
                    }
                }
                if (others.isEmpty()) {
                    continue;
                }
                long sentFirst = d.ips().stream().filter(u -> u.ip().equals(ip) && u.sent())
                        .mapToLong(AddressUse::firstFrame).findFirst().orElse(-1);
                if (sentFirst > 0 && !own.contains(sentFirst)) { // often its own ARP request, already counted
                    own.add(sentFirst);
                }
                out.add(describe(d, ip, own, others, a));
            }
        }
        return out;
    }

    /** The addresses the device used, and those it probed for (RFC 5227 §2.1.1: before using one). */
    private static List<String> addresses(CaptureAnalysis a, Device d) {
        List<String> out = new ArrayList<>(d.addresses());
        for (ArpMessage m : a.arp()) {
            if (m.probe() && d.mac().equals(m.senderMac()) && m.targetIp() != null && !out.contains(m.targetIp())) {
                out.add(m.targetIp());
            }
        }
        out.removeIf(ip -> ip.indexOf(':') >= 0 || ip.equals("0.0.0.0"));
        return out;
    }

    private Finding describe(Device d, String ip, List<Long> own, Map<String, List<Long>> others, CaptureAnalysis a) {
        own.sort(null);
        List<Long> evidence = new ArrayList<>(own);
        StringBuilder why = new StringBuilder("The " + d.role().label() + " uses " + ip
                + (own.isEmpty() ? "" : " (" + FindingText.frames(own) + ")") + ", and ");
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : others.entrySet()) {
            Device other = a.device(e.getKey());
            String vendor = other != null && !other.vendor().equals(OuiRegistry.UNKNOWN) ? " (" + other.vendor() + ")" : "";
            names.add(e.getKey() + vendor + " claims the same address by ARP (" + FindingText.frames(e.getValue()) + ")");
            evidence.addAll(e.getValue());
        }
        why.append(String.join("; ", names)).append(". Other hosts send to whichever MAC answered last, so packets for ")
                .append(ip).append(" — its downloads included — reach the ").append(d.role().label())
                .append(" only part of the time.");
        String other = others.keySet().iterator().next();
        return finding(d.key(), 90, why.toString(), "Give each device its own address: find the device with MAC "
                + other + " (its switch port in the switch's MAC table) and change its address, or give the "
                + d.role().label() + " another one. Keep static addresses out of the DHCP server's pool.",
                evidence, -1);
    }
}
