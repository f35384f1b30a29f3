package org.phonerescue.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.phonerescue.core.decode.DecodedPacket;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.decode.PacketSummarizer;
import org.phonerescue.core.decode.PacketSummary;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.CaptureWarning;
import org.phonerescue.core.pcap.TimestampFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phonerescue list FILE}: one line per packet. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Lists every packet of a pcap or pcapng file, one line each.",
            "A line holds the packet's number, time, length, source -> destination, protocol and a one-line "
                    + "summary (Wireshark's Protocol and Info columns). With --tsv, tab-separated columns named like "
                    + "Wireshark fields, to compare with",
            "  tshark -T fields -E header=y -e frame.number -e frame.time_epoch ..."})
final class ListCommand implements Callable<Integer> {

    /** The --tsv header: Wireshark field names, in the order tshark would be asked for them. */
    static final String[] TSV_COLUMNS = {"frame.number", "frame.time_epoch", "frame.len", "frame.cap_len",
        "eth.src", "eth.dst", "vlan.id", "ip.src", "ip.dst", "ip.proto", "udp.srcport", "udp.dstport",
        "tcp.srcport", "tcp.dstport", "ipv6.src", "ipv6.dst", "_ws.col.Protocol", "_ws.col.Info"};

    @Parameters(index = "0", paramLabel = "FILE", description = "capture file (pcap or pcapng)")
    Path file;

    @Option(names = "--tsv", description = "tab-separated output with a header of Wireshark field names")
    boolean tsv;

    @Override
    public Integer call() {
        PrintWriter out = new PrintWriter(new BufferedWriter(
                new OutputStreamWriter(CommandOutput.standardOutput(), StandardCharsets.UTF_8), 1 << 16));
        try (CaptureReader reader = CaptureReader.open(file)) {
            if (tsv) {
                out.println(String.join("\t", TSV_COLUMNS));
            }
            PacketSummarizer summarizer = new PacketSummarizer();
            // Decoding every packet in order keeps conversations (a TFTP transfer's new port) followed.
            // The lines need the Protocol and Info columns only: no other field is built, no tree linked.
            PacketDecoder decoder = PacketDecoder.fieldsOnly(java.util.Set.of("_ws.col.Info"));
            StringBuilder line = new StringBuilder(160);
            long firstSecond = Long.MIN_VALUE;
            long firstNanos = 0;
            while (reader.advance()) {
                PacketSummary s = summarizer.summarize(reader.linkType(), reader.buffer(), reader.dataOffset(),
                        reader.capturedLength());
                DecodedPacket decoded = decoder.decode(copy(reader));
                line.setLength(0);
                boolean timestamped = reader.epochSecond() != CapturedPacket.NO_TIMESTAMP;
                if (tsv) {
                    tsvLine(line, reader, s, decoded, timestamped);
                } else {
                    if (timestamped && firstSecond == Long.MIN_VALUE) {
                        firstSecond = reader.epochSecond();
                        firstNanos = reader.nanos();
                    }
                    textLine(line, reader, s, decoded, timestamped, firstSecond, firstNanos);
                }
                out.append(line).append('\n');
            }
            out.flush();
            for (CaptureWarning w : reader.warnings()) {
                System.err.println("phonerescue: " + file + ": " + w);
            }
            return reader.stoppedEarly() ? PhoneRescue.EXIT_PARTIAL : 0;
        } catch (IOException e) {
            out.flush();
            return Failures.report(file, e);
        }
    }

    private static CapturedPacket copy(CaptureReader r) {
        byte[] data = java.util.Arrays.copyOfRange(r.buffer(), r.dataOffset(), r.dataOffset() + r.capturedLength());
        return new CapturedPacket(r.packetNumber(), r.epochSecond(), r.nanos(), r.originalLength(), r.linkType(),
                r.interfaceId(), data, r.comment(), r.recordOffset());
    }

    private static void tsvLine(StringBuilder sb, CaptureReader r, PacketSummary s, DecodedPacket decoded,
                                boolean timestamped) {
        sb.append(r.packetNumber()).append('\t');
        if (timestamped) {
            TimestampFormat.appendEpoch(sb, r.epochSecond(), r.nanos());
        }
        sb.append('\t').append(r.originalLength()).append('\t').append(r.capturedLength()).append('\t');
        field(sb, s.ethSource());
        field(sb, s.ethDestination());
        field(sb, s.vlanIds());
        boolean v4 = s.ipVersion() == 4;
        field(sb, v4 ? s.ipSource() : null);
        field(sb, v4 ? s.ipDestination() : null);
        number(sb, v4 ? s.ipProtocol() : -1);
        boolean udp = s.ipProtocol() == 17;
        number(sb, udp ? s.sourcePort() : -1);
        number(sb, udp ? s.destinationPort() : -1);
        boolean tcp = s.ipProtocol() == 6;
        number(sb, tcp ? s.sourcePort() : -1);
        number(sb, tcp ? s.destinationPort() : -1);
        boolean v6 = s.ipVersion() == 6;
        field(sb, v6 ? s.ipSource() : null);
        field(sb, v6 ? s.ipDestination() : null);
        field(sb, decoded.protocol());
        sb.append(decoded.info().replace('\t', ' ').replace('\n', ' '));
    }

    private static void field(StringBuilder sb, String value) {
        if (value != null) {
            sb.append(value);
        }
        sb.append('\t');
    }

    private static void number(StringBuilder sb, int value) {
        if (value >= 0) {
            sb.append(value);
        }
        sb.append('\t');
    }

    /**
     * "     1     0.000000     60  10.0.0.103:55615           -> 10.0.0.1:69                TFTP      Read Request, …":
     * columns padded by hand (String.format per column took more time than decoding the packet);
     * the time keeps Formatter's rounding, in the root locale whatever the user's (a decimal comma
     * would break the columns' meaning for scripts).
     */
    private static void textLine(StringBuilder sb, CaptureReader r, PacketSummary s, DecodedPacket decoded,
                                 boolean timestamped, long firstSecond, long firstNanos) {
        padLeft(sb, Long.toString(r.packetNumber()), 6).append(' ');
        if (timestamped) {
            long deltaNanos = (r.epochSecond() - firstSecond) * 1_000_000_000L + (r.nanos() - firstNanos);
            sb.append(String.format(java.util.Locale.ROOT, "%12.6f ", deltaNanos / 1e9));
        } else {
            padLeft(sb, "-", 12).append(' ');
        }
        padLeft(sb, Integer.toString(r.originalLength()), 6).append("  ");
        padRight(sb, s.sourceText(), 26).append(" -> ");
        padRight(sb, s.destinationText(), 26).append(' ');
        padRight(sb, decoded.protocol(), 9).append(' ').append(decoded.info());
    }

    /** {@code text} right-aligned in {@code width} columns, as {@code %Nd}/{@code %Ns} (never cut). */
    private static StringBuilder padLeft(StringBuilder sb, String text, int width) {
        for (int i = text.length(); i < width; i++) {
            sb.append(' ');
        }
        return sb.append(text);
    }

    /** {@code text} left-aligned in {@code width} columns, as {@code %-Ns} (never cut; null as "null"). */
    private static StringBuilder padRight(StringBuilder sb, String text, int width) {
        String t = String.valueOf(text);
        sb.append(t);
        for (int i = t.length(); i < width; i++) {
            sb.append(' ');
        }
        return sb;
    }
}
