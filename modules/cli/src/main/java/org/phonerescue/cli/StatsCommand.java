package org.phonerescue.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.phonerescue.core.decode.FrameHeaders;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CaptureWarning;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.pcap.TimestampFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code phonerescue stats FILE}: one pass over the file, every frame's link, network and
 * transport headers walked, totals printed. Streams, so a capture of any size takes constant memory.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Counts packets, bytes, IP versions and UDP/TCP ports of a capture in one streaming pass.")
final class StatsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "capture file (pcap or pcapng)")
    Path file;

    @Override
    public Integer call() {
        try (CaptureReader reader = CaptureReader.open(file)) {
            FrameHeaders h = new FrameHeaders();
            long packets = 0;
            long capturedBytes = 0;
            long wireBytes = 0;
            long ipv4 = 0;
            long ipv6 = 0;
            long arp = 0;
            long udp = 0;
            long tcp = 0;
            long undecoded = 0;
            long[] udpDestinationPorts = new long[65536];
            long firstSecond = CapturedPacket.NO_TIMESTAMP;
            int firstNanos = 0;
            long lastSecond = CapturedPacket.NO_TIMESTAMP;
            int lastNanos = 0;
            long started = System.nanoTime();
            while (reader.advance()) {
                packets++;
                capturedBytes += reader.capturedLength();
                wireBytes += reader.originalLength();
                if (reader.epochSecond() != CapturedPacket.NO_TIMESTAMP) {
                    if (firstSecond == CapturedPacket.NO_TIMESTAMP) {
                        firstSecond = reader.epochSecond();
                        firstNanos = reader.nanos();
                    }
                    lastSecond = reader.epochSecond();
                    lastNanos = reader.nanos();
                }
                h.parse(reader.linkType(), reader.buffer(), reader.dataOffset(), reader.capturedLength());
                if (h.ipVersion == 4) {
                    ipv4++;
                } else if (h.ipVersion == 6) {
                    ipv6++;
                } else if (h.etherType == FrameHeaders.ETHERTYPE_ARP) {
                    arp++;
                }
                if (h.sourcePort >= 0) {
                    if (h.ipProtocol == FrameHeaders.IP_PROTO_UDP) {
                        udp++;
                        udpDestinationPorts[h.destinationPort]++;
                    } else {
                        tcp++;
                    }
                }
                if (h.problem != null) {
                    undecoded++;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            line("file", file);
            line("format", reader.format());
            line("packets", packets);
            line("captured bytes", capturedBytes);
            line("bytes on wire", wireBytes);
            if (firstSecond != CapturedPacket.NO_TIMESTAMP) {
                line("first packet", TimestampFormat.epoch(firstSecond, firstNanos));
                line("last packet", TimestampFormat.epoch(lastSecond, lastNanos));
            }
            line("IPv4 / IPv6 / ARP", ipv4 + " / " + ipv6 + " / " + arp);
            line("UDP / TCP", udp + " / " + tcp);
            line("not fully decoded", undecoded);
            line("top UDP dst ports", topPorts(udpDestinationPorts));
            line("scan time", String.format("%.3f s", seconds));
            for (CaptureWarning w : reader.warnings()) {
                System.err.println("phonerescue: " + file + ": " + w);
            }
            return reader.stoppedEarly() ? PhoneRescue.EXIT_PARTIAL : 0;
        } catch (IOException e) {
            return Failures.report(file, e);
        }
    }

    /** One aligned "label: value" line. */
    private static void line(String label, Object value) {
        System.out.printf("%-19s%s%n", label + ":", value);
    }

    private static String topPorts(long[] counts) {
        String top = IntStream.range(0, counts.length).filter(port -> counts[port] > 0).boxed()
                .sorted(Comparator.comparingLong((Integer port) -> counts[port]).reversed())
                .limit(5)
                .map(port -> port + " (" + counts[port] + ")")
                .collect(Collectors.joining(", "));
        return top.isEmpty() ? "none" : top;
    }
}
