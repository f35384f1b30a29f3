package org.phonerescue.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.phonerescue.core.protocol.spa.SpaFrame;
import org.phonerescue.servers.ServerEventText;
import org.phonerescue.servers.ServerStartException;
import org.phonerescue.servers.event.TransferProgress;
import org.phonerescue.servers.spa.SpaRecovery;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phonerescue spa-recover -i IFACE --image FILE [--serial S] [--force]}: the SPA "S.O.S." recovery, on any OS with Java. */
@Command(name = "spa-recover", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Recovers a Cisco/Linksys SPA phone in S.O.S. mode.",
            "Finds its recovery loader on the interface, shows its identity and loader version, tells it to fetch "
                    + "the image by TFTP and serves it (multicast 234.4.8.10). " + SpaRecovery.PROVENANCE + "; the "
                    + "vendor tool's side is unverified. Needs root (UDP 69, multicast)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the phone fetched the whole image (it now burns it: do not power it off)",
            "1:the phone was not found, did not acknowledge, never asked for the file, or the download failed",
            "2:wrong usage", "3:the image cannot be read", "4:the TFTP server or the frame socket could not start, or the output could not be written",
            "5:the image was not sent: damaged, or not for this loader's version (--force sends it)"})
final class SpaRecoverCommand implements Callable<Integer> {

    static final int EXIT_IMAGE_REFUSED = 5;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-i", "--interface"}, required = true, paramLabel = "IFACE", description = "the interface the phone is on")
    String interfaceName;

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "the firmware image (.bin)")
    Path image;

    @Option(names = "--serial", paramLabel = "SERIAL",
            description = "the phone's serial number (label); default the wildcard FFFFFFFFFFFF, any phone")
    String serial;

    @Option(names = "--find-timeout", defaultValue = "120", paramLabel = "SECONDS",
            description = "how long to keep asking for the phone; default ${DEFAULT-VALUE}")
    long findSeconds;

    @Option(names = "--force", description = "send the image even when it is damaged or does not suit the loader's version")
    boolean force;

    @Override
    public Integer call() {
        if (serial != null && !serial.matches("[0-9A-Za-z]{1,19}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--serial is 1 to 19 letters and digits");
        }
        try (var in = Files.newByteChannel(image)) {
            in.read(java.nio.ByteBuffer.allocate(1)); // a folder opens, and fails here
        } catch (IOException e) {
            return Failures.report(image, e);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        SpaRecovery.Config base = SpaRecovery.Config.of(interfaceName, image, serial == null ? SpaFrame.WILDCARD_SERIAL : serial);
        SpaRecovery.Config config = base.withFindTimeout(Duration.ofSeconds(findSeconds)).withForce(force);
        // The narration runs on this thread: a line that cannot be written ends the command there
        // (PhoneRescue#execute). Events come from the TFTP server's thread, where a failed line is
        // left: the next narration meets the same failure.
        SpaRecovery recovery = new SpaRecovery(config, line -> out.println(now() + " " + line), event -> {
            if (!(event instanceof TransferProgress) || ((TransferProgress) event).bytes() > 0) {
                try {
                    out.println(event.time().truncatedTo(ChronoUnit.MILLIS) + " " + ServerEventText.line(event));
                } catch (CommandOutput.Failed e) {
                    // reported by the main thread's next line
                }
            }
        });
        try {
            SpaRecovery.Result r = recovery.run();
            return switch (r.outcome()) {
                case DOWNLOADED -> 0;
                case IMAGE_BROKEN, IMAGE_DOES_NOT_FIT_LOADER -> EXIT_IMAGE_REFUSED;
                default -> 1;
            };
        } catch (ServerStartException e) {
            System.err.println("phonerescue spa-recover: " + e.getMessage());
            return ServeCommand.EXIT_SERVER_DID_NOT_START;
        } catch (IOException e) {
            System.err.println("phonerescue spa-recover: " + e.getMessage());
            return ServeCommand.EXIT_SERVER_DID_NOT_START;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
