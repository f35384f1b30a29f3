package org.phonerescue.servers.tftp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.phonerescue.core.protocol.tftp.TftpOption;
import org.phonerescue.core.protocol.tftp.TftpPacket;

/**
 * Decides the options of one transfer (RFC 2347 §2-3): each option the server understands and
 * whose value is valid is acknowledged, possibly lowered to the server's limit; everything else
 * is left out of the OACK, which tells the client the option was not accepted. Only the first
 * occurrence of an option counts.
 */
final class OptionNegotiation {

    private OptionNegotiation() {
    }

    /**
     * @param requested     the options of the RRQ/WRQ, in wire order
     * @param read          true for RRQ
     * @param fileSize      RRQ: the size to announce for tsize, or -1 when it is not known in advance
     *                      (netascii); ignored for WRQ
     * @param maxBlockSize  the largest blksize the server agrees to
     * @param maxWindowSize the largest windowsize the server agrees to
     */
    static NegotiatedOptions negotiate(List<TftpOption> requested, boolean read, long fileSize, int maxBlockSize,
                                       int maxWindowSize) {
        int blockSize = TftpPacket.DEFAULT_BLKSIZE;
        int windowSize = 1;
        int timeout = 0;
        long transferSize = -1;
        List<TftpOption> ack = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (TftpOption o : requested) {
            String name = o.name().toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                continue;
            }
            long value = parse(o.value());
            switch (name) {
                case TftpOption.BLKSIZE -> {
                    // RFC 2348 §2: 8..65464; the server may answer with a smaller value.
                    if (value >= TftpPacket.MIN_BLKSIZE && value <= TftpPacket.MAX_BLKSIZE) {
                        blockSize = (int) Math.min(value, maxBlockSize);
                        ack.add(new TftpOption(o.name(), Integer.toString(blockSize)));
                    }
                }
                case TftpOption.WINDOWSIZE -> {
                    // RFC 7440 §3: 1..65535; the server may answer with a smaller value.
                    if (value >= TftpOption.MIN_WINDOWSIZE && value <= TftpOption.MAX_WINDOWSIZE) {
                        windowSize = (int) Math.min(value, maxWindowSize);
                        ack.add(new TftpOption(o.name(), Integer.toString(windowSize)));
                    }
                }
                case TftpOption.TIMEOUT -> {
                    // RFC 2349 §2: 1..255 seconds, acknowledged with the same value or not at all.
                    if (value >= TftpOption.MIN_TIMEOUT && value <= TftpOption.MAX_TIMEOUT) {
                        timeout = (int) value;
                        ack.add(new TftpOption(o.name(), Long.toString(value)));
                    }
                }
                case TftpOption.TSIZE -> {
                    // RFC 2349 §4: a read request carries 0 and the OACK the file's size; a write
                    // request carries the size of the upload, which the OACK repeats.
                    if (read && value == 0 && fileSize >= 0) {
                        transferSize = fileSize;
                        ack.add(new TftpOption(o.name(), Long.toString(fileSize)));
                    } else if (!read && value >= 0) {
                        transferSize = value;
                        ack.add(new TftpOption(o.name(), Long.toString(value)));
                    }
                }
                default -> {
                    // unknown option: not acknowledged (RFC 2347 §3)
                }
            }
        }
        return new NegotiatedOptions(blockSize, windowSize, timeout, transferSize, ack);
    }

    /** A decimal option value, or -1 when it is not one (RFC 2347: values are ASCII digits). */
    private static long parse(String value) {
        if (value == null || value.isEmpty() || value.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
