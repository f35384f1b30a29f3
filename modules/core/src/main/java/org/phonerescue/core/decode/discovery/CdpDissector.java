package org.phonerescue.core.decode.discovery;

import java.nio.charset.StandardCharsets;
import org.phonerescue.core.decode.Addresses;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.text.TextLines;

/**
 * Cisco Discovery Protocol (version 1 and 2; SNAP OUI 00-00-0C, PID 0x2000): a 4-byte header
 * (version, TTL, checksum) and type-length-value fields whose length counts the 4-byte TLV
 * header. A Cisco phone learns its voice VLAN from the switch's VoIP VLAN Reply (0x000E); the
 * native (data) VLAN is TLV 0x000A. Fields are named as Wireshark names them.
 */
public final class CdpDissector {

    private CdpDissector() {
    }

    public static void dissect(Dissection d, int p, int end) {
        d.column("CDP", "");
        Field cdp = d.layer("cdp", "Cisco Discovery Protocol", p, end - p);
        if (end - p < 4) {
            d.malformed(cdp, "CDP header shorter than 4 bytes", p);
            return;
        }
        d.uint(cdp, "cdp.version", "Version", p, 1, d.u8(p));
        d.uint(cdp, "cdp.ttl", "TTL", p + 1, 1, d.u8(p + 1));
        d.hex(cdp, "cdp.checksum", "Checksum", p + 2, 2, d.u16(p + 2), 4);
        StringBuilder info = new StringBuilder();
        int q = p + 4;
        while (q < end) {
            if (end - q < 4) {
                d.malformed(cdp, "TLV header cut short", q);
                break;
            }
            int type = d.u16(q);
            int length = d.u16(q + 2);
            if (length < 4 || q + length > end) {
                Field bad = d.text(cdp, "", "TLV with bad length " + length, q, end - q);
                d.hex(bad, "cdp.tlv.type", "Type", q, 2, type, 4);
                d.uint(bad, "cdp.tlv.len", "Length", q + 2, 2, length);
                d.malformed(bad, "TLV length " + length + " is below 4 or runs past the packet", q + 2);
                break;
            }
            int v = q + 4;
            int vEnd = q + length;
            Field tlv = d.text(cdp, "", typeName(type), q, length);
            d.hex(tlv, "cdp.tlv.type", "Type", q, 2, type, 4);
            d.uint(tlv, "cdp.tlv.len", "Length", q + 2, 2, length);
            switch (type) {
                case 0x0001 -> {
                    String id = text(d, v, vEnd);
                    d.string(tlv, "cdp.deviceid", "Device ID", v, vEnd - v, id);
                    info.append("Device ID: ").append(id).append("  ");
                }
                case 0x0003 -> {
                    String port = text(d, v, vEnd);
                    d.string(tlv, "cdp.portid", "Sent through Interface", v, vEnd - v, port);
                    info.append("Port ID: ").append(port).append("  ");
                }
                case 0x0005 -> {
                    // one field per line of the version text, as Wireshark shows it
                    byte[] b = d.bytes();
                    int s = v;
                    int stop = v;
                    while (stop < vEnd && b[stop] != 0) {
                        stop++;
                    }
                    while (s < stop) {
                        int e = s;
                        while (e < stop && b[e] != '\n') {
                            e++;
                        }
                        d.string(tlv, "cdp.software_version", "Software version", s, e - s, text(d, s, e));
                        s = e + 1;
                    }
                }
                case 0x0006 -> d.string(tlv, "cdp.platform", "Platform", v, vEnd - v, text(d, v, vEnd));
                case 0x0002, 0x0016 -> addresses(d, tlv, v, vEnd);
                case 0x0004 -> {
                    if (vEnd - v >= 4) {
                        long caps = d.u32(v);
                        d.hex(tlv, "cdp.capabilities", "Capabilities", v, 4, caps, 8);
                        d.bool(tlv, "cdp.capabilities.router", "Router", v, 4, (caps & 0x01) != 0);
                        d.bool(tlv, "cdp.capabilities.switch", "Switch", v, 4, (caps & 0x08) != 0);
                        d.bool(tlv, "cdp.capabilities.host", "Host", v, 4, (caps & 0x10) != 0);
                        d.bool(tlv, "cdp.capabilities.voip_phone", "VoIP Phone", v, 4, (caps & 0x80) != 0);
                    }
                }
                case 0x0009 -> d.string(tlv, "cdp.vtp_management_domain", "VTP Management Domain", v, vEnd - v,
                        text(d, v, vEnd));
                case 0x000A -> {
                    if (vEnd - v >= 2) {
                        d.uint(tlv, "cdp.native_vlan", "Native VLAN", v, 2, d.u16(v));
                    }
                }
                case 0x000B -> {
                    if (vEnd - v >= 1) {
                        d.bool(tlv, "cdp.duplex", "Duplex", v, 1, d.u8(v) != 0);
                    }
                }
                case 0x000E, 0x000F -> {
                    // VoIP VLAN Reply / Query: a data byte, then the voice VLAN
                    if (vEnd - v >= 1) {
                        d.bytes(tlv, "cdp.data", "Data", v, 1);
                    }
                    if (vEnd - v >= 3) {
                        d.uint(tlv, "cdp.voice_vlan", "Voice VLAN", v + 1, 2, d.u16(v + 1));
                    }
                }
                case 0x0010 -> {
                    if (vEnd - v >= 2) {
                        d.uint(tlv, "cdp.power_consumption", "Power Consumption", v, 2, d.u16(v));
                    }
                }
                case 0x0011 -> {
                    if (vEnd - v >= 4) {
                        d.uint(tlv, "cdp.mtu", "MTU", v, 4, d.u32(v));
                    }
                }
                case 0x0012 -> {
                    if (vEnd - v >= 1) {
                        d.hex(tlv, "cdp.trust_bitmap", "Trust Bitmap", v, 1, d.u8(v), 2);
                    }
                }
                case 0x0013 -> {
                    if (vEnd - v >= 1) {
                        d.hex(tlv, "cdp.untrusted_port_cos", "Untrusted port CoS", v, 1, d.u8(v), 2);
                    }
                }
                case 0x0014 -> d.string(tlv, "cdp.system_name", "System Name", v, vEnd - v, text(d, v, vEnd));
                case 0x0017 -> {
                    if (vEnd - v >= 1) {
                        d.hex(tlv, "cdp.location.unknown", "Location unknown", v, 1, d.u8(v), 2);
                        d.string(tlv, "cdp.location", "Location", v + 1, vEnd - v - 1, text(d, v + 1, vEnd));
                    }
                }
                case 0x001A -> {
                    if (vEnd - v >= 12) {
                        d.uint(tlv, "cdp.request_id", "Request-ID", v, 2, d.u16(v));
                        d.uint(tlv, "cdp.management_id", "Management-ID", v + 2, 2, d.u16(v + 2));
                        for (int a = v + 4; a + 4 <= vEnd; a += 4) {
                            d.uint(tlv, "cdp.power_available", "Power Available", a, 4, d.u32(a));
                        }
                    }
                }
                default -> {
                    if (vEnd > v) {
                        d.bytes(tlv, "cdp.data", "Data", v, vEnd - v);
                    }
                }
            }
            q += length;
        }
        d.info(info.toString());
    }

    /** Address TLV: a count, then protocol type, length, protocol, address length and address. */
    private static void addresses(Dissection d, Field tlv, int v, int end) {
        if (end - v < 4) {
            return;
        }
        long count = d.u32(v);
        d.uint(tlv, "cdp.number_of_addresses", "Number of addresses", v, 4, count);
        int q = v + 4;
        for (long i = 0; i < count && q + 2 <= end; i++) {
            int ptype = d.u8(q);
            int plen = d.u8(q + 1);
            if (q + 2 + plen + 2 > end) {
                break;
            }
            int alen = d.u16(q + 2 + plen);
            int a = q + 4 + plen;
            if (a + alen > end) {
                break;
            }
            boolean ip = ptype == 1 && plen == 1 && d.u8(q + 2) == 0xCC && alen == 4;
            Field addr = d.text(tlv, "", ip ? "IP address: " + Addresses.ipv4(d.bytes(), a) : "Address", q,
                    a + alen - q);
            d.hex(addr, "cdp.protocol_type", "Protocol type", q, 1, ptype, 2);
            d.uint(addr, "cdp.protocol_length", "Protocol length", q + 1, 1, plen);
            d.bytes(addr, "cdp.protocol", "Protocol", q + 2, plen);
            d.uint(addr, "cdp.address_length", "Address length", q + 2 + plen, 2, alen);
            if (ip) {
                d.ipv4(addr, "cdp.nrgyz.ip_address", "IP Address", a);
            } else if (alen == 16) {
                d.ipv6(addr, "cdp.nrgyz.ipv6_address", "IPv6 Address", a);
            } else if (alen > 0) {
                d.bytes(addr, "cdp.address", "Address", a, alen);
            }
            q = a + alen;
        }
    }

    private static String text(Dissection d, int p, int end) {
        int e = p;
        byte[] b = d.bytes();
        while (e < end && b[e] != 0) {
            e++;
        }
        return TextLines.escaped(new String(b, p, e - p, StandardCharsets.ISO_8859_1));
    }

    static String typeName(int type) {
        return switch (type) {
            case 0x0001 -> "Device ID";
            case 0x0002 -> "Addresses";
            case 0x0003 -> "Port ID";
            case 0x0004 -> "Capabilities";
            case 0x0005 -> "Software Version";
            case 0x0006 -> "Platform";
            case 0x0007 -> "IP Prefixes";
            case 0x0008 -> "Protocol Hello";
            case 0x0009 -> "VTP Management Domain";
            case 0x000A -> "Native VLAN";
            case 0x000B -> "Duplex";
            case 0x000E -> "VoIP VLAN Reply";
            case 0x000F -> "VoIP VLAN Query";
            case 0x0010 -> "Power";
            case 0x0011 -> "MTU";
            case 0x0012 -> "Trust Bitmap";
            case 0x0013 -> "Untrusted Port CoS";
            case 0x0014 -> "System Name";
            case 0x0015 -> "System Object ID";
            case 0x0016 -> "Management Addresses";
            case 0x0017 -> "Location";
            case 0x0019 -> "Power Requested";
            case 0x001A -> "Power Available";
            default -> String.format("Type 0x%04x", type);
        };
    }
}
