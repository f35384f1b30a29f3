package org.phonerescue.core.pcap;

/**
 * Something wrong in a capture file that did not stop the reader from keeping what it could.
 *
 * @param fileOffset   byte offset in the file where the problem starts
 * @param packetNumber the 1-based number of the packet concerned, or 0 when it concerns no packet
 * @param message      plain-language description
 * @param fatal        true when reading stopped here (every packet before it is kept)
 */
public record CaptureWarning(long fileOffset, long packetNumber, String message, boolean fatal) {

    @Override
    public String toString() {
        String where = packetNumber > 0 ? "packet " + packetNumber + ", byte offset " + fileOffset
                                        : "byte offset " + fileOffset;
        return (fatal ? "reading stopped at " : "warning at ") + where + ": " + message;
    }
}
