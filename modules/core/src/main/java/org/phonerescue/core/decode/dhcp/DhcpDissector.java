package org.phonerescue.core.decode.dhcp;

import org.phonerescue.core.decode.Addresses;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;

/**
 * BOOTP (RFC 951) and DHCP (RFC 2131 §2; options RFC 2132) with Wireshark's field names. Every
 * option is listed with its name; the ones phone recovery depends on get typed fields: 66 TFTP
 * server name, 67 bootfile, 150 TFTP server address list (RFC 5859: IPv4 addresses in network
 * byte order), 43 vendor-specific, 60 vendor class, 61 client identifier, 52 overload (the
 * options continued in the sname and file fields, RFC 2132 §9.3).
 */
public final class DhcpDissector {

    /** RFC 2131 §3: the four octets 99.130.83.99 that start the options. */
    private static final long MAGIC_COOKIE = 0x63825363L;
    private static final int FIXED_HEADER = 236;

    private DhcpDissector() {
    }

    public static void dissect(Dissection d, int p, int end) {
        d.column("BOOTP", "");
        Field dhcp = d.layer("dhcp", "Dynamic Host Configuration Protocol", p, end - p);
        int available = end - p;
        if (available < 1) {
            d.malformed(dhcp, "empty BOOTP message", p);
            return;
        }
        // The fixed header field by field: a message cut short by the capture keeps what is there.
        int op = d.u8(p);
        d.uint(dhcp, "dhcp.type", "Message type", p, 1, op);
        d.info(opName(op));
        if (available < 28) {
            d.malformed(dhcp, "BOOTP message shorter than its 236-byte fixed header", p + available);
            if (available >= 8) {
                fixedHeader(d, dhcp, p, Math.min(available, 28));
            }
            return;
        }
        int htype = d.u8(p + 1);
        int hlen = d.u8(p + 2);
        long xid = d.u32(p + 4);
        fixedHeader(d, dhcp, p, 28);
        String mac = null;
        if (htype == 1 && hlen == 6 && available >= 34) {
            mac = Addresses.mac(d.bytes(), p + 28);
            d.mac(dhcp, "dhcp.hw.mac_addr", "Client MAC address", p + 28);
            if (available >= 44) {
                d.bytes(dhcp, "dhcp.hw.addr_padding", "Client hardware address padding", p + 34, 10);
            }
        } else if (available >= 44) {
            d.bytes(dhcp, "dhcp.hw.addr", "Client hardware address", p + 28, 16);
        }
        String bootInfo = opName(op) + (mac != null && op == 1 ? " from " + mac + " (" + mac + ")" : "");
        if (available < FIXED_HEADER) {
            d.info(bootInfo);
            d.malformed(dhcp, "BOOTP message shorter than its 236-byte fixed header", p + available);
            return;
        }

        boolean cookieOk = end - p >= FIXED_HEADER + 4 && d.u32(p + FIXED_HEADER) == MAGIC_COOKIE;
        int overload = 0;
        Options options = new Options(d, dhcp);
        if (cookieOk) {
            d.ipv4(dhcp, "dhcp.cookie", "Magic cookie", p + FIXED_HEADER);
            overload = options.walk(p + FIXED_HEADER + 4, end, p);
        }
        // The sname and file fields, unless option 52 says they hold options.
        if ((overload & 2) == 0) {
            header(d, dhcp, "dhcp.server", "Server host name", p + 44, 64);
        }
        if ((overload & 1) == 0) {
            header(d, dhcp, "dhcp.file", "Boot file name", p + 108, 128);
        }
        if (!cookieOk) {
            d.info(bootInfo);
            if (end - p > FIXED_HEADER) {
                d.malformed(dhcp, "bad magic cookie: options cannot be read", p + FIXED_HEADER);
            }
            return;
        }
        if (options.messageType >= 0) {
            d.column("DHCP", String.format("DHCP %-8s - Transaction ID 0x%x", DhcpOptionNames.messageType(options.messageType), xid));
        } else {
            d.info(bootInfo);
        }
        if (options.problem != null) {
            d.malformed(dhcp, options.problem, options.problemOffset);
        }
    }

    /** RFC 2131 §2 fields from htype to giaddr, as far as {@code limit} bytes of the message go. */
    private static void fixedHeader(Dissection d, Field dhcp, int p, int limit) {
        d.hex(dhcp, "dhcp.hw.type", "Hardware type", p + 1, 1, d.u8(p + 1), 2);
        d.uint(dhcp, "dhcp.hw.len", "Hardware address length", p + 2, 1, d.u8(p + 2));
        d.uint(dhcp, "dhcp.hops", "Hops", p + 3, 1, d.u8(p + 3));
        d.hex(dhcp, "dhcp.id", "Transaction ID", p + 4, 4, d.u32(p + 4), 8);
        if (limit < 12) {
            return;
        }
        d.uint(dhcp, "dhcp.secs", "Seconds elapsed", p + 8, 2, d.u16(p + 8));
        int flags = d.u16(p + 10);
        d.hex(dhcp, "dhcp.flags", "Bootp flags", p + 10, 2, flags, 4);
        d.bool(dhcp, "dhcp.flags.bc", "Broadcast flag", p + 10, 2, (flags & 0x8000) != 0);
        String[][] addresses = {{"dhcp.ip.client", "Client IP address"}, {"dhcp.ip.your", "Your (client) IP address"},
            {"dhcp.ip.server", "Next server IP address"}, {"dhcp.ip.relay", "Relay agent IP address"}};
        for (int i = 0; i < 4 && 16 + 4 * i <= limit; i++) {
            d.ipv4(dhcp, addresses[i][0], addresses[i][1], p + 12 + 4 * i);
        }
    }

    /** RFC 951 §3: op 1 is a request, 2 a reply. */
    private static String opName(int op) {
        return switch (op) {
            case 1 -> "Boot Request";
            case 2 -> "Boot Reply";
            default -> "Unknown BOOTP message type (" + op + ")";
        };
    }

    /** sname/file: NUL-terminated text; Wireshark shows no field when the first byte is NUL. */
    private static void header(Dissection d, Field dhcp, String name, String title, int p, int length) {
        if (d.u8(p) != 0) {
            d.string(dhcp, name, title, p, length, d.cString(p, p + length));
        }
    }

    /** Walks option lists: the main area, then (option 52) the sname and file fields. */
    private static final class Options {
        private final Dissection d;
        private final Field dhcp;
        int messageType = -1;
        String problem;
        int problemOffset;

        Options(Dissection d, Field dhcp) {
            this.d = d;
            this.dhcp = dhcp;
        }

        /** Returns the option-overload value (RFC 2132 §9.3): 1 file, 2 sname, 3 both. */
        int walk(int p, int end, int bootp) {
            int[] overload = {0};
            list(dhcp, p, end, overload, bootp, true);
            return overload[0];
        }

        private void list(Field parent, int p, int end, int[] overload, int bootp, boolean main) {
            while (p < end) {
                int code = d.u8(p);
                if (code == 0) {
                    Field pad = d.text(parent, "dhcp.option", "Option: (0) Padding", p, 1);
                    d.uint(pad, "dhcp.option.type", "Option", p, 1, 0);
                    // Wireshark lists a run of padding as one option
                    int q = p;
                    while (q < end && d.u8(q) == 0) {
                        q++;
                    }
                    if (q >= end) {
                        return;
                    }
                    p = q;
                    continue;
                }
                if (code == 255) {
                    Field option = d.text(parent, "dhcp.option", "Option: (255) End", p, 1);
                    // Wireshark 4.0 gives the End option's type field the value 0 (its label still says 255).
                    d.uint(option, "dhcp.option.type", "Option", p, 1, 0);
                    d.uint(option, "dhcp.option.end", "Option End", p, 1, 255);
                    if (main && p + 1 < end) {
                        d.bytes(parent, "dhcp.option.padding", "Padding", p + 1, end - p - 1);
                    }
                    return;
                }
                if (end - p < 2) {
                    fail("option " + code + " has no length byte", p);
                    return;
                }
                int len = d.u8(p + 1);
                if (end - p - 2 < len) {
                    Field option = d.text(parent, "dhcp.option", "Option: (" + code + ") " + DhcpOptionNames.name(code),
                            p, end - p);
                    d.uint(option, "dhcp.option.type", "Option", p, 1, code);
                    d.uint(option, "dhcp.option.length", "Length", p + 1, 1, len);
                    fail("option " + code + " claims " + len + " bytes, only " + (end - p - 2) + " remain", p + 1);
                    return;
                }
                Field option = d.text(parent, "dhcp.option", "Option: (" + code + ") " + DhcpOptionNames.name(code), p,
                        len + 2);
                d.uint(option, "dhcp.option.type", "Option", p, 1, code);
                d.uint(option, "dhcp.option.length", "Length", p + 1, 1, len);
                value(option, code, p + 2, len, overload, bootp, main);
                p += 2 + len;
            }
        }

        private void fail(String message, int offset) {
            if (problem == null) {
                problem = message;
                problemOffset = offset;
            }
        }

        private void value(Field option, int code, int v, int len, int[] overload, int bootp, boolean main) {
            switch (code) {
                case 53 -> {
                    if (len >= 1) {
                        messageType = d.u8(v);
                        d.uint(option, "dhcp.option.dhcp", "DHCP", v, 1, messageType);
                    }
                }
                case 1 -> addresses(option, "dhcp.option.subnet_mask", "Subnet Mask", v, len);
                case 3 -> addresses(option, "dhcp.option.router", "Router", v, len);
                case 6 -> addresses(option, "dhcp.option.domain_name_server", "Domain Name Server", v, len);
                case 28 -> addresses(option, "dhcp.option.broadcast_address", "Broadcast Address", v, len);
                case 50 -> addresses(option, "dhcp.option.requested_ip_address", "Requested IP Address", v, len);
                case 54 -> addresses(option, "dhcp.option.dhcp_server_id", "DHCP Server Identifier", v, len);
                case 150 -> addresses(option, "dhcp.option.tftp_server_address", "TFTP Server Address", v, len);
                case 12 -> d.string(option, "dhcp.option.hostname", "Host Name", v, len, text(v, len));
                case 15 -> d.string(option, "dhcp.option.domain_name", "Domain Name", v, len, text(v, len));
                case 56 -> d.string(option, "dhcp.option.message", "Message", v, len, text(v, len));
                case 60 -> d.string(option, "dhcp.option.vendor_class_id", "Vendor class identifier", v, len, text(v, len));
                case 66 -> d.string(option, "dhcp.option.tftp_server_name", "TFTP Server Name", v, len, text(v, len));
                case 67 -> d.string(option, "dhcp.option.bootfile_name", "Bootfile name", v, len, text(v, len));
                case 51, 58, 59 -> {
                    if (len == 4) {
                        String name = code == 51 ? "dhcp.option.ip_address_lease_time"
                                : code == 58 ? "dhcp.option.renewal_time_value" : "dhcp.option.rebinding_time_value";
                        d.uint(option, name, DhcpOptionNames.name(code), v, 4, d.u32(v));
                    }
                }
                case 57 -> {
                    if (len == 2) {
                        d.uint(option, "dhcp.option.dhcp_max_message_size", "Maximum DHCP Message Size", v, 2, d.u16(v));
                    }
                }
                case 55 -> {
                    for (int i = 0; i < len; i++) {
                        int item = d.u8(v + i);
                        d.uint(option, "dhcp.option.request_list_item", "Parameter Request List Item (" + item + ") "
                                + DhcpOptionNames.name(item), v + i, 1, item);
                    }
                }
                case 61 -> {
                    if (len == 7 && d.u8(v) == 1) {
                        // hardware type 1 (Ethernet) and the MAC: Wireshark lists it as dhcp.hw.mac_addr too
                        d.hex(option, "dhcp.hw.type", "Hardware type", v, 1, 1, 2);
                        d.mac(option, "dhcp.hw.mac_addr", "Client MAC address", v + 1);
                    } else {
                        d.bytes(option, "dhcp.option.client_id", "Client Identifier", v, len);
                    }
                }
                case 43 -> {
                    d.bytes(option, "dhcp.option.vendor.value", "Value", v, len);
                    vendorSuboptions(option, v, len);
                }
                case 52 -> {
                    if (!main) {
                        // RFC 2132 §9.3: overload is announced in the options field only; one inside
                        // sname or file is not followed (it would send the walk round in circles).
                        d.expert(option, Field.Severity.WARN, "option overload inside an overloaded field is ignored",
                                v, len);
                    } else if (len >= 1) {
                        int value = d.u8(v);
                        d.uint(option, "dhcp.option.option_overload", "Option Overload", v, 1, value);
                        overload[0] = value;
                        // RFC 2132 §9.3: continue in sname (2) and/or file (1); Wireshark lists them here.
                        if ((value & 2) != 0) {
                            Field sname = d.text(option, "dhcp.option.overload.sname", "Server host name option overload",
                                    bootp + 44, 64);
                            list(sname, bootp + 44, bootp + 108, new int[1], bootp, false);
                        }
                        if ((value & 1) != 0) {
                            Field file = d.text(option, "dhcp.option.overload.file", "Boot file name option overload",
                                    bootp + 108, 128);
                            list(file, bootp + 108, bootp + 236, new int[1], bootp, false);
                        }
                    }
                }
                case 82 -> {
                    Field agent = option;
                    int q = v;
                    while (v + len - q >= 2) {
                        int sub = d.u8(q);
                        int sublen = d.u8(q + 1);
                        if (v + len - q - 2 < sublen) {
                            break;
                        }
                        String name = sub == 1 ? "dhcp.option.agent_information_option.agent_circuit_id"
                                : sub == 2 ? "dhcp.option.agent_information_option.agent_remote_id"
                                : sub == 6 ? "dhcp.option.agent_information_option.subscriber_id"
                                : "dhcp.option.agent_information_option.value";
                        d.bytes(agent, name, "Agent Information suboption " + sub, q + 2, sublen);
                        q += 2 + sublen;
                    }
                }
                default -> {
                    if (len > 0) {
                        d.bytes(option, "dhcp.option.value", "Value", v, len);
                    }
                }
            }
        }

        /**
         * Option 43 as encapsulated sub-options (RFC 2132 §8.4: code, length, value), which Cisco
         * and Polycom phones use; shown when the bytes parse as such a list.
         */
        private void vendorSuboptions(Field option, int v, int len) {
            int q = v;
            int end = v + len;
            while (q < end) {
                int sub = d.u8(q);
                if (sub == 0 || sub == 255) {
                    q++;
                    continue;
                }
                if (end - q < 2 || end - q - 2 < d.u8(q + 1)) {
                    return; // not a sub-option list: the raw value above is all there is
                }
                q += 2 + d.u8(q + 1);
            }
            q = v;
            while (q < end) {
                int sub = d.u8(q);
                if (sub == 0 || sub == 255) {
                    q++;
                    continue;
                }
                int sublen = d.u8(q + 1);
                Field s = d.text(option, "dhcp.option.vendor.suboption", "Sub-option (" + sub + ")", q, 2 + sublen);
                d.uint(s, "dhcp.option.vendor.suboption.code", "Code", q, 1, sub);
                d.bytes(s, "dhcp.option.vendor.suboption.value", "Value", q + 2, sublen);
                q += 2 + sublen;
            }
        }

        private void addresses(Field option, String name, String title, int v, int len) {
            for (int i = 0; i + 4 <= len; i += 4) {
                d.ipv4(option, name, title, v + i);
            }
            if (len % 4 != 0) {
                d.expert(option, Field.Severity.WARN, title + " length " + len + " is not a multiple of 4", v, len);
            }
        }

        private String text(int v, int len) {
            // Strings in options are not NUL-terminated (RFC 2132 §2), but some clients add one.
            return d.cString(v, v + len);
        }
    }
}
