package org.phonerescue.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.phonerescue.core.decode.DecodedPacket;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CaptureWarning;
import org.phonerescue.core.pcap.CapturedPacket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code phonerescue fields FILE -e FIELD …}: like {@code tshark -T fields -E header=y
 * -E separator=/t -E occurrence=a -E aggregator=,}, one line per packet, so the two can be diffed.
 */
@Command(name = "fields", mixinStandardHelpOptions = true,
        description = {"Prints the named fields of every packet, one tab-separated line per packet after a header line,",
            "as tshark -T fields -E header=y -E separator=/t prints them. A field that occurs several times",
            "is printed with its values joined by commas. Field names are Wireshark's (ip.src, tftp.opcode, ...),",
            "plus _ws.col.Protocol and _ws.col.Info for the packet list's columns."})
final class FieldsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "capture file (pcap or pcapng)")
    Path file;

    @Option(names = "-e", paramLabel = "FIELD", required = true, description = "a field to print (repeatable)")
    List<String> fields;

    @Override
    public Integer call() {
        Utf8Lines out = new Utf8Lines(System.out, 1 << 20);
        try (CaptureReader reader = CaptureReader.open(file)) {
            try {
                out.write(String.join("\t", fields) + "\n");
                // Only the printed fields are built: the decoding (and its conversations) is the same.
                PacketDecoder decoder = new PacketDecoder(new java.util.HashSet<>(fields));
                StringBuilder line = new StringBuilder(256);
                CapturedPacket packet;
                while ((packet = reader.next()) != null) {
                    DecodedPacket decoded = decoder.decode(packet);
                    line.setLength(0);
                    for (int i = 0; i < fields.size(); i++) {
                        if (i > 0) {
                            line.append('\t');
                        }
                        appendField(line, decoded, fields.get(i));
                    }
                    out.write(line.append('\n'));
                }
            } finally {
                out.flush();
            }
            for (CaptureWarning w : reader.warnings()) {
                System.err.println("phonerescue: " + file + ": " + w);
            }
            return reader.stoppedEarly() ? PhoneRescue.EXIT_PARTIAL : 0;
        } catch (IOException e) {
            return Failures.report(file, e);
        }
    }

    static void appendField(StringBuilder line, DecodedPacket decoded, String name) {
        switch (name) {
            case "_ws.col.Protocol" -> line.append(decoded.protocol());
            case "_ws.col.Info" -> line.append(decoded.info());
            case "frame.protocols" -> line.append(decoded.protocols());
            default -> {
                List<Field> all = decoded.fields(name);
                for (int i = 0; i < all.size(); i++) { // indexed: no iterator per field per packet
                    if (i > 0) {
                        line.append(',');
                    }
                    all.get(i).appendText(line);
                }
            }
        }
    }
}
