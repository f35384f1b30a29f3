package org.phonerescue.cli;

import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.phonerescue.servers.dhcp.DhcpOptionValues;
import org.phonerescue.servers.preflight.Finding;
import org.phonerescue.servers.preflight.PreflightCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phonerescue preflight -i IFACE}: what would stop a recovery, before serving anything. */
@Command(name = "preflight", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks what would stop a recovery, before anything is served.",
            "Ports 69/67/80 held by another program, the interface's address against the phone's subnet, another "
                    + "DHCP server on the link, firewall rules (nftables) that drop TFTP or the SPA multicast, and the "
                    + "file the phone will ask for. Every problem comes with its fix."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing in the way (warnings may be printed)", "1:at least one problem", "2:wrong usage",
            "4:the output could not be written"})
final class PreflightCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-i", "--interface"}, required = true, paramLabel = "IFACE", description = "the interface the phone is on")
    String interfaceName;

    @Option(names = "--phone-ip", paramLabel = "ADDRESS", description = "the phone's address, when known (e.g. typed in Snom rescue mode)")
    String phoneAddress;

    @Option(names = "--root", paramLabel = "DIR", description = "the folder that will be served")
    Path root;

    @Option(names = "--file", paramLabel = "NAME",
            description = "the name the phone will ask for, exactly as it asks (e.g. /spa71f6.bin)")
    String file;

    @Option(names = "--dhcp-probe", defaultValue = "5", paramLabel = "SECONDS",
            description = "how long to look for another DHCP server (0: skip); default ${DEFAULT-VALUE}")
    long dhcpProbeSeconds;

    @Override
    public Integer call() {
        if ((root == null) != (file == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--root and --file go together");
        }
        Inet4Address phone;
        try {
            phone = phoneAddress == null ? null : DhcpOptionValues.ipv4(phoneAddress);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<Finding> findings = PreflightCheck.run(new PreflightCheck.Request(interfaceName, phone, root, file,
                Duration.ofSeconds(Math.max(0, dhcpProbeSeconds))));
        boolean problems = false;
        for (Finding f : findings) {
            System.out.printf("%-10s %-9s %s%n", "[" + f.severity().name().toLowerCase(Locale.ROOT) + "]", f.check(), f.text());
            if (f.fix() != null) {
                System.out.printf("%-10s %-9s fix: %s%n", "", "", f.fix());
            }
            problems |= f.severity() == Finding.Severity.PROBLEM;
        }
        long count = findings.stream().filter(f -> f.severity() == Finding.Severity.PROBLEM).count();
        System.out.println(problems ? count + (count == 1 ? " problem" : " problems") + " found" : "nothing in the way");
        return problems ? 1 : 0;
    }
}
