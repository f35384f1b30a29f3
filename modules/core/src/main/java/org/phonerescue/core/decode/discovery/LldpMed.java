package org.phonerescue.core.decode.discovery;

import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;

/**
 * LLDP-MED (ANSI/TIA-1057, organizationally specific TLVs with OUI 00-12-BB): capabilities and
 * device class (§10.2.2), network policy (§10.2.3: application type, then 24 bits of
 * Unknown-policy flag, Tagged flag, a reserved bit, VLAN ID (12), L2 priority (3) and DSCP (6);
 * application type 1 "Voice" carries the voice VLAN), and the inventory TLVs (§10.2.6: hardware,
 * firmware and software revision, serial number, manufacturer, model, asset ID).
 */
final class LldpMed {

    private LldpMed() {
    }

    static void dissect(Dissection d, Field tlv, int subtype, int subtypeOffset, int q, int end) {
        d.hex(tlv, "lldp.media.subtype", "Media Subtype", subtypeOffset, 1, subtype, 2);
        switch (subtype) {
            case 1 -> {
                if (end - q >= 3) {
                    int caps = d.u16(q);
                    d.hex(tlv, "lldp.media.subtype.caps", "Capabilities", q, 2, caps, 4);
                    d.bool(tlv, "lldp.media.subtype.caps.llpd", "LLDP-MED Capabilities", q, 2, (caps & 0x01) != 0);
                    d.bool(tlv, "lldp.media.subtype.caps.network_policy", "Network Policy", q, 2, (caps & 0x02) != 0);
                    d.bool(tlv, "lldp.media.subtype.caps.location_id", "Location Identification", q, 2,
                            (caps & 0x04) != 0);
                    d.bool(tlv, "lldp.media.subtype.caps.mdi_pse", "Extended Power via MDI-PSE", q, 2,
                            (caps & 0x08) != 0);
                    d.bool(tlv, "lldp.media.subtype.caps.mid_pd", "Extended Power via MDI-PD", q, 2, (caps & 0x10) != 0);
                    d.bool(tlv, "lldp.media.subtype.caps.inventory", "Inventory", q, 2, (caps & 0x20) != 0);
                    d.uint(tlv, "lldp.media.subtype.class", "Class Type", q + 2, 1, d.u8(q + 2));
                }
            }
            case 2 -> {
                if (end - q >= 4) {
                    int app = d.u8(q);
                    long bits = ((long) d.u8(q + 1) << 16) | d.u16(q + 2);
                    d.uint(tlv, "lldp.media.app_type", "Application Type", q, 1, app);
                    d.bool(tlv, "lldp.media.policy_flag", "Policy", q + 1, 3, (bits & 0x800000) != 0);
                    d.bool(tlv, "lldp.media.tag_flag", "Tagged", q + 1, 3, (bits & 0x400000) != 0);
                    d.uint(tlv, "lldp.media.vlan_id", "VLAN Id", q + 1, 3, (bits >>> 9) & 0xFFF);
                    d.uint(tlv, "lldp.media.l2_prio", "L2 Priority", q + 1, 3, (bits >>> 6) & 0x7);
                    d.uint(tlv, "lldp.media.dscp", "DSCP Value", q + 1, 3, bits & 0x3F);
                }
            }
            case 4 -> {
                if (end - q >= 3) {
                    int b = d.u8(q);
                    d.uint(tlv, "lldp.media.power.type", "Power Type", q, 1, b >>> 6);
                    d.uint(tlv, "lldp.media.power.source", "Power Source", q, 1, (b >>> 4) & 3);
                    d.uint(tlv, "lldp.media.power.prio", "Power Priority", q, 1, b & 0xF);
                    d.uint(tlv, "lldp.media.power.value", "Power Value", q + 1, 2, d.u16(q + 1));
                }
            }
            case 5 -> string(d, tlv, "lldp.media.hardware", "Hardware Revision", q, end);
            case 6 -> string(d, tlv, "lldp.media.firmware", "Firmware Revision", q, end);
            case 7 -> string(d, tlv, "lldp.media.software", "Software Revision", q, end);
            case 8 -> string(d, tlv, "lldp.media.sn", "Serial Number", q, end);
            case 9 -> string(d, tlv, "lldp.media.manufacturer", "Manufacturer Name", q, end);
            case 10 -> string(d, tlv, "lldp.media.model", "Model Name", q, end);
            case 11 -> string(d, tlv, "lldp.media.asset", "Asset ID", q, end);
            default -> {
                if (end > q) {
                    d.bytes(tlv, "lldp.unknown_subtype.content", "Unknown Subtype Content", q, end - q);
                }
            }
        }
    }

    /** An inventory string: up to the first NUL (the TLV may be padded with NULs). */
    private static void string(Dissection d, Field tlv, String name, String title, int q, int end) {
        int e = q;
        while (e < end && d.u8(e) != 0) {
            e++;
        }
        d.string(tlv, name, title, q, end - q, LldpDissector.text(d, q, e));
    }
}
