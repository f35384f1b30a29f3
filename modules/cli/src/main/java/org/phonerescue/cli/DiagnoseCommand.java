package org.phonerescue.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.diagnosis.Diagnosis;
import org.phonerescue.core.diagnosis.DiagnosisEngine;
import org.phonerescue.core.diagnosis.rules.StandardRules;
import org.phonerescue.core.report.Anonymizer;
import org.phonerescue.core.report.DiagnosisJson;
import org.phonerescue.core.report.DiagnosisText;
import org.phonerescue.core.report.MarkdownReport;
import org.phonerescue.core.report.SavedFiles;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.CaptureAnalyzer;
import org.phonerescue.core.transfer.ContentStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code phonerescue diagnose FILE [--json] [--timeline] [--report R.md] [--extract DIR]}: one streaming pass
 * over the capture, then per phone the verdict, the findings with their evidence frames, the
 * transfers and the recovery attempts.
 */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = {"Says per phone what happened during its recovery and why it failed.",
            "With the frames that prove it: devices, TFTP, HTTP and FTP transfers, the recovery attempts, and "
                    + "findings ordered by likelihood, each with what to do."})
final class DiagnoseCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "capture file (pcap or pcapng)")
    Path file;

    @Option(names = "--json", description = "print JSON (the form the README documents) instead of text")
    boolean json;

    @Option(names = "--timeline", description = "also list each phone's timeline: every recovery step with its frame")
    boolean timeline;

    @Option(names = "--report", paramLabel = "REPORT.md",
            description = "also write the diagnosis as a Markdown report for a forum post (anonymized unless "
                    + "--no-anonymize)")
    Path report;

    @Option(names = "--anonymize", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "in the report, replace MACs (vendor part kept), IP addresses, serials and host names "
                    + "by consistent aliases (default: on)")
    boolean anonymize;

    @Option(names = "--extract", paramLabel = "DIR",
            description = "save every transferred file in DIR, named <request frame>-<file name> "
                    + "(what was received, for a transfer that did not complete)")
    Path extract;

    @Option(names = "--decode-every-packet", hidden = true,
            description = "decode every packet, TFTP blocks included (the slower reference the default is checked against)")
    boolean everyPacket;

    @Override
    public Integer call() {
        OuiRegistry registry = OuiRegistry.system();
        // without --extract, only what the file checks read (SPA images, packing lists, configurations) is kept
        ContentStore store = extract != null ? ContentStore.keeping() : ContentStore.forChecks();
        try (CaptureAnalysis analysis = CaptureAnalyzer.analyze(file, registry, store,
                everyPacket ? CaptureAnalyzer.Decoding.EVERY_PACKET : CaptureAnalyzer.Decoding.TFTP_BLOCKS_FROM_HEADERS)) {
            Diagnosis diagnosis = new DiagnosisEngine(StandardRules.all()).diagnose(analysis);
            PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
            out.print(json ? DiagnosisJson.render(file.toString(), analysis, diagnosis)
                    : DiagnosisText.render(file.toString(), analysis, diagnosis, timeline));
            out.flush();
            if (extract != null) {
                try {
                    SavedFiles.saveAll(analysis, extract);
                } catch (IOException e) {
                    return Failures.unwritable(extract, "the extracted files", e);
                }
            }
            if (report != null) {
                String name = file.getFileName() != null ? file.getFileName().toString() : file.toString();
                String markdown = MarkdownReport.render(name, analysis, diagnosis, anonymize ? Anonymizer.of(analysis) : null);
                try {
                    Files.writeString(report, markdown, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return Failures.unwritable(report, "the report", e);
                }
            }
            for (String w : analysis.warnings()) {
                System.err.println("phonerescue: " + file + ": " + w);
            }
            if (!registry.available()) {
                System.err.println("phonerescue: no IEEE vendor listing in " + OuiRegistry.DEBIAN_DIRECTORY
                        + " (Debian package ieee-data): vendors are 'unknown'");
            }
            return analysis.damaged() ? PhoneRescue.EXIT_PARTIAL : 0;
        } catch (IOException e) {
            return Failures.report(file, e);
        }
    }
}
