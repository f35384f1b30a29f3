package org.phonerescue.core.decode.enip;

import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.tcp.StreamContext;
import org.phonerescue.core.decode.tcp.StreamProtocol;

/**
 * EtherNet/IP encapsulation (ODVA CIP Networks Library Vol. 2, chapter 2: a 24-byte little-endian
 * header, command-specific data, and the Common Packet Format of chapter 2-6) on TCP and UDP
 * 44818, and class 0/1 I/O on UDP 2222. The CIP messages carried in SendRRData/SendUnitData are
 * handed to {@link Cip}, which names the Protocol column "CIP" as Wireshark does; other commands
 * stay "ENIP".
 */
public final class EnipDissector implements StreamProtocol {

    public static final EnipDissector TCP = new EnipDissector();

    static final int HEADER = 24;

    private EnipDissector() {
    }

    @Override
    public String name() {
        return "enip";
    }

    @Override
    public int dissect(Dissection d, int p, int end, StreamContext ctx) {
        int q = p;
        while (q < end) {
            if (end - q < HEADER) {
                if (ctx.canDesegment()) {
                    ctx.needMore(q, HEADER - (end - q));
                    break;
                }
            } else {
                int length = Le.u16(d, q + 2);
                if (q + HEADER + length > end && ctx.canDesegment()) {
                    ctx.needMore(q, q + HEADER + length - end);
                    break;
                }
            }
            int pduEnd = end - q < HEADER ? end : Math.min(end, q + HEADER + Le.u16(d, q + 2));
            Cip.Pairing pairing = ctx.conversation().state("cip");
            if (pairing == null) {
                pairing = new Cip.Pairing();
                ctx.conversation().state("cip", pairing);
            }
            encapsulation(d, q, pduEnd, ctx.fromServer(), pairing);
            q = pduEnd;
        }
        return Math.max(1, q - p);
    }

    /** ENIP over UDP 44818 (List Identity, List Services …). */
    public static void datagram(Dissection d, int p, int end) {
        encapsulation(d, p, end, d.sourcePort() == 44818, new Cip.Pairing());
    }

    private static void encapsulation(Dissection d, int p, int end, boolean response, Cip.Pairing pairing) {
        d.column("ENIP", "");
        Field enip = d.layer("enip", "EtherNet/IP (Industrial Protocol)", p, end - p);
        if (end - p < HEADER) {
            d.malformed(enip, "encapsulation header shorter than 24 bytes", p);
            return;
        }
        int command = Le.u16(d, p);
        int length = Le.u16(d, p + 2);
        Field header = d.text(enip, "", "Encapsulation Header", p, HEADER);
        d.hex(header, "enip.command", "Command", p, 2, command, 4);
        d.uint(header, "enip.length", "Length", p + 2, 2, length);
        d.hex(header, "enip.session", "Session Handle", p + 4, 4, Le.u32(d, p + 4), 8);
        d.hex(header, "enip.status", "Status", p + 8, 4, Le.u32(d, p + 8), 8);
        if (command == 0x0063 && !response) {
            // List Identity requests use the first two context bytes as the reply delay (Vol. 2 §2-4.2.2)
            d.uint(header, "enip.listid_delay", "Max Response Delay", p + 12, 2, Le.u16(d, p + 12));
            d.bytes(header, "enip.context", "Sender Context", p + 14, 6);
        } else {
            d.bytes(header, "enip.context", "Sender Context", p + 12, 8);
        }
        d.hex(header, "enip.options", "Options", p + 20, 4, Le.u32(d, p + 20), 8);
        String name = commandName(command);
        String direction = response ? " (Rsp)" : " (Req)";
        d.info(name + direction);
        int q = p + HEADER;
        if (q >= end) {
            return;
        }
        Field specific = d.text(enip, "", "Command Specific Data", q, end - q);
        switch (command) {
            case 0x006F, 0x0070 -> {
                if (end - q < 6) {
                    d.malformed(specific, "command data shorter than its 6-byte header", q);
                    return;
                }
                d.hex(specific, command == 0x6F ? "enip.srrd.iface" : "enip.sud.iface", "Interface Handle", q, 4,
                        Le.u32(d, q), 8);
                d.uint(specific, "enip.timeout", "Timeout", q + 4, 2, Le.u16(d, q + 4));
                Cpf.dissect(d, specific, q + 6, end, command == 0x70, response, d.bytes(), p + 12, pairing);
            }
            case 0x0063, 0x0004, 0x0064 -> {
                if (response) {
                    String product = Cpf.dissect(d, specific, q, end, false, true, d.bytes(), p + 12, pairing);
                    if (product != null) {
                        d.info(name + direction + ", " + product);
                    }
                }
            }
            case 0x0065 -> {
                if (end - q >= 4) {
                    d.uint(specific, "enip.rs.version", "Protocol Version", q, 2, Le.u16(d, q));
                    d.hex(specific, "enip.rs.flags", "Option Flags", q + 2, 2, Le.u16(d, q + 2), 4);
                }
                d.info(name + direction + ", Session: 0x" + String.format("%08X", Le.u32(d, p + 4)));
            }
            default -> d.bytes(specific, "enip.encap_data", "Encapsulated Data", q, end - q);
        }
    }

    static String commandName(int command) {
        return switch (command) {
            case 0x0000 -> "NOP";
            case 0x0004 -> "List Services";
            case 0x0063 -> "List Identity";
            case 0x0064 -> "List Interfaces";
            case 0x0065 -> "Register Session";
            case 0x0066 -> "Unregister Session";
            case 0x006F -> "Send RR Data";
            case 0x0070 -> "Send Unit Data";
            case 0x0072 -> "Indicate Status";
            case 0x0073 -> "Cancel";
            default -> String.format("Unknown Command (0x%04x)", command);
        };
    }

    /** Class 0/1 connected I/O on UDP 2222 (Vol. 2 §2-6.3.2): a CPF with the sequenced address. */
    public static void cipIo(Dissection d, int p, int end) {
        d.column("CIP I/O", "");
        Field enip = d.layer("enip", "EtherNet/IP (Industrial Protocol)", p, end - p);
        Cpf.io(d, enip, p, end);
    }
}
