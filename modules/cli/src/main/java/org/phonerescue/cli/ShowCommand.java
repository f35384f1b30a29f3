package org.phonerescue.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.phonerescue.core.decode.DecodedPacket;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CapturedPacket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phonerescue show FILE [-n N]}: the full decoded tree of one packet, or of every packet. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Prints the decoded tree of packet N, or of every packet.",
            "Layers, fields with their field names and byte ranges, and warnings about malformed data."})
final class ShowCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "capture file (pcap or pcapng)")
    Path file;

    @Option(names = "-n", paramLabel = "N", description = "only packet N (1-based)")
    Long number;

    @Override
    public Integer call() {
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(CommandOutput.standardOutput(), StandardCharsets.UTF_8),
                1 << 16));
        try (CaptureReader reader = CaptureReader.open(file)) {
            // Every packet before N is decoded too: conversations (a TFTP transfer's new port) need them.
            PacketDecoder decoder = new PacketDecoder();
            CapturedPacket packet;
            boolean found = false;
            while ((packet = reader.next()) != null) {
                DecodedPacket decoded = decoder.decode(packet);
                if (number == null || packet.number() == number) {
                    print(out, decoded);
                    found = true;
                    if (number != null) {
                        break;
                    }
                }
            }
            out.flush();
            if (number != null && !found) {
                System.err.println("phonerescue: " + file + ": no packet " + number + " (the file has "
                        + reader.packetNumber() + ")");
                return PhoneRescue.EXIT_USAGE;
            }
            return 0;
        } catch (IOException e) {
            out.flush();
            return Failures.report(file, e);
        }
    }

    private static void print(PrintWriter out, DecodedPacket decoded) {
        out.println("Packet " + decoded.packet().number() + "  [" + decoded.protocol() + "] " + decoded.info());
        for (Field layer : decoded.layers()) {
            print(out, layer, 1);
        }
        out.println();
    }

    private static void print(PrintWriter out, Field f, int depth) {
        StringBuilder sb = new StringBuilder();
        sb.append("  ".repeat(depth)).append(f.label());
        if (f.severity() == Field.Severity.NONE) {
            sb.append("   {").append(f.name());
            if (!f.generated()) {
                sb.append(" @").append(f.offset()).append('+').append(f.length());
            }
            sb.append('}');
        }
        out.println(sb);
        for (Field c : f.children()) {
            print(out, c, depth + 1);
        }
    }
}
