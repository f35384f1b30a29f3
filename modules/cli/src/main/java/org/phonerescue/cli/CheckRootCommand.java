package org.phonerescue.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.LinkedHashSet;
import java.util.Set;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.firmware.CheckFinding;
import org.phonerescue.core.firmware.ServerRootCheck;
import org.phonerescue.core.report.CheckJson;
import org.phonerescue.core.session.CaptureAnalysis;
import org.phonerescue.core.session.CaptureAnalyzer;
import org.phonerescue.core.transfer.ContentStore;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.HttpTransfer;
import org.phonerescue.core.transfer.TftpTransfer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code phonerescue check-root DIR [--file NAME]… [--capture CAPTURE] [--json]}: a folder checked before
 * phones are served from it, against the names they ask for.
 */
@Command(name = "check-root", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks a folder before it is served to recovering phones.",
            "Every file a Cisco .loads packing list or .cnf.xml configuration names is there under exactly that "
                    + "name, XMLDefault.cnf.xml exists where Cisco firmware is served, the names phones ask for exist "
                    + "(Snom per-model names, case) and fit TFTP's 32 MB limit, and SPA images are intact. Every "
                    + "problem comes with its fix."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing in the way (warnings may be printed)", "1:at least one problem", "2:wrong usage",
            "3:the folder (or the capture) cannot be read", "4:the output could not be written"})
final class CheckRootCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the folder that will be served")
    Path root;

    @Option(names = "--file", paramLabel = "NAME",
            description = "a name a phone will ask for, exactly as it asks (e.g. snomD785-r.bin, /spa71f6.bin); repeatable")
    List<String> files = new ArrayList<>();

    @Option(names = "--capture", paramLabel = "CAPTURE",
            description = "also check every file the phones asked for (TFTP, HTTP, FTP downloads) in this capture; "
                    + "HTTP request targets are percent-decoded first, as a server decodes them")
    Path capture;

    @Option(names = "--json", description = "print JSON (the form the README documents) instead of text")
    boolean json;

    @Override
    public Integer call() {
        List<String> requested = new ArrayList<>(files);
        List<String> names = new ArrayList<>(files);
        List<String> httpTargets = new ArrayList<>();
        if (capture != null) {
            try (CaptureAnalysis a = CaptureAnalyzer.analyze(capture, OuiRegistry.empty(), ContentStore.hashingOnly())) {
                // what the phones asked for, in order, each name once; HTTP targets are percent-encoded
                // URIs, decoded by the check as a server decodes them, TFTP and FTP names are used as sent
                Set<String> asked = new LinkedHashSet<>();
                Set<String> http = new LinkedHashSet<>();
                a.transfers().stream().filter(TftpTransfer::read).forEach(t -> asked.add(t.file()));
                a.tcpTransfers().stream().filter(FileTransfer::read).forEach(t -> (t instanceof HttpTransfer
                        ? http : asked).add(t.file()));
                asked.removeAll(requested);
                names.addAll(asked);
                requested.addAll(asked);
                http.removeAll(requested);
                httpTargets.addAll(http);
                requested.addAll(http);
                for (String w : a.warnings()) {
                    System.err.println("phonerescue: " + capture + ": " + w);
                }
            } catch (IOException e) {
                return Failures.report(capture, e);
            }
        }
        List<CheckFinding> findings;
        try {
            findings = ServerRootCheck.run(root, names, httpTargets);
        } catch (IOException e) {
            return Failures.folder(root, e);
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        long problems = findings.stream().filter(CheckFinding::problem).count();
        if (json) {
            out.print(CheckJson.root(root.toString(), requested, findings));
        } else {
            if (capture != null) {
                out.println("asked for in " + capture + ": " + (requested.size() > files.size()
                        ? String.join(", ", requested.subList(files.size(), requested.size())) : "nothing"));
            }
            CheckImageCommand.print(out, findings);
            out.println(problems == 0 ? "nothing in the way" : problems + (problems == 1 ? " problem" : " problems") + " found");
        }
        out.flush();
        return problems > 0 ? 1 : 0;
    }
}
