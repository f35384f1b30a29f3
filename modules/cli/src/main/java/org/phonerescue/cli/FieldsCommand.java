package org.phonerescue.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.phonerescue.core.decode.DecodedPacket;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.CaptureWarning;
import org.phonerescue.core.pcap.CapturedPacket;
import org.phonerescue.core.text.Utf8Buffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code phonerescue fields FILE -e FIELD …}: like {@code tshark -T fields -E header=y
 * -E separator=/t -E occurrence=a -E aggregator=,}, one line per packet, so the two can be diffed.
 */
@Command(name = "fields", mixinStandardHelpOptions = true,
        description = {"Prints the named fields of every packet, as tshark -T fields prints them.",
            "One tab-separated line per packet after a header line, as tshark -T fields -E header=y -E separator=/t "
                    + "prints them. A field that occurs several times is printed with its values joined by commas. "
                    + "Field names are Wireshark's (ip.src, tftp.opcode, ...), plus _ws.col.Protocol and _ws.col.Info "
                    + "for the packet list's columns."})
final class FieldsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "capture file (pcap or pcapng)")
    Path file;

    @Option(names = "-e", paramLabel = "FIELD", required = true, description = "a field to print (repeatable)")
    List<String> fields;

    /** Output is written in pieces of about this size: lines are appended straight to one buffer. */
    private static final int OUTPUT_CHUNK = 1 << 20;

    @Override
    public Integer call() {
        OutputStream stdout = CommandOutput.standardOutput();
        Utf8Buffer out = new Utf8Buffer(OUTPUT_CHUNK + (OUTPUT_CHUNK >> 4));
        try (CaptureReader reader = CaptureReader.open(file)) {
            try {
                out.append(String.join("\t", fields)).append('\n');
                // Only the printed fields are built: the decoding (and its conversations) is the same.
                PacketDecoder decoder = PacketDecoder.fieldsOnly(new java.util.HashSet<>(fields));
                Column[] columns = fields.stream().map(Column::of).toArray(Column[]::new);
                // One thread decodes and formats each packet while its fields are still in this
                // core's caches. Formatting on a second thread cost a second of CPU more on the
                // 1.1 GB benchmark capture (every field crossed between the cores) for no shorter
                // run, and was slower as soon as anything else wanted a core (bench/README.md).
                CapturedPacket packet;
                while ((packet = reader.next()) != null) {
                    writeLine(stdout, out, columns, decoder.decode(packet));
                }
            } finally {
                out.writeTo(stdout);
                stdout.flush();
            }
            for (CaptureWarning w : reader.warnings()) {
                System.err.println("phonerescue: " + file + ": " + w);
            }
            return reader.stoppedEarly() ? PhoneRescue.EXIT_PARTIAL : 0;
        } catch (IOException e) {
            return Failures.report(file, e);
        }
    }

    /** Appends the packet's line to {@code out}, and writes out what is there once a chunk is full. */
    private static void writeLine(OutputStream stdout, Utf8Buffer out, Column[] columns, DecodedPacket decoded)
            throws IOException {
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            columns[i].append(out, decoded);
        }
        out.append('\n');
        if (out.length() >= OUTPUT_CHUNK) {
            out.writeTo(stdout);
            out.clear();
        }
    }

    /** What a printed column is: a packet-list column, or a field printed as tshark -T fields does. */
    private record Column(int kind, String field) {
        static final int PROTOCOL = 0;
        static final int INFO = 1;
        static final int PROTOCOLS = 2;
        static final int FIELD = 3;

        static Column of(String name) {
            return new Column(switch (name) {
                case "_ws.col.Protocol" -> PROTOCOL;
                case "_ws.col.Info" -> INFO;
                case "frame.protocols" -> PROTOCOLS;
                default -> FIELD;
            }, name);
        }

        void append(Utf8Buffer line, DecodedPacket decoded) {
            switch (kind) {
                case PROTOCOL -> line.append(decoded.protocol());
                case INFO -> line.append(decoded.info());
                case PROTOCOLS -> line.append(decoded.protocols());
                default -> decoded.appendTexts(field, ',', line); // occurrences joined as -E aggregator=,
            }
        }
    }
}
