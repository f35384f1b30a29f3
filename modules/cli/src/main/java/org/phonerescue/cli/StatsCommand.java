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
            System.out.println("file:             " + file);
            System.out.println("format:           " + reader.format());
            System.out.println("packets:          " + packets);
            System.out.println("captured bytes:   " + capturedBytes);
            System.out.println("bytes on wire:    " + wireBytes);
            if (firstSecond != CapturedPacket.NO_TIMESTAMP) {
                System.out.println("first packet:     " + TimestampFormat.epoch(firstSecond, firstNanos));
                System.out.println("last packet:      " + TimestampFormat.epoch(lastSecond, lastNanos));
            }
            System.out.println("IPv4 / IPv6 / ARP: " + ipv4 + " / " + ipv6 + " / " + arp);
            System.out.println("UDP / TCP:        " + udp + " / " + tcp);
            System.out.println("not fully decoded: " + undecoded);
            System.out.println("top UDP destination ports: " + topPorts(udpDestinationPorts));
            System.out.printf("scan time:        %.3f s%n", seconds);
            for (CaptureWarning w : reader.warnings()) {
                System.err.println("phonerescue: " + file + ": " + w);
            }
            return reader.stoppedEarly() ? PhoneRescue.EXIT_PARTIAL : 0;
        } catch (IOException e) {
            return Failures.report(file, e);
        }
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
