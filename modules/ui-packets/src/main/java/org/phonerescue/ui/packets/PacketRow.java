package org.phonerescue.ui.packets;

import java.util.Objects;
import org.phonerescue.core.decode.PacketSummarizer;
import org.phonerescue.core.decode.PacketSummary;
import org.phonerescue.core.pcap.CapturedPacket;

/**
 * One line of the packet list, decoded from a packet when the list shows it.
 *
 * @param number      1-based packet number (Wireshark's frame.number)
 * @param epochSecond capture time, seconds since 1970-01-01 UTC, or {@link CapturedPacket#NO_TIMESTAMP}
 * @param nanos       nanoseconds within that second
 * @param source      IP:port, IP or MAC of the sender, or empty
 * @param destination IP:port, IP or MAC of the receiver, or empty
 * @param protocol    the highest protocol the summariser decoded
 * @param length      length on the wire (frame.len), which is what Wireshark's Length column shows
 * @param problem     what could not be decoded, or null
 */
public record PacketRow(long number, long epochSecond, int nanos, String source, String destination,
                        String protocol, int length, String problem) {

    public static PacketRow of(CapturedPacket packet) {
        PacketSummary summary = PacketSummarizer.summarize(packet);
        return new PacketRow(packet.number(), packet.epochSecond(), packet.nanos(),
                Objects.requireNonNullElse(summary.sourceText(), ""),
                Objects.requireNonNullElse(summary.destinationText(), ""),
                Objects.requireNonNullElse(summary.protocol(), ""),
                packet.originalLength(), summary.problem());
    }

    /** A row for a packet that could not be read back from the file. */
    public static PacketRow unreadable(long number, String reason) {
        return new PacketRow(number, CapturedPacket.NO_TIMESTAMP, 0, "", "", "Unreadable", 0,
                "cannot be read: " + reason);
    }

    public boolean hasTimestamp() {
        return epochSecond != CapturedPacket.NO_TIMESTAMP;
    }
}
