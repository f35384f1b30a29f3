package org.phonerescue.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code phonerescue dhcp-options --tftp-server-address 192.168.1.1 ...}: shows the exact bytes
 * our DHCP server would send for options 66, 67, 150 (and any other), without serving anything.
 */
@Command(name = "dhcp-options", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Shows the bytes DHCP options 66, 67, 150 and others put on the wire, and what a phone reads.",
            "Nothing is served. Option 150 goes in network byte order; a value typed as a reversed hex DWORD "
                    + "(--dhcp-option150-dword 0x0101A8C0) is read back with a warning."})
final class DhcpOptionsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DhcpOptionsMixin dhcp;

    @Override
    public Integer call() {
        DhcpOptionsMixin.Options options;
        try {
            options = dhcp.options();
        } catch (IllegalArgumentException e) {
            System.err.println("phonerescue dhcp-options: " + e.getMessage());
            return PhoneRescue.EXIT_USAGE;
        }
        if (options.values().isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "name an option, e.g. --tftp-server-address 192.168.1.1");
        }
        DhcpOptionsMixin.preview(options).forEach(System.out::println);
        return 0;
    }
}
