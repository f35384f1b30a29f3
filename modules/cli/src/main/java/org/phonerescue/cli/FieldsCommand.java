package org.phonerescue.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
        description = {"Prints the named fields of every packet, one tab-separated line per packet after a header line,",
            "as tshark -T fields -E header=y -E separator=/t prints them. A field that occurs several times",
            "is printed with its values joined by commas. Field names are Wireshark's (ip.src, tftp.opcode, ...),",
            "plus _ws.col.Protocol and _ws.col.Info for the packet list's columns."})
final class FieldsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "capture file (pcap or pcapng)")
    Path file;

    @Option(names = "-e", paramLabel = "FIELD", required = true, description = "a field to print (repeatable)")
    List<String> fields;

    /**
     * Packets handed to the writing thread at a time, and batches that may wait for it. Small: the
     * packets in flight are what a young collection has to copy (1024 × 8 made its pauses ten
     * times longer on the 1.1 GB benchmark capture).
     */
    private static final int BATCH = 64;
    private static final int BATCHES_IN_FLIGHT = 4;

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
                // Two stages on two threads: this one reads and decodes, in file order as the
                // conversations need; the other formats and writes the lines, in the same order.
                Column[] columns = fields.stream().map(Column::of).toArray(Column[]::new);
                BatchHandoff<DecodedPacket> writer = new BatchHandoff<>("fields-writer", BATCH, BATCHES_IN_FLIGHT,
                        decoded -> writeLine(stdout, out, columns, decoded));
                try {
                    CapturedPacket packet;
                    while ((packet = reader.next()) != null) {
                        writer.add(decoder.decode(packet));
                    }
                } finally {
                    writer.finish();
                }
            } finally {
                out.writeTo(stdout);
                stdout.flush();
            }
            for (CaptureWarning w : reader.warnings()) {
                System.err.println("phonerescue: " + file + ": " + w);
            }
            return reader.stoppedEarly() ? PhoneRescue.EXIT_PARTIAL : 0;
        } catch (CommandOutput.Failed e) {
            return CommandOutput.exit(e);
        } catch (UncheckedIOException e) {
            return Failures.report(file, e.getCause());
        } catch (IOException e) {
            return Failures.report(file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Failures.report(file, new java.io.InterruptedIOException("interrupted"));
        }
    }

    /** Appends the packet's line to {@code out}, and writes out what is there once a chunk is full. */
    private static void writeLine(OutputStream stdout, Utf8Buffer out, Column[] columns, DecodedPacket decoded) {
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            columns[i].append(out, decoded);
        }
        out.append('\n');
        if (out.length() >= OUTPUT_CHUNK) {
            try {
                out.writeTo(stdout);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // (CommandOutput throws CommandOutput.Failed itself)
            }
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
