package org.phonerescue.core.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Streams the packets of a capture file, one record at a time, without loading the file.
 *
 * <p>Two ways to read: {@link #next()} returns each packet as an immutable {@link CapturedPacket}
 * (a copy of its bytes); {@link #advance()} moves a cursor and exposes the current record in place
 * ({@link #buffer()}, {@link #dataOffset()}, …) with no copy and no allocation, for scans over
 * millions of packets. The cursor's buffer is only valid until the next call.
 *
 * <p>Damage never throws past {@link #open}: a record that cannot be read ends the stream with a
 * fatal {@link CaptureWarning} (every packet before it is kept); lesser problems add non-fatal
 * warnings and reading goes on.
 */
public interface CaptureReader extends Closeable {

    /**
     * Opens a pcap or pcapng file, recognised by its magic number rather than its name.
     *
     * @throws CaptureFormatException if the file is not a capture this product can read
     * @throws IOException            if the file cannot be opened
     */
    static CaptureReader open(Path file) throws IOException {
        return CaptureReaders.open(file);
    }

    CaptureFormat format();

    /** Moves to the next packet; false at the end of the file or where reading had to stop. */
    boolean advance() throws IOException;

    /** The next packet as an immutable copy, or null at the end. */
    default CapturedPacket next() throws IOException {
        return advance() ? current() : null;
    }

    /** The current record of the cursor as an immutable copy (after {@link #advance()} said true). */
    default CapturedPacket current() {
        byte[] data = new byte[capturedLength()];
        System.arraycopy(buffer(), dataOffset(), data, 0, data.length);
        return new CapturedPacket(packetNumber(), epochSecond(), nanos(), originalLength(), linkType(),
                interfaceId(), data, comment(), recordOffset());
    }

    /** 1-based number of the current packet. */
    long packetNumber();

    /** Byte offset in the file of the current record (pcap record header or pcapng block). */
    long recordOffset();

    long epochSecond();

    int nanos();

    int originalLength();

    int capturedLength();

    LinkType linkType();

    int interfaceId();

    /** Array that holds the current packet's bytes from {@link #dataOffset()}; do not keep it. */
    byte[] buffer();

    int dataOffset();

    /** Comment attached to the current packet, or null. */
    String comment();

    /** Comments of the file (pcapng section header comments), in the order read so far. */
    List<String> fileComments();

    /** Everything wrong found so far, in file order. */
    List<CaptureWarning> warnings();

    /** Whether the last warning stopped the reading before the end of the file. */
    default boolean stoppedEarly() {
        List<CaptureWarning> w = warnings();
        return !w.isEmpty() && w.get(w.size() - 1).fatal();
    }
}
