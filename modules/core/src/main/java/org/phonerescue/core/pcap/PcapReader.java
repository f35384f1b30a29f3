package org.phonerescue.core.pcap;

import java.io.IOException;

/**
 * Reads classic libpcap files (draft-ietf-opsawg-pcap §4–§5): a 24-byte file header, then records
 * of a 16-byte header and the captured bytes.
 *
 * <pre>
 *  File header                          Record header
 *  0  magic (a1b2c3d4 µs, a1b23c4d ns)  0  timestamp seconds (unsigned)
 *  4  major 2 | minor 4                 4  timestamp µs or ns
 *  8  reserved (thiszone)               8  captured length
 *  12 reserved (sigfigs)                12 original length
 *  16 snaplen
 *  20 FCS bits | reserved | link type (low 16 bits)
 * </pre>
 * The byte order is the writer's and is told by how the magic reads.
 */
final class PcapReader extends AbstractCaptureReader {

    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    static final int FILE_HEADER_BYTES = 24;
    static final int RECORD_HEADER_BYTES = 16;

    private final ByteOrderAccess order;
    private final boolean nanosecond;
    private final LinkType fileLinkType;

    private PcapReader(FileInput in, ByteOrderAccess order, boolean nanosecond, LinkType linkType) {
        super(in);
        this.order = order;
        this.nanosecond = nanosecond;
        this.fileLinkType = linkType;
    }

    /** Reads the file header; the input is positioned at its start. */
    static PcapReader open(FileInput in) throws IOException {
        if (!in.require(FILE_HEADER_BYTES)) {
            throw new CaptureFormatException("pcap file header is truncated (" + in.available()
                    + " of 24 bytes)", 0);
        }
        byte[] b = in.array();
        int p = in.index();
        int magic = ByteOrderAccess.BIG.s32(b, p);
        ByteOrderAccess order;
        boolean nanos;
        if (magic == MAGIC_MICROS || magic == MAGIC_NANOS) {
            order = ByteOrderAccess.BIG;
            nanos = magic == MAGIC_NANOS;
        } else {
            int swapped = Integer.reverseBytes(magic);
            if (swapped != MAGIC_MICROS && swapped != MAGIC_NANOS) {
                throw new CaptureFormatException("not a pcap file (magic " + Integer.toHexString(magic) + ")", 0);
            }
            order = ByteOrderAccess.LITTLE;
            nanos = swapped == MAGIC_NANOS;
        }
        int major = order.u16(b, p + 4);
        int minor = order.u16(b, p + 6);
        if (major != 2) {
            throw new CaptureFormatException("unsupported pcap version " + major + "." + minor
                    + " (only 2.x exists)", 4);
        }
        int linkField = order.s32(b, p + 20);
        // §4: bits 16-25 of the link-type field are reserved and must be zero; bits 26-31 tell the
        // FCS length. A file that sets reserved bits was written by something we cannot trust to
        // mean what it says, and libpcap and Wireshark refuse it too.
        if ((linkField & 0x03FF0000) != 0) {
            throw new CaptureFormatException("reserved bits of the pcap link-type field are set (0x"
                    + Integer.toHexString(linkField) + ")", 20);
        }
        PcapReader reader = new PcapReader(in, order, nanos, LinkType.of(linkField & 0xFFFF));
        in.skip(FILE_HEADER_BYTES);
        return reader;
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAP;
    }

    @Override
    boolean readRecord() throws IOException {
        long offset = in.position();
        if (!in.require(RECORD_HEADER_BYTES)) {
            int left = in.available();
            if (left > 0) {
                stop(offset, "truncated record header: " + left + " of 16 bytes at the end of the file");
            }
            return false;
        }
        byte[] b = in.array();
        int p = in.index();
        long seconds = order.u32(b, p);
        long fraction = order.u32(b, p + 4);
        long incl = order.u32(b, p + 8);
        long orig = order.u32(b, p + 12);
        if (incl > MAX_RECORD_BYTES) {
            stop(offset, "record claims " + incl + " captured bytes, more than the 256 MiB any capture holds");
            return false;
        }
        if (!in.hasRemaining(RECORD_HEADER_BYTES + incl)) {
            long left = in.remaining() - RECORD_HEADER_BYTES;
            stop(offset, "truncated record: it claims " + incl + " captured bytes but the file holds only "
                    + Math.max(0, left) + " more");
            return false;
        }
        recordOffset = offset;
        if (orig < incl) {
            warn(offset, "original length " + orig + " is less than the captured length " + incl);
        }
        if (orig > Integer.MAX_VALUE) {
            warn(offset, "original length " + orig + " is implausible");
            orig = Integer.MAX_VALUE;
        }
        if (nanosecond) {
            setTimestamp(seconds, fraction, 1_000_000_000L, 1);
        } else {
            setTimestamp(seconds, fraction, 1_000_000L, 1000);
        }
        in.skip(RECORD_HEADER_BYTES);
        if (!in.require((int) incl)) {
            stop(offset, "truncated record data");
            return false;
        }
        capturedLength = (int) incl;
        originalLength = (int) orig;
        linkType = fileLinkType;
        interfaceId = 0;
        dataOffset = in.index();
        in.skip(incl);
        return true;
    }

    /** Positions the reader at a record found earlier, so that the next advance reads it as packet {@code number}. */
    void seekRecord(long offset, long number) {
        in.seek(offset);
        packetNumber = number - 1;
        resume();
    }
}
