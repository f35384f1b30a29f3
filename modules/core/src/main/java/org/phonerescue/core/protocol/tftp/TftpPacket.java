package org.phonerescue.core.protocol.tftp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One TFTP message, parsed from or encoded to a UDP payload. Shared by the decoders, the live
 * analyser and the TFTP server, so that all three read the wire the same way.
 *
 * <pre>
 *  RRQ/WRQ  | 01/02 | filename | 0 | mode | 0 | opt1 | 0 | value1 | 0 | ...   RFC 1350 §5, RFC 2347 §2
 *  DATA     | 03 | block | data (0..blksize bytes)                            RFC 1350 §5
 *  ACK      | 04 | block |
 *  ERROR    | 05 | code | message | 0 |
 *  OACK     | 06 | opt1 | 0 | value1 | 0 | ...                               RFC 2347 §2
 * </pre>
 *
 * @param opcode    the message type
 * @param fileName  RRQ/WRQ: the file, as sent (a leading '/' is kept); else null
 * @param mode      RRQ/WRQ: the transfer mode ("octet", "netascii"), as sent; else null
 * @param options   RRQ/WRQ/OACK: the options in wire order (names as sent); else empty
 * @param block     DATA/ACK: the 16-bit block number; else -1
 * @param dataOffset DATA: where the data starts in the payload given to {@link #parse}; else -1
 * @param dataLength DATA: number of data bytes; else 0
 * @param errorCode ERROR: the code; else -1
 * @param errorMessage ERROR: the message; else null
 * @param problem   what is wrong with the message (missing terminator, odd option list), or null
 */
public record TftpPacket(TftpOpcode opcode, String fileName, String mode, List<TftpOption> options, int block,
                         int dataOffset, int dataLength, int errorCode, String errorMessage, String problem) {

    /** Smallest and largest block size RFC 2348 §2 allows. */
    public static final int MIN_BLKSIZE = 8;
    public static final int MAX_BLKSIZE = 65464;
    public static final int DEFAULT_BLKSIZE = 512;

    public TftpPacket {
        options = List.copyOf(options);
    }

    /** The value of the first option named {@code name} (case-insensitive, RFC 2347 §2), or null. */
    public String option(String name) {
        for (TftpOption o : options) {
            if (o.name().equalsIgnoreCase(name)) {
                return o.value();
            }
        }
        return null;
    }

    /**
     * Parses {@code b[offset, offset+length)}. Never throws: a message that is not TFTP gives null,
     * a damaged one a packet with {@link #problem()} set and as much as could be read.
     */
    public static TftpPacket parse(byte[] b, int offset, int length) {
        if (length < 2) {
            return null;
        }
        int end = offset + length;
        TftpOpcode op = TftpOpcode.of(((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF));
        if (op == null) {
            return null;
        }
        int p = offset + 2;
        switch (op) {
            case RRQ, WRQ -> {
                Strings s = new Strings(b, p, end);
                String file = s.next();
                String mode = s.next();
                List<TftpOption> opts = new ArrayList<>();
                String problem = s.problem != null ? s.problem : s.options(opts);
                if (file == null) {
                    problem = "request without a file name";
                }
                return new TftpPacket(op, file, mode, opts, -1, -1, 0, -1, null, problem);
            }
            case DATA, ACK -> {
                if (end - p < 2) {
                    return new TftpPacket(op, null, null, List.of(), -1, -1, 0, -1, null, "truncated block number");
                }
                int block = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
                if (op == TftpOpcode.ACK) {
                    String problem = end - p > 2 ? (end - p - 2) + " bytes after the block number" : null;
                    return new TftpPacket(op, null, null, List.of(), block, -1, 0, -1, null, problem);
                }
                return new TftpPacket(op, null, null, List.of(), block, p + 2, end - p - 2, -1, null, null);
            }
            case ERROR -> {
                if (end - p < 2) {
                    return new TftpPacket(op, null, null, List.of(), -1, -1, 0, -1, null, "truncated error code");
                }
                int code = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
                Strings s = new Strings(b, p + 2, end);
                String message = s.next();
                return new TftpPacket(op, null, null, List.of(), -1, -1, 0, code, message, s.problem);
            }
            default -> { // OACK
                List<TftpOption> opts = new ArrayList<>();
                String problem = new Strings(b, p, end).options(opts);
                return new TftpPacket(op, null, null, opts, -1, -1, 0, -1, null, problem);
            }
        }
    }

    /** NUL-terminated ASCII strings one after another. */
    private static final class Strings {
        private final byte[] b;
        private int p;
        private final int end;
        String problem;

        Strings(byte[] b, int p, int end) {
            this.b = b;
            this.p = p;
            this.end = end;
        }

        boolean hasMore() {
            return p < end;
        }

        /**
         * The rest as name/value option pairs (RFC 2347 §2) into {@code out}; returns what is wrong
         * with them, or null. A pair cut short keeps what was read.
         */
        String options(List<TftpOption> out) {
            while (hasMore()) {
                String name = next();
                String value = next();
                if (problem != null) {
                    if (value != null) {
                        out.add(new TftpOption(name, value));
                    }
                    return "option " + name + ": " + problem;
                }
                out.add(new TftpOption(name, value));
            }
            return null;
        }

        /** The next string; at the end of the data without a NUL, what is there and a problem. */
        String next() {
            if (p >= end) {
                problem = "missing string";
                return null;
            }
            int start = p;
            while (p < end && b[p] != 0) {
                p++;
            }
            String s = new String(b, start, p - start, StandardCharsets.ISO_8859_1);
            if (p >= end) {
                problem = "string not terminated by a NUL";
            } else {
                p++;
            }
            return s;
        }
    }

    // ---- encoding, for the server and for tests ----

    public static byte[] request(TftpOpcode op, String fileName, String mode, List<TftpOption> options) {
        if (op != TftpOpcode.RRQ && op != TftpOpcode.WRQ) {
            throw new IllegalArgumentException(op + " is not a request");
        }
        Bytes out = new Bytes().u16(op.code()).string(fileName).string(mode);
        for (TftpOption o : options) {
            out.string(o.name()).string(o.value());
        }
        return out.toArray();
    }

    public static byte[] data(int block, byte[] data, int offset, int length) {
        return new Bytes().u16(TftpOpcode.DATA.code()).u16(block & 0xFFFF).raw(data, offset, length).toArray();
    }

    public static byte[] ack(int block) {
        return new Bytes().u16(TftpOpcode.ACK.code()).u16(block & 0xFFFF).toArray();
    }

    public static byte[] error(int code, String message) {
        return new Bytes().u16(TftpOpcode.ERROR.code()).u16(code).string(message).toArray();
    }

    public static byte[] optionAck(List<TftpOption> options) {
        Bytes out = new Bytes().u16(TftpOpcode.OACK.code());
        for (TftpOption o : options) {
            out.string(o.name()).string(o.value());
        }
        return out.toArray();
    }

    private static final class Bytes {
        private byte[] buf = new byte[64];
        private int n;

        Bytes u16(int v) {
            ensure(2);
            buf[n++] = (byte) (v >>> 8);
            buf[n++] = (byte) v;
            return this;
        }

        Bytes string(String s) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            raw(b, 0, b.length);
            ensure(1);
            buf[n++] = 0;
            return this;
        }

        Bytes raw(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, n, len);
            n += len;
            return this;
        }

        private void ensure(int more) {
            if (n + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
            }
        }

        byte[] toArray() {
            return java.util.Arrays.copyOf(buf, n);
        }
    }
}
