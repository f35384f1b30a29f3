package org.phonerescue.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.phonerescue.core.firmware.CheckFinding;
import org.phonerescue.core.firmware.SpaImage;
import org.phonerescue.core.firmware.SpaImageCheck;
import org.phonerescue.core.firmware.SpaImageReport;
import org.phonerescue.core.firmware.SpaVersions;
import org.phonerescue.core.report.CheckJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phonerescue check-image FILE [--loader VERSION] [--json]}: an SPA firmware image checked as the loader checks it. */
@Command(name = "check-image", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks an SPA firmware image as the recovery loader checks it before flashing.",
            "In the \"SkOsMo5 fIrMwArE\" container: the magic, the lengths, the header digest, each module in "
                    + "bounds with its MD5, the version string against the loader's (the 7.5.2b rule), and the "
                    + "sectors that would be written."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the image is intact (and fits the loader, when one is given)",
            "1:the image is broken, not an SPA image, or does not fit the loader", "2:wrong usage",
            "3:the file cannot be read", "4:the output could not be written"})
final class CheckImageCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the image, e.g. spa50x-30x-7-6-2f.bin")
    Path file;

    @Option(names = "--loader", paramLabel = "VERSION",
            description = "the loader version the phone reports (recovery tool, or the SPA Reply frame), e.g. 7.4.4rec")
    String loader;

    @Option(names = "--json", description = "print JSON (the form the README documents) instead of text")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (loader != null && !SpaVersions.readable(loader)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--loader: '" + loader + "' has no version "
                    + "number; give the loader version the recovery tool or the SPA Reply frame shows, e.g. 7.4.4rec");
        }
        SpaImageReport r;
        try {
            r = SpaImageCheck.check(file, loader);
        } catch (IOException e) {
            return Failures.report(file, e);
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        if (json) {
            out.print(CheckJson.image(file.toString(), r));
        } else {
            SpaImage i = r.image();
            out.println(file + ": " + i.size() + " bytes" + (i.magic() ? ", SPA firmware image"
                    + (i.version() != null && !i.version().isEmpty() ? " " + i.version() : "")
                    + (i.moduleCount() >= 0 ? ", " + i.moduleCount() + " modules" : "") : ""));
            if (i.magic()) {
                out.println("note: " + SpaImage.PROVENANCE);
            }
            print(out, r.findings());
            out.println(r.broken() ? "the image is broken: the loader would refuse it"
                    : r.loaderMismatch() ? "the image is intact but does not fit loader " + loader
                    : r.loaderFits() ? "the image is intact and fits loader " + loader
                    : loader != null ? "the image is intact; whether it fits loader " + loader + " cannot be judged"
                    : "the image is intact");
        }
        out.flush();
        return r.broken() || r.loaderMismatch() ? 1 : 0;
    }

    /** One line per finding, "[problem]  digest  …", and the fix under it. */
    static void print(PrintStream out, List<CheckFinding> findings) {
        for (CheckFinding f : findings) {
            out.printf("%-10s %-9s %s%n", "[" + f.severity().label() + "]", f.subject(), f.text());
            if (f.fix() != null) {
                out.printf("%-10s %-9s fix: %s%n", "", "", f.fix());
            }
        }
    }
}
