package org.phonerescue.core.pcap;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads pcapng files (draft-ietf-opsawg-pcapng): a sequence of sections, each a Section Header
 * Block (SHB, §4.1) followed by Interface Description Blocks (IDB, §4.2) and packet blocks.
 * Every block is {@code type(4) total-length(4) body total-length(4)}, with the byte order of its
 * section. Packets come from Enhanced Packet Blocks (EPB, §4.3), Simple Packet Blocks (SPB, §4.4)
 * and the obsolete Packet Block (PB, Appendix A); Name Resolution, Interface Statistics, Decryption
 * Secrets, custom and unknown blocks are skipped by their length (§3.1), so reading always moves
 * forward and cannot loop.
 */
final class PcapngReader extends AbstractCaptureReader {

    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 0x00000001;
    static final int PB = 0x00000002;
    static final int SPB = 0x00000003;
    static final int EPB = 0x00000006;
    static final int CB_COPY = 0x00000BAD;
    static final int CB_NO_COPY = 0x40000BAD;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    static final int OPT_ENDOFOPT = 0;
    static final int OPT_COMMENT = 1;
    static final int IF_TSRESOL = 9;
    static final int IF_TSOFFSET = 14;

    /** Blocks larger than this are damage (the largest packet plus generous room for options). */
    private static final int MAX_BLOCK_BYTES = MAX_RECORD_BYTES + (1 << 20);

    /** The state a section gives its packets: byte order and interface table. */
    static final class Section {
        final ByteOrderAccess order;
        final long offset;
        final List<Interface> interfaces = new ArrayList<>();

        Section(ByteOrderAccess order, long offset) {
            this.order = order;
            this.offset = offset;
        }
    }

    /**
     * One interface: its link type, snaplen and timestamp units.
     *
     * @param resolution the if_tsresol byte (§4.2): 10^-n, or 2^-n when the top bit is set
     * @param tsOffset   if_tsoffset seconds added to every timestamp
     */
    record Interface(LinkType linkType, long snaplen, int resolution, long tsOffset) {
    }

    private Section section;
    private final List<Section> sections = new ArrayList<>();

    private PcapngReader(FileInput in) {
        super(in);
    }

    /** Reads the first section header; the input is positioned at its start. */
    static PcapngReader open(FileInput in) throws IOException {
        PcapngReader reader = new PcapngReader(in);
        String problem = reader.readSectionHeader();
        if (problem != null) {
            throw new CaptureFormatException(problem, 0);
        }
        return reader;
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAPNG;
    }

    Section currentSection() {
        return section;
    }

    List<Section> sections() {
        return sections;
    }

    /**
     * Reads a section header block at the read position and makes it the current section.
     *
     * @return null, or what is wrong with it
     */
    private String readSectionHeader() throws IOException {
        long offset = in.position();
        if (!in.require(28)) {
            return "truncated pcapng section header at byte offset " + offset;
        }
        byte[] b = in.array();
        int p = in.index();
        if (ByteOrderAccess.BIG.s32(b, p) != SHB) {
            return "not a pcapng section header at byte offset " + offset;
        }
        ByteOrderAccess order;
        if (ByteOrderAccess.BIG.s32(b, p + 8) == BYTE_ORDER_MAGIC) {
            order = ByteOrderAccess.BIG;
        } else if (ByteOrderAccess.LITTLE.s32(b, p + 8) == BYTE_ORDER_MAGIC) {
            order = ByteOrderAccess.LITTLE;
        } else {
            return "pcapng section header without a valid byte-order magic at byte offset " + (offset + 8);
        }
        long total = order.u32(b, p + 4);
        String bad = checkBlockLength(total, 28, offset);
        if (bad != null) {
            return "section header: " + bad;
        }
        int major = order.u16(b, p + 12);
        int minor = order.u16(b, p + 14);
        if (major != 1) {
            return "unsupported pcapng version " + major + "." + minor + " at byte offset " + (offset + 12);
        }
        if (!in.require((int) total)) {
            return "truncated pcapng section header at byte offset " + offset;
        }
        byte[] block = in.array();
        int start = in.index();
        String trailer = checkTrailer(order, block, start, (int) total, offset);
        if (trailer != null) {
            return "section header: " + trailer;
        }
        List<String> comments = new ArrayList<>();
        String optionProblem = readOptions(order, block, start + 24, start + (int) total - 4, (code, vp, len) -> {
            if (code == OPT_COMMENT) {
                comments.add(optionString(block, vp, len));
            }
        });
        if (optionProblem != null) {
            return "section header at byte offset " + offset + ": " + optionProblem;
        }
        fileComments.addAll(comments);
        section = new Section(order, offset);
        sections.add(section);
        in.skip(total);
        return null;
    }

    @Override
    boolean readRecord() throws IOException {
        while (true) {
            long offset = in.position();
            if (!in.require(12)) {
                int left = in.available();
                if (left > 0) {
                    stop(offset, "truncated block: " + left + " bytes at the end of the file");
                }
                return false;
            }
            byte[] b = in.array();
            int p = in.index();
            if (ByteOrderAccess.BIG.s32(b, p) == SHB) {
                String problem = readSectionHeader();
                if (problem != null) {
                    stop(offset, problem);
                    return false;
                }
                continue;
            }
            ByteOrderAccess order = section.order;
            int type = order.s32(b, p);
            long total = order.u32(b, p + 4);
            String bad = checkBlockLength(total, 12, offset);
            if (bad != null) {
                stop(offset, bad);
                return false;
            }
            if (!in.hasRemaining(total)) {
                stop(offset, "truncated block: its length is " + total + " but the file holds only "
                        + in.remaining() + " more bytes");
                return false;
            }
            if (!in.require((int) total)) {
                stop(offset, "truncated block");
                return false;
            }
            b = in.array();
            p = in.index();
            String trailer = checkTrailer(order, b, p, (int) total, offset);
            if (trailer != null) {
                stop(offset, trailer);
                return false;
            }
            boolean packet;
            switch (type) {
                case IDB -> {
                    if (!readInterface(order, b, p, (int) total, offset)) {
                        return false;
                    }
                    packet = false;
                }
                case EPB -> packet = readTimestampedPacket(order, b, p, (int) total, offset, false);
                case SPB -> packet = readSimplePacket(order, b, p, (int) total, offset);
                case PB -> packet = readTimestampedPacket(order, b, p, (int) total, offset, true);
                case CB_COPY, CB_NO_COPY -> packet = readCustomBlock(order, b, p, (int) total, offset);
                default -> packet = false; // NRB, ISB, DSB and unknown blocks: skipped (§3.1)
            }
            if (isStopped()) {
                return false;
            }
            in.skip(total);
            if (packet) {
                recordOffset = offset;
                return true;
            }
        }
    }

    private static String checkBlockLength(long total, int minimum, long offset) {
        if (total < minimum) {
            return "block length " + total + " at byte offset " + offset + " is below the minimum of " + minimum;
        }
        if (total % 4 != 0) {
            return "block length " + total + " at byte offset " + offset + " is not a multiple of 4";
        }
        if (total > MAX_BLOCK_BYTES) {
            return "block length " + total + " at byte offset " + offset + " is larger than any capture block";
        }
        return null;
    }

    private static String checkTrailer(ByteOrderAccess order, byte[] b, int p, int total, long offset) {
        long trailing = order.u32(b, p + total - 4);
        if (trailing != total) {
            return "block at byte offset " + offset + " has length " + total + " but its trailing length says "
                    + trailing;
        }
        return null;
    }

    private boolean readInterface(ByteOrderAccess order, byte[] b, int p, int total, long offset) {
        if (total < 20) {
            stop(offset, "interface description block of " + total + " bytes is too short");
            return false;
        }
        LinkType lt = LinkType.of(order.u16(b, p + 8));
        long snaplen = order.u32(b, p + 12);
        int[] resolution = {6};
        long[] tsOffset = {0};
        String problem = readOptions(order, b, p + 16, p + total - 4, (code, vp, len) -> {
            if (code == IF_TSRESOL && len >= 1) {
                resolution[0] = b[vp] & 0xFF;
            } else if (code == IF_TSOFFSET && len >= 8) {
                tsOffset[0] = order.s64(b, vp);
            }
        });
        if (problem != null) {
            warn(offset, "interface " + section.interfaces.size() + ": " + problem);
        }
        int r = resolution[0];
        if ((r & 0x80) == 0 ? r > 19 : (r & 0x7F) > 63) {
            warn(offset, "interface " + section.interfaces.size() + " has an unusable timestamp resolution byte 0x"
                    + Integer.toHexString(r) + "; microseconds assumed");
            r = 6;
        }
        section.interfaces.add(new Interface(lt, snaplen, r, tsOffset[0]));
        return true;
    }

    private Interface interfaceFor(long id, long offset) {
        if (id < section.interfaces.size()) {
            return section.interfaces.get((int) id);
        }
        warn(offset, "packet refers to interface " + id + " but the section describes only "
                + section.interfaces.size());
        return null;
    }

    /**
     * An Enhanced Packet Block (§4.3), or the obsolete Packet Block (Appendix A), whose layout is the
     * same but for a 16-bit interface id followed by a 16-bit drop count.
     */
    private boolean readTimestampedPacket(ByteOrderAccess order, byte[] b, int p, int total, long offset,
                                          boolean obsolete) {
        if (total < 32) {
            stop(offset, (obsolete ? "packet block of " : "enhanced packet block of ") + total + " bytes is too short");
            return false;
        }
        long id = obsolete ? order.u16(b, p + 8) : order.u32(b, p + 8);
        long tsHigh = order.u32(b, p + 12);
        long tsLow = order.u32(b, p + 16);
        long cap = order.u32(b, p + 20);
        long orig = order.u32(b, p + 24);
        return packet(order, b, p, total, offset, interfaceFor(id, offset), (int) Math.min(id, Integer.MAX_VALUE),
                (tsHigh << 32) | tsLow, true, cap, orig, 28);
    }

    private boolean readSimplePacket(ByteOrderAccess order, byte[] b, int p, int total, long offset) {
        if (total < 16) {
            stop(offset, "simple packet block of " + total + " bytes is too short");
            return false;
        }
        long orig = order.u32(b, p + 8);
        Interface iface = interfaceFor(0, offset);
        // §4.4: the captured length is the original length cut to interface 0's snaplen and to the block.
        long cap = orig;
        if (iface != null && iface.snaplen() != 0) {
            cap = Math.min(cap, iface.snaplen());
        }
        cap = Math.min(cap, total - 16);
        return packet(order, b, p, total, offset, iface, 0, 0, false, cap, orig, 12);
    }

    /**
     * A Custom Block (§4.8) becomes a record of its own, as in Wireshark: its bytes after the
     * Private Enterprise Number (custom data and options cannot be told apart), no timestamp.
     */
    private boolean readCustomBlock(ByteOrderAccess order, byte[] b, int p, int total, long offset) {
        if (total < 16) {
            stop(offset, "custom block of " + total + " bytes is too short");
            return false;
        }
        linkType = LinkType.CUSTOM_BLOCK;
        interfaceId = 0;
        capturedLength = total - 16;
        originalLength = capturedLength;
        dataOffset = p + 12;
        epochSecond = CapturedPacket.NO_TIMESTAMP;
        nanos = 0;
        return true;
    }

    private boolean packet(ByteOrderAccess order, byte[] b, int p, int total, long offset, Interface iface, int id,
                           long ts, boolean timestamped, long cap, long orig, int dataStart) {
        int room = total - dataStart - 4;
        if (cap > room) {
            stop(offset, "packet claims " + cap + " captured bytes but its block holds only " + room);
            return false;
        }
        if (orig > Integer.MAX_VALUE) {
            warn(offset, "original length " + orig + " is implausible");
            orig = Integer.MAX_VALUE;
        }
        linkType = iface != null ? iface.linkType() : LinkType.NO_INTERFACE;
        interfaceId = id;
        capturedLength = (int) cap;
        originalLength = (int) orig;
        dataOffset = p + dataStart;
        if (timestamped) {
            setPcapngTimestamp(ts, iface != null ? iface.resolution() : 6, iface != null ? iface.tsOffset() : 0);
        } else {
            epochSecond = CapturedPacket.NO_TIMESTAMP;
            nanos = 0;
        }
        int optionsStart = dataStart + (int) ((cap + 3) & ~3L);
        if (optionsStart < total - 4) {
            StringBuilder comments = new StringBuilder();
            String problem = readOptions(order, b, p + optionsStart, p + total - 4, (code, vp, len) -> {
                if (code == OPT_COMMENT) {
                    if (comments.length() > 0) {
                        comments.append('\n');
                    }
                    comments.append(optionString(b, vp, len));
                }
            });
            if (problem != null) {
                warn(offset, problem);
            }
            if (comments.length() > 0) {
                comment = comments.toString();
            }
        }
        return true;
    }

    /** Converts a 64-bit timestamp in the interface's units (§4.2 if_tsresol, if_tsoffset). */
    private void setPcapngTimestamp(long ts, int resolution, long tsOffset) {
        int exponent = resolution & 0x7F;
        long seconds;
        long fractionNanos;
        if ((resolution & 0x80) == 0) {
            if (exponent <= 9) {
                long units = POW10[exponent];
                seconds = Long.divideUnsigned(ts, units);
                fractionNanos = Long.remainderUnsigned(ts, units) * POW10[9 - exponent];
            } else {
                long units = POW10[exponent];
                seconds = Long.divideUnsigned(ts, units);
                fractionNanos = Long.remainderUnsigned(ts, units) / POW10[exponent - 9];
            }
        } else {
            seconds = exponent == 0 ? ts : ts >>> exponent;
            long fraction = exponent == 0 ? 0 : ts & ((1L << exponent) - 1);
            if (exponent <= 33) {
                fractionNanos = (fraction * 1_000_000_000L) >>> exponent;
            } else {
                fractionNanos = BigInteger.valueOf(fraction).multiply(BigInteger.valueOf(1_000_000_000L))
                        .shiftRight(exponent).longValue();
            }
        }
        epochSecond = seconds + tsOffset;
        nanos = (int) fractionNanos;
    }

    private static final long[] POW10 = new long[20];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /**
     * A UTF-8 string option. The format says such values are not NUL-terminated, but some writers
     * pad them with a NUL and leftover bytes; like Wireshark, the text ends at the first NUL.
     */
    static String optionString(byte[] b, int p, int len) {
        int n = 0;
        while (n < len && b[p + n] != 0) {
            n++;
        }
        return new String(b, p, n, StandardCharsets.UTF_8);
    }

    /** Receives one option's code and where its value lies. */
    @FunctionalInterface
    interface OptionVisitor {
        void option(int code, int valueOffset, int valueLength);
    }

    /**
     * Walks the options in {@code b[p, end)} (§3.5: code(2) length(2) value padded to 4 bytes).
     *
     * @return null, or what is wrong with the options (those before the problem were visited)
     */
    static String readOptions(ByteOrderAccess order, byte[] b, int p, int end, OptionVisitor visitor) {
        while (end - p >= 4) {
            int code = order.u16(b, p);
            int len = order.u16(b, p + 2);
            if (code == OPT_ENDOFOPT) {
                return null;
            }
            if (len > end - p - 4) {
                return "option " + code + " of length " + len + " runs past the end of its block";
            }
            visitor.option(code, p + 4, len);
            p += 4 + ((len + 3) & ~3);
        }
        return null;
    }

    /** Positions the reader at a packet block found earlier, within the given section. */
    void seekRecord(long offset, long number, Section inSection) {
        in.seek(offset);
        packetNumber = number - 1;
        section = inSection;
        resume();
    }
}
