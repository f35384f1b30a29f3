package org.phonerescue.core.decode.discovery;

import java.nio.charset.StandardCharsets;
import org.phonerescue.core.decode.Addresses;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.text.TextLines;

/**
 * LLDP (IEEE 802.1AB-2016 §8.4, EtherType 0x88CC): TLVs of a 7-bit type and 9-bit length, the
 * mandatory Chassis ID, Port ID and Time To Live, the optional descriptions, capabilities and
 * management address, the IEEE 802.1 and 802.3 organisationally specific TLVs, and LLDP-MED
 * (ANSI/TIA-1057 §10.2, OUI 00-12-BB): capabilities, network policy (the voice VLAN a phone is
 * told to use, its priority and DSCP) and inventory (hardware, firmware and software revision,
 * serial number, manufacturer, model, asset). Field names and the Info column are Wireshark's.
 */
public final class LldpDissector {

    static final int OUI_8021 = 0x0080C2;
    static final int OUI_8023 = 0x00120F;
    static final int OUI_MED = 0x0012BB;

    private LldpDissector() {
    }

    public static void dissect(Dissection d, int p, int end) {
        d.column("LLDP", "");
        Field lldp = d.layer("lldp", "Link Layer Discovery Protocol", p, end - p);
        StringBuilder info = new StringBuilder();
        int q = p;
        int index = 0;
        while (q < end) {
            if (end - q < 2) {
                d.malformed(lldp, "TLV header cut short", q);
                break;
            }
            int header = d.u16(q);
            int type = header >>> 9;
            int length = header & 0x1FF;
            int v = q + 2;
            if (v + length > end) {
                Field bad = d.text(lldp, "", "TLV runs past the frame", q, end - q);
                d.uint(bad, "lldp.tlv.type", "TLV Type", q, 2, type);
                d.uint(bad, "lldp.tlv.len", "TLV Length", q, 2, length);
                d.malformed(bad, "TLV length " + length + " runs past the frame", q);
                break;
            }
            int vEnd = v + length;
            // IEEE 802.1AB §8.2: every LLDPDU starts with Chassis ID, Port ID and TTL, in that order
            if (index < 3 && type != index + 1) {
                String[] what = {"Chassis ID", "Port ID", "TTL"};
                String message = "Invalid " + what[index] + " (0x" + String.format("%02X", type) + "), expected (0x"
                        + String.format("%02X", index + 1) + ")";
                Field bad = d.text(lldp, "", message, q, 2 + length);
                d.expert(bad, Field.Severity.WARN, message, q, 2 + length);
                d.info("Invalid " + what[index] + " TLV");
                return;
            }
            index++;
            Field tlv = d.text(lldp, "", tlvName(type), q, 2 + length);
            d.uint(tlv, "lldp.tlv.type", "TLV Type", q, 2, type);
            d.uint(tlv, "lldp.tlv.len", "TLV Length", q, 2, length);
            switch (type) {
                case 0 -> {
                    d.info(info.toString());
                    return; // End of LLDPDU
                }
                case 1 -> info.append(chassis(d, tlv, v, vEnd)).append(' ');
                case 2 -> info.append(port(d, tlv, v, vEnd)).append(' ');
                case 3 -> {
                    if (length >= 2) {
                        d.uint(tlv, "lldp.time_to_live", "Seconds", v, 2, d.u16(v));
                        info.append(d.u16(v)).append(' ');
                    }
                }
                case 4 -> d.string(tlv, "lldp.port.desc", "Port Description", v, length, text(d, v, vEnd));
                case 5 -> {
                    String name = text(d, v, vEnd);
                    d.string(tlv, "lldp.tlv.system.name", "System Name", v, length, name);
                    info.append("SysN=").append(name).append(' ');
                }
                case 6 -> {
                    String desc = text(d, v, vEnd);
                    d.string(tlv, "lldp.tlv.system.desc", "System Description", v, length, desc);
                    info.append("SysD=").append(desc).append(' ');
                }
                case 7 -> {
                    if (length >= 4) {
                        d.hex(tlv, "lldp.tlv.system_cap", "Capabilities", v, 2, d.u16(v), 4);
                        d.bool(tlv, "lldp.tlv.system_cap.telephone", "Telephone", v, 2, (d.u16(v) & 0x20) != 0);
                        d.hex(tlv, "lldp.tlv.enable_system_cap", "Enabled Capabilities", v + 2, 2, d.u16(v + 2), 4);
                    }
                }
                case 8 -> management(d, tlv, v, vEnd);
                case 127 -> organization(d, tlv, v, vEnd);
                default -> {
                }
            }
            q = vEnd;
        }
        d.info(info.toString());
    }

    /** Chassis ID (§8.5.2): subtype, then an ID whose form the subtype gives; returns "MA/00:…" for Info. */
    private static String chassis(Dissection d, Field tlv, int v, int end) {
        if (end - v < 1) {
            return "";
        }
        int subtype = d.u8(v);
        d.uint(tlv, "lldp.chassis.subtype", "Chassis Id Subtype", v, 1, subtype);
        int id = v + 1;
        String[] prefix = {"", "CC", "IA", "PC", "MA", "NA", "IN", "LA"};
        String p = subtype < prefix.length ? prefix[subtype] : "Unknown";
        if (subtype == 4 && end - id == 6) {
            d.mac(tlv, "lldp.chassis.id.mac", "Chassis Id", id);
            return p + "/" + Addresses.mac(d.bytes(), id);
        }
        if (subtype == 5 && end - id >= 5 && d.u8(id) == 1) {
            d.ipv4(tlv, "lldp.chassis.id.ip4", "Chassis Id", id + 1);
            return p + "/" + Addresses.ipv4(d.bytes(), id + 1);
        }
        if (end > id) {
            d.bytes(tlv, "lldp.chassis.id", "Chassis Id", id, end - id);
        }
        return p + "/" + text(d, id, end);
    }

    /** Port ID (§8.5.3). */
    private static String port(Dissection d, Field tlv, int v, int end) {
        if (end - v < 1) {
            return "";
        }
        int subtype = d.u8(v);
        d.uint(tlv, "lldp.port.subtype", "Port Id Subtype", v, 1, subtype);
        int id = v + 1;
        String[] prefix = {"", "IA", "PC", "MA", "NA", "IN", "AC", "LA"};
        String p = subtype < prefix.length ? prefix[subtype] : "Unknown";
        if (subtype == 3 && end - id == 6) {
            d.mac(tlv, "lldp.port.id.mac", "Port Id", id);
            return p + "/" + Addresses.mac(d.bytes(), id);
        }
        if (subtype == 4 && end - id >= 5 && d.u8(id) == 1) {
            d.ipv4(tlv, "lldp.port.id.ip4", "Port Id", id + 1);
            return p + "/" + Addresses.ipv4(d.bytes(), id + 1);
        }
        String s = text(d, id, end);
        d.string(tlv, "lldp.port.id", "Port Id", id, end - id, s);
        return p + "/" + s;
    }

    /** Management Address (§8.5.9). */
    private static void management(Dissection d, Field tlv, int v, int end) {
        if (end - v < 2) {
            return;
        }
        int len = d.u8(v);
        d.uint(tlv, "lldp.mgn.address.len", "Address String Length", v, 1, len);
        if (len < 1 || v + 1 + len > end) {
            return;
        }
        int subtype = d.u8(v + 1);
        d.uint(tlv, "lldp.mgn.address.subtype", "Address Subtype", v + 1, 1, subtype);
        if (subtype == 1 && len == 5) {
            d.ipv4(tlv, "lldp.mgn.addr.ip4", "Management Address", v + 2);
        } else if (subtype == 2 && len == 17) {
            d.ipv6(tlv, "lldp.mgn.addr.ip6", "Management Address", v + 2);
        } else if (len > 1) {
            d.bytes(tlv, "lldp.mgn.addr.hex", "Management Address", v + 2, len - 1);
        }
        int q = v + 1 + len;
        if (q + 5 <= end) {
            d.uint(tlv, "lldp.mgn.interface.subtype", "Interface Subtype", q, 1, d.u8(q));
            d.uint(tlv, "lldp.mgn.interface.number", "Interface Number", q + 1, 4, d.u32(q + 1));
        }
        if (q + 6 <= end) {
            d.uint(tlv, "lldp.mgn.obj.len", "OID String Length", q + 5, 1, d.u8(q + 5));
        }
    }

    /** Organizationally Specific TLVs (§8.6): OUI and subtype. */
    private static void organization(Dissection d, Field tlv, int v, int end) {
        if (end - v < 4) {
            return;
        }
        int oui = (d.u8(v) << 16) | d.u16(v + 1);
        int subtype = d.u8(v + 3);
        d.uint(tlv, "lldp.orgtlv.oui", "Organization Unique Code", v, 3, oui);
        int q = v + 4;
        switch (oui) {
            case OUI_8021 -> {
                d.hex(tlv, "lldp.ieee.802_1.subtype", "IEEE 802.1 Subtype", v + 3, 1, subtype, 2);
                if (subtype == 1 && end - q >= 2) {
                    d.uint(tlv, "lldp.ieee.802_1.port_vlan.id", "Port VLAN Identifier", q, 2, d.u16(q));
                } else if (subtype == 2 && end - q >= 3) {
                    d.hex(tlv, "lldp.ieee.802_1.port_and_vlan_id_flag", "Flags", q, 1, d.u8(q), 2);
                    d.uint(tlv, "lldp.ieee.802_1.port_proto_vlan.id", "Port and Protocol VLAN Identifier", q + 1, 2,
                            d.u16(q + 1));
                } else if (subtype == 3 && end - q >= 3) {
                    d.uint(tlv, "lldp.ieee.802_1.vlan.id", "VLAN Identifier", q, 2, d.u16(q));
                    int n = d.u8(q + 2);
                    d.uint(tlv, "lldp.ieee.802_1.vlan.name_len", "VLAN Name Length", q + 2, 1, n);
                    if (q + 3 + n <= end) {
                        d.string(tlv, "lldp.ieee.802_1.vlan.name", "VLAN Name", q + 3, n, text(d, q + 3, q + 3 + n));
                    }
                }
            }
            case OUI_8023 -> {
                d.hex(tlv, "lldp.ieee.802_3.subtype", "IEEE 802.3 Subtype", v + 3, 1, subtype, 2);
                if (subtype == 1 && end - q >= 5) {
                    d.hex(tlv, "lldp.ieee.802_3.mac_phy_auto_neg_status", "Auto-Negotiation Support/Status", q, 1,
                            d.u8(q), 2);
                    d.hex(tlv, "lldp.ieee.802_3.pmd_auto_neg_advertised_caps", "PMD Auto-Negotiation Advertised "
                            + "Capability", q + 1, 2, d.u16(q + 1), 4);
                    d.hex(tlv, "lldp.ieee.802_3.pmd_mau_type", "Operational MAU Type", q + 3, 2, d.u16(q + 3), 4);
                } else if (subtype == 4 && end - q >= 2) {
                    d.uint(tlv, "lldp.ieee.802_3.max_frame_size", "Maximum Frame Size", q, 2, d.u16(q));
                }
            }
            case OUI_MED -> LldpMed.dissect(d, tlv, subtype, v + 3, q, end);
            default -> {
                d.uint(tlv, "lldp.unknown_subtype", "Unknown Subtype", v + 3, 1, subtype);
                if (end > q) {
                    d.bytes(tlv, "lldp.unknown_subtype.content", "Unknown Subtype Content", q, end - q);
                }
            }
        }
    }

    static String text(Dissection d, int p, int end) {
        return TextLines.escaped(new String(d.bytes(), p, Math.max(0, end - p), StandardCharsets.ISO_8859_1));
    }

    static String tlvName(int type) {
        return switch (type) {
            case 0 -> "End of LLDPDU";
            case 1 -> "Chassis Subtype";
            case 2 -> "Port Subtype";
            case 3 -> "Time To Live";
            case 4 -> "Port Description";
            case 5 -> "System Name";
            case 6 -> "System Description";
            case 7 -> "Capabilities";
            case 8 -> "Management Address";
            case 127 -> "Organization Specific";
            default -> "Reserved (" + type + ")";
        };
    }
}
