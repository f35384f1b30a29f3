package org.phonerescue.core.decode.tftp;

import org.phonerescue.core.decode.DecoderState;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.protocol.tftp.TftpError;
import org.phonerescue.core.protocol.tftp.TftpOpcode;
import org.phonerescue.core.protocol.tftp.TftpOption;
import org.phonerescue.core.protocol.tftp.TftpPacket;

/**
 * TFTP (RFC 1350; options RFC 2347, blksize RFC 2348, timeout/tsize RFC 2349, windowsize RFC 7440)
 * with Wireshark's field names. A request to port 69 claims the conversation between the client's
 * port and the server, whatever port the server answers from (its TID, RFC 1350 §4), so that
 * DATA/ACK/ERROR on those ports are decoded as TFTP and tied to the file name.
 *
 * <p>The SPA recovery loader sends its request to the multicast group 234.4.8.10 and its ACKs
 * to the group too, while DATA comes from the server's own address: for a request to a
 * multicast address the conversation is claimed on the client's address and port alone.
 */
public final class TftpDissector {

    public static final String PROTOCOL = "tftp";

    /** The Info column being built, or nothing when nobody reads it (a filtered decoding). */
    private static final class Info {
        private final StringBuilder sb;

        Info(String start, boolean wanted) {
            // room for the common "Data Packet, Block: 65535 (last)" without growing
            sb = wanted ? new StringBuilder(48).append(start) : null;
        }

        Info append(Object part) {
            if (sb != null) {
                sb.append(part);
            }
            return this;
        }

        Info append(int number) {
            if (sb != null) {
                sb.append(number); // digits straight into the builder, no boxing and no string
            }
            return this;
        }

        Info append(char c) {
            if (sb != null) {
                sb.append(c);
            }
            return this;
        }
    }

    private TftpDissector() {
    }

    /** The TFTP transfer whose request was seen that this datagram belongs to, or null. */
    public static TftpTransferState transfer(Dissection d, String src, int sport, String dst, int dport) {
        return transfer(d.state(), src, sport, dst, dport);
    }

    /**
     * The transfer a datagram with these addresses and ports continues, as {@link #dissect} finds
     * it, or null. The answer holds until {@link DecoderState#claims()} changes.
     */
    public static TftpTransferState transferOf(DecoderState state, String src, int sport, String dst, int dport) {
        return transfer(state, src, sport, dst, dport);
    }

    private static TftpTransferState transfer(DecoderState state, String src, int sport, String dst, int dport) {
        Object t = state.udpConversation(PROTOCOL, src, sport, dst, dport);
        if (t == null) {
            t = state.udpConversation(PROTOCOL, src, sport, "*", -1);
        }
        if (t == null) {
            t = state.udpConversation(PROTOCOL, dst, dport, "*", -1);
        }
        return (TftpTransferState) t;
    }

    public static void dissect(Dissection d, int p, int end, String src, int sport, String dst, int dport) {
        dissect(d, p, end, src, sport, dst, dport, transfer(d.state(), src, sport, dst, dport));
    }

    /** Dissects a datagram of {@code transfer}, found by {@link #transfer(Dissection, String, int, String, int)}. */
    public static void dissect(Dissection d, int p, int end, String src, int sport, String dst, int dport,
                               TftpTransferState transfer) {
        d.column("TFTP", "");
        Field tftp = d.layer("tftp", "Trivial File Transfer Protocol", p, end - p);
        TftpPacket msg = TftpPacket.parse(d.bytes(), p, end - p);
        if (msg == null) {
            if (end - p >= 2) {
                d.uint(tftp, "tftp.opcode", "Opcode", p, 2, d.u16(p));
                d.info("Unknown (0x" + String.format("%04x", d.u16(p)) + ")");
            }
            d.malformed(tftp, "not a TFTP opcode", p);
            return;
        }
        TftpOpcode op = msg.opcode();
        d.uint(tftp, "tftp.opcode", "Opcode", p, 2, op.code());
        Info info = new Info(op.displayName(), d.wantsInfo());
        int q = p + 2;
        switch (op) {
            case RRQ, WRQ -> {
                if (msg.fileName() != null && msg.mode() != null) {
                    int fileLength = msg.fileName().length();
                    d.string(tftp, op == TftpOpcode.RRQ ? "tftp.source_file" : "tftp.destination_file",
                            op == TftpOpcode.RRQ ? "Source File" : "Destination File", q, fileLength + 1, msg.fileName());
                    q += fileLength + 1;
                    d.string(tftp, "tftp.type", "Type", q, msg.mode().length() + 1, msg.mode());
                    q += msg.mode().length() + 1;
                    info.append(", File: ").append(msg.fileName()).append(", Transfer type: ").append(msg.mode());
                    q = options(d, tftp, msg, q, info);
                    if (!d.isQuoted()) {
                        transfer = new TftpTransferState(msg.fileName(), op == TftpOpcode.RRQ, d.packet().number());
                        claim(d, src, sport, dst, transfer);
                    }
                }
            }
            case OACK -> {
                if (transfer != null) {
                    fileName(d, tftp, transfer);
                    String blksize = msg.option(TftpOption.BLKSIZE);
                    if (blksize != null && !d.isQuoted()) {
                        try {
                            transfer.blockSize(Integer.parseInt(blksize.trim()));
                        } catch (NumberFormatException ignored) {
                            d.expert(tftp, Field.Severity.WARN, "blksize value is not a number: " + blksize, q, 0);
                        }
                    }
                }
                options(d, tftp, msg, q, info);
            }
            case DATA, ACK -> {
                if (transfer != null) {
                    fileName(d, tftp, transfer);
                }
                if (msg.block() >= 0) {
                    d.uint(tftp, "tftp.block", "Block", q, 2, msg.block());
                    long full = transfer != null && !d.isQuoted()
                            ? transfer.fullBlock(msg.block(), op == TftpOpcode.DATA) : msg.block();
                    d.generatedNumber(tftp, "tftp.block.full", "Full Block Number", full);
                    info.append(", Block: ").append(msg.block());
                    if (op == TftpOpcode.DATA) {
                        int blockSize = transfer != null ? transfer.blockSize() : TftpPacket.DEFAULT_BLKSIZE;
                        boolean truncated = d.packet().capturedLength() < d.packet().originalLength();
                        if (msg.dataLength() < blockSize && !truncated) {
                            info.append(" (last)");
                        }
                        if (msg.dataLength() > 0) {
                            Field data = d.layer("data", () -> "Data (" + msg.dataLength() + " bytes)", msg.dataOffset(),
                                    msg.dataLength());
                            d.bytes(data, "data.data", "Data", msg.dataOffset(), msg.dataLength());
                            d.generatedNumber(data, "data.len", "Length", msg.dataLength());
                        }
                    }
                }
            }
            case ERROR -> {
                if (transfer != null) {
                    fileName(d, tftp, transfer);
                }
                if (msg.errorCode() >= 0) {
                    d.uint(tftp, "tftp.error.code", "Error code", q, 2, msg.errorCode());
                    TftpError known = TftpError.of(msg.errorCode());
                    info.append(", Code: ").append(known != null ? known.description() : "Unknown (" + msg.errorCode() + ")");
                }
                if (msg.errorMessage() != null) {
                    d.string(tftp, "tftp.error.message", "Error message", q + 2, msg.errorMessage().length() + 1,
                            msg.errorMessage());
                    info.append(", Message: ").append(msg.errorMessage());
                }
            }
            default -> {
            }
        }
        if (info.sb != null) {
            d.info(info.sb.toString());
        }
        if (msg.problem() != null) {
            d.malformed(tftp, msg.problem(), q);
        }
    }

    private static void claim(Dissection d, String client, int clientPort, String server, TftpTransferState transfer) {
        boolean multicast = isMulticast(d.netDestination());
        d.state().claimUdp(new DecoderState.UdpConversation(PROTOCOL, client, clientPort, multicast ? "*" : server),
                transfer);
    }

    private static boolean isMulticast(byte[] address) {
        return address != null && (address.length == 4 ? (address[0] & 0xF0) == 0xE0 : (address[0] & 0xFF) == 0xFF);
    }

    /** Wireshark repeats the transfer's file name on every packet after the request. */
    private static void fileName(Dissection d, Field tftp, TftpTransferState transfer) {
        d.generated(tftp, "tftp.destination_file", "Destination File", transfer.fileName(), transfer.fileName());
        d.generatedNumber(tftp, "tftp.request_frame", "Request frame", transfer.requestFrame());
    }

    private static int options(Dissection d, Field tftp, TftpPacket msg, int q, Info info) {
        for (TftpOption o : msg.options()) {
            int length = o.name().length() + 1 + (o.value() != null ? o.value().length() + 1 : 0);
            Field option = d.text(tftp, "tftp.option", "Option: " + o.name() + " = " + o.value(), q, length);
            d.string(option, "tftp.option.name", "Option name", q, o.name().length() + 1, o.name());
            if (o.value() != null) {
                d.string(option, "tftp.option.value", "Option value", q + o.name().length() + 1, o.value().length() + 1,
                        o.value());
            }
            info.append(", ").append(o.name()).append('=').append(o.value());
            q += length;
        }
        return q;
    }
}
