package org.phonerescue.core.decode.enip;

import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;

/**
 * The Common Packet Format (CIP Networks Library Vol. 2 §2-6): an item count, then items of
 * type, length and data: the address items (null, connected 0x00A1, sequenced 0x8002) and the
 * data items (unconnected 0x00B2, connected 0x00B1 with its sequence count) that carry CIP, and
 * the CIP Identity item 0x000C of a List Identity reply.
 */
final class Cpf {

    private Cpf() {
    }

    /** Returns the product name of a CIP Identity item, if one was present. */
    static String dissect(Dissection d, Field parent, int p, int end, boolean connected, boolean response, byte[] b,
                          int contextOffset, Cip.Pairing pairing) {
        if (end - p < 2) {
            return null;
        }
        int count = Le.u16(d, p);
        d.uint(parent, "enip.cpf.itemcount", "Item Count", p, 2, count);
        int q = p + 2;
        long connectionId = -1;
        String product = null;
        for (int i = 0; i < count && q + 4 <= end; i++) {
            int type = Le.u16(d, q);
            int length = Le.u16(d, q + 2);
            int dataEnd = Math.min(end, q + 4 + length);
            Field item = d.text(parent, "", "Type ID: " + typeName(type), q, dataEnd - q);
            d.hex(item, "enip.cpf.typeid", "Type ID", q, 2, type, 4);
            d.uint(item, "enip.cpf.length", "Length", q + 2, 2, length);
            int v = q + 4;
            switch (type) {
                case 0x00A1 -> {
                    if (dataEnd - v >= 4) {
                        connectionId = Le.u32(d, v);
                        d.hex(item, "enip.cpf.cai.connid", "Connection ID", v, 4, connectionId, 8);
                    }
                }
                case 0x00B1 -> {
                    if (dataEnd - v >= 2) {
                        int seq = Le.u16(d, v);
                        d.uint(item, "cip.seq", "CIP Sequence Count", v, 2, seq);
                        Cip.dissect(d, v + 2, dataEnd, pairing, "seq:" + seq);
                    }
                }
                case 0x00B2 -> {
                    String key = "ctx:" + java.util.HexFormat.of().formatHex(b, contextOffset, contextOffset + 8);
                    Cip.dissect(d, v, dataEnd, pairing, key);
                }
                case 0x000C -> product = identity(d, item, v, dataEnd);
                case 0x8002 -> {
                    if (dataEnd - v >= 8) {
                        d.hex(item, "enip.cpf.sai.connid", "Connection ID", v, 4, Le.u32(d, v), 8);
                        d.uint(item, "enip.cpf.sai.seq", "Encapsulation Sequence Number", v + 4, 4, Le.u32(d, v + 4));
                    }
                }
                default -> {
                    if (dataEnd > v) {
                        d.bytes(item, "enip.cpf.data", "Data", v, dataEnd - v);
                    }
                }
            }
            q = dataEnd;
        }
        return product;
    }

    /** CIP Identity item (Vol. 2 §2-4.2.3): the device that answered List Identity. */
    private static String identity(Dissection d, Field item, int p, int end) {
        if (end - p < 33) {
            return null;
        }
        d.uint(item, "enip.encapver", "Encapsulation Protocol Version", p, 2, Le.u16(d, p));
        d.uint(item, "enip.sinfamily", "sin_family", p + 2, 2, d.u16(p + 2));
        d.uint(item, "enip.sinport", "sin_port", p + 4, 2, d.u16(p + 4));
        d.ipv4(item, "enip.sinaddr", "sin_addr", p + 6);
        d.hex(item, "enip.lir.vendor", "Vendor ID", p + 18, 2, Le.u16(d, p + 18), 4);
        d.uint(item, "enip.lir.devtype", "Device Type", p + 20, 2, Le.u16(d, p + 20));
        d.uint(item, "enip.lir.prodcode", "Product Code", p + 22, 2, Le.u16(d, p + 22));
        String revision = d.u8(p + 24) + "." + String.format("%02d", d.u8(p + 25));
        long raw = d.u16(p + 24);
        d.subtree(item, "enip.lir.revision", "Revision: " + revision, p + 24, 2, raw, Long.toString(raw));
        d.hex(item, "enip.lir.status", "Status", p + 26, 2, Le.u16(d, p + 26), 4);
        d.hex(item, "enip.lir.serial", "Serial Number", p + 28, 4, Le.u32(d, p + 28), 8);
        int nameLength = d.u8(p + 32);
        d.uint(item, "enip.lir.namelen", "Product Name Length", p + 32, 1, nameLength);
        if (p + 33 + nameLength > end) {
            return null;
        }
        String name = new String(d.bytes(), p + 33, nameLength, java.nio.charset.StandardCharsets.ISO_8859_1);
        d.string(item, "enip.lir.name", "Product Name", p + 33, nameLength, name);
        if (p + 33 + nameLength < end) {
            d.hex(item, "enip.lir.state", "State", p + 33 + nameLength, 1, d.u8(p + 33 + nameLength), 2);
        }
        return name;
    }

    /** Class 0/1 I/O: sequenced address item and connected data (the I/O data itself). */
    static void io(Dissection d, Field enip, int p, int end) {
        if (end - p < 2) {
            d.malformed(enip, "CPF shorter than its item count", p);
            return;
        }
        int count = Le.u16(d, p);
        d.uint(enip, "enip.cpf.itemcount", "Item Count", p, 2, count);
        int q = p + 2;
        long connection = -1;
        long seq = -1;
        for (int i = 0; i < count && q + 4 <= end; i++) {
            int type = Le.u16(d, q);
            int length = Le.u16(d, q + 2);
            int dataEnd = Math.min(end, q + 4 + length);
            Field item = d.text(enip, "", "Type ID: " + typeName(type), q, dataEnd - q);
            d.hex(item, "enip.cpf.typeid", "Type ID", q, 2, type, 4);
            d.uint(item, "enip.cpf.length", "Length", q + 2, 2, length);
            int v = q + 4;
            if (type == 0x8002 && dataEnd - v >= 8) {
                connection = Le.u32(d, v);
                seq = Le.u32(d, v + 4);
                d.hex(item, "enip.cpf.sai.connid", "Connection ID", v, 4, connection, 8);
                d.uint(item, "enip.cpf.sai.seq", "Encapsulation Sequence Number", v + 4, 4, seq);
            } else if (type == 0x00B1 && dataEnd > v) {
                Field io = d.layer("cipio", "Common Industrial Protocol, I/O", v, dataEnd - v);
                d.bytes(io, "cipio.data", "Data", v, dataEnd - v);
            }
            q = dataEnd;
        }
        if (connection >= 0) {
            d.info(String.format("Connection: ID=0x%08X, SEQ=%010d", connection, seq));
        }
    }

    static String typeName(int type) {
        return switch (type) {
            case 0x0000 -> "Null Address Item";
            case 0x000C -> "CIP Identity";
            case 0x0086 -> "CIP Security Information";
            case 0x0087 -> "EtherNet/IP Capability";
            case 0x0088 -> "EtherNet/IP Usage";
            case 0x00A1 -> "Connected Address Item";
            case 0x00B1 -> "Connected Data Item";
            case 0x00B2 -> "Unconnected Data Item";
            case 0x0100 -> "List Services Response";
            case 0x8000 -> "Socket Address Info O->T";
            case 0x8001 -> "Socket Address Info T->O";
            case 0x8002 -> "Sequenced Address Item";
            case 0x8003 -> "Unconnected Message over UDP";
            default -> String.format("Unknown (0x%04x)", type);
        };
    }
}
