package org.phonerescue.core.protocol.spa;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A frame of the Cisco/Linksys SPA "S.O.S." recovery protocol, parsed from or built to a UDP
 * payload. The field model comes from {@code shared/docs/spa-recovery-protocol.md}: it was read
 * from the code of one recovery loader (7.4.4rec) and never checked against a capture of a real
 * phone or the vendor's tool, which is why every decoded frame carries {@link #PROVENANCE}.
 *
 * <pre>
 *  0      op (0 Request, 1 Reply, 2 Upgrade / Upgrade echo)
 *  1..3   unused (garbage in phone frames)
 *  4..7   "RECM"
 *  8..27  serial number, NUL-terminated ASCII (wildcard FFFFFFFFFFFF)
 *  Reply (100 bytes):   28 product[20]  48 MAC[6]  54 loader version[20]  74 hardware version[20]
 *                       94 IPv4[4]  98 FF FF
 *  Upgrade (160 bytes): 28 TFTP port (u16, ignored by 7.4.4rec)  32 file name, NUL-terminated
 *  Upgrade echo (100 bytes): the same fields, repeated by the phone
 * </pre>
 * All multi-byte fields are big-endian. String fields end at their first NUL: what follows is
 * uninitialised memory of the phone.
 *
 * @param op              0, 1 or 2 (other values are kept as read)
 * @param serial          the serial field up to its NUL
 * @param product         Reply: product name; else null
 * @param mac             Reply: six bytes; else null
 * @param loaderVersion   Reply: loader (software) version, e.g. "7.4.4rec"; else null
 * @param hardwareVersion Reply: hardware version; else null
 * @param ipv4            Reply: four bytes; else null
 * @param tftpPort        Upgrade: the port field; else -1
 * @param fileName        Upgrade: the file to fetch, verbatim (a leading '/' kept); else null
 * @param length          the payload length
 * @param problems        what is wrong with the frame for the protocol itself (length, magic)
 */
public record SpaFrame(int op, String serial, String product, byte[] mac, String loaderVersion,
                       String hardwareVersion, byte[] ipv4, int tftpPort, String fileName, int length,
                       List<String> problems) {

    /** The label every decoded frame carries. */
    public static final String PROVENANCE = "verified against loader 7.4.4rec; tool side unverified";

    public static final int OP_REQUEST = 0;
    public static final int OP_REPLY = 1;
    public static final int OP_UPGRADE = 2;
    /** Length of tool frames (Request, Upgrade); the loader drops other lengths. */
    public static final int TOOL_FRAME_LENGTH = 160;
    /** Length of phone frames (Reply, Upgrade echo). */
    public static final int PHONE_FRAME_LENGTH = 100;
    public static final String WILDCARD_SERIAL = "FFFFFFFFFFFF";
    public static final byte[] MAGIC = {'R', 'E', 'C', 'M'};
    /** The phone listens here and accepts only datagrams from {@link #TOOL_PORT}. */
    public static final int PHONE_PORT = 4810;
    public static final int TOOL_PORT = 4811;
    /** The group both sides send to: 234.4.8.10 (Ethernet 01:00:5e:04:08:0a). */
    public static final byte[] GROUP = {(byte) 234, 4, 8, 10};

    public SpaFrame {
        problems = List.copyOf(problems);
    }

    /** Whether the payload starts like a recovery frame: an op byte, three bytes, then "RECM". */
    public static boolean looksLikeFrame(byte[] b, int offset, int length) {
        return length >= 8 && b[offset + 4] == 'R' && b[offset + 5] == 'E' && b[offset + 6] == 'C'
                && b[offset + 7] == 'M';
    }

    /** Parses a payload; never throws. Fields past the end of a short frame stay null. */
    public static SpaFrame parse(byte[] b, int offset, int length) {
        List<String> problems = new ArrayList<>();
        int end = offset + length;
        int op = length >= 1 ? b[offset] & 0xFF : -1;
        if (!looksLikeFrame(b, offset, length)) {
            problems.add("no RECM magic at bytes 4-7");
        }
        String serial = length >= 28 ? cString(b, offset + 8, 20) : null;
        if (length < 28) {
            problems.add("frame of " + length + " bytes is shorter than the 28-byte header");
        }
        String product = null;
        byte[] mac = null;
        String loader = null;
        String hardware = null;
        byte[] ip = null;
        int port = -1;
        String file = null;
        boolean fromPhoneLength = length == PHONE_FRAME_LENGTH;
        if (op == OP_REPLY) {
            if (length >= PHONE_FRAME_LENGTH) {
                product = cString(b, offset + 28, 20);
                mac = Arrays.copyOfRange(b, offset + 48, offset + 54);
                loader = cString(b, offset + 54, 20);
                hardware = cString(b, offset + 74, 20);
                ip = Arrays.copyOfRange(b, offset + 94, offset + 98);
            }
            if (length != PHONE_FRAME_LENGTH) {
                problems.add("Reply of " + length + " bytes; the loader sends 100");
            }
        } else if (op == OP_UPGRADE) {
            if (length >= 32) {
                port = ((b[offset + 28] & 0xFF) << 8) | (b[offset + 29] & 0xFF);
                file = cString(b, offset + 32, Math.min(end, offset + (fromPhoneLength ? PHONE_FRAME_LENGTH
                        : TOOL_FRAME_LENGTH)) - (offset + 32));
            }
            if (length != TOOL_FRAME_LENGTH && length != PHONE_FRAME_LENGTH) {
                problems.add("Upgrade of " + length + " bytes; the loader accepts only 160 (and echoes 100)");
            }
        } else if (op == OP_REQUEST) {
            if (length != TOOL_FRAME_LENGTH) {
                problems.add("Request of " + length + " bytes; the loader drops every length but 160");
            }
        } else if (op >= 0) {
            problems.add("unknown op " + op);
        }
        return new SpaFrame(op, serial, product, mac, loader, hardware, ip, port, file, length, problems);
    }

    /** Whether the loader with serial {@code phoneSerial} would answer this frame's serial field. */
    public boolean addresses(String phoneSerial) {
        return WILDCARD_SERIAL.equals(serial) || phoneSerial != null && phoneSerial.equals(serial);
    }

    private static String cString(byte[] b, int p, int max) {
        int n = 0;
        while (n < max && p + n < b.length && b[p + n] != 0) {
            n++;
        }
        return new String(b, p, n, StandardCharsets.ISO_8859_1);
    }

    // ---- building frames (the recovery sender, the phone simulator, tests) ----

    /** The 160-byte Request: "the phone with this serial (or the wildcard), identify yourself". */
    public static byte[] request(String serial) {
        byte[] f = header(OP_REQUEST, serial, TOOL_FRAME_LENGTH);
        return f;
    }

    /** The 160-byte Upgrade: "fetch this file by TFTP". */
    public static byte[] upgrade(String serial, int tftpPort, String fileName) {
        byte[] f = header(OP_UPGRADE, serial, TOOL_FRAME_LENGTH);
        f[28] = (byte) (tftpPort >>> 8);
        f[29] = (byte) tftpPort;
        putString(f, 32, TOOL_FRAME_LENGTH - 32, fileName);
        return f;
    }

    /** A phone's 100-byte Reply. */
    public static byte[] reply(String serial, String product, byte[] mac, String loaderVersion, String hardwareVersion,
                               byte[] ipv4) {
        byte[] f = header(OP_REPLY, serial, PHONE_FRAME_LENGTH);
        putString(f, 28, 20, product);
        System.arraycopy(mac, 0, f, 48, 6);
        putString(f, 54, 20, loaderVersion);
        putString(f, 74, 20, hardwareVersion);
        System.arraycopy(ipv4, 0, f, 94, 4);
        f[98] = (byte) 0xFF;
        f[99] = (byte) 0xFF;
        return f;
    }

    /** A phone's 100-byte echo of an Upgrade. */
    public static byte[] upgradeEcho(String serial, int tftpPort, String fileName) {
        byte[] f = header(OP_UPGRADE, serial, PHONE_FRAME_LENGTH);
        f[28] = (byte) (tftpPort >>> 8);
        f[29] = (byte) tftpPort;
        putString(f, 32, PHONE_FRAME_LENGTH - 32, fileName);
        return f;
    }

    private static byte[] header(int op, String serial, int length) {
        byte[] f = new byte[length];
        f[0] = (byte) op;
        System.arraycopy(MAGIC, 0, f, 4, 4);
        putString(f, 8, 20, serial);
        return f;
    }

    /** Writes a string and its NUL; refuses one that does not fit with its NUL. */
    private static void putString(byte[] f, int offset, int room, String s) {
        byte[] v = s.getBytes(StandardCharsets.ISO_8859_1);
        if (v.length + 1 > room) {
            throw new IllegalArgumentException("'" + s + "' does not fit in " + room + " bytes with its NUL");
        }
        System.arraycopy(v, 0, f, offset, v.length);
    }
}
