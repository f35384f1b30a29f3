package org.phonerescue.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.phonerescue.servers.dhcp.DhcpMessage;
import org.phonerescue.servers.dhcp.DhcpOptionValues;
import org.phonerescue.servers.dhcp.OptionPreview;
import picocli.CommandLine.Option;

/** The DHCP options of {@code serve} and {@code dhcp-options}: what the phone is told. */
final class DhcpOptionsMixin {

    @Option(names = "--dhcp-router", paramLabel = "ADDRESS[,...]", description = "option 3: the phone's gateway(s)")
    String router;

    @Option(names = "--dhcp-dns", paramLabel = "ADDRESS[,...]", description = "option 6: DNS servers")
    String dns;

    @Option(names = {"--dhcp-option66", "--tftp-server-name"}, paramLabel = "NAME",
            description = "option 66: TFTP server name or address, as text")
    String option66;

    @Option(names = {"--dhcp-option67", "--bootfile"}, paramLabel = "FILE", description = "option 67: boot file name")
    String option67;

    @Option(names = {"--dhcp-option150", "--tftp-server-address"}, paramLabel = "ADDRESS[,...]",
            description = "option 150 (Cisco): TFTP server address(es), sent in network byte order")
    String option150;

    @Option(names = "--dhcp-option150-dword", paramLabel = "0xHEX",
            description = "option 150 typed as a reversed hex DWORD (192.168.1.1 = 0x0101A8C0), as some DHCP"
                    + " server screens want it; read back with a warning")
    String option150Dword;

    @Option(names = "--dhcp-option43", paramLabel = "HEX", description = "option 43: vendor-specific bytes in hex")
    String option43;

    @Option(names = "--dhcp-option", paramLabel = "CODE=KIND:VALUE",
            description = "any other option; KIND is ip, text, hex, u8, u16 or u32 (e.g. 42=ip:10.0.0.1); repeatable")
    Map<Integer, String> freeForm = new LinkedHashMap<>();

    /** The option values in the order they are sent, and warnings about what was typed. */
    record Options(Map<Integer, byte[]> values, List<String> warnings) {
    }

    Options options() {
        Map<Integer, byte[]> v = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        if (router != null) {
            v.put(DhcpMessage.OPT_ROUTER, DhcpOptionValues.addresses(router));
        }
        if (dns != null) {
            v.put(DhcpMessage.OPT_DNS, DhcpOptionValues.addresses(dns));
        }
        if (option66 != null) {
            v.put(DhcpMessage.OPT_TFTP_SERVER_NAME, DhcpOptionValues.text(option66));
        }
        if (option67 != null) {
            v.put(DhcpMessage.OPT_BOOTFILE, DhcpOptionValues.text(option67));
        }
        if (option150 != null && option150Dword != null) {
            throw new IllegalArgumentException("give option 150 either as addresses or as a reversed DWORD, not both");
        }
        if (option150 != null) {
            v.put(DhcpMessage.OPT_TFTP_SERVER_ADDRESS, DhcpOptionValues.addresses(option150));
        }
        if (option150Dword != null) {
            OptionPreview.DwordReading r = OptionPreview.readReversedDword(option150Dword);
            warnings.addAll(r.warnings());
            if (r.address() == null) {
                throw new IllegalArgumentException(String.join("; ", r.warnings()));
            }
            v.put(DhcpMessage.OPT_TFTP_SERVER_ADDRESS, r.address().getAddress());
        }
        if (option43 != null) {
            v.put(DhcpMessage.OPT_VENDOR_SPECIFIC, DhcpOptionValues.hex(option43));
        }
        for (Map.Entry<Integer, String> e : freeForm.entrySet()) {
            int code = e.getKey();
            if (code < 1 || code > 254 || code == DhcpMessage.OPT_MESSAGE_TYPE || code == DhcpMessage.OPT_SERVER_ID
                    || code == DhcpMessage.OPT_OVERLOAD) {
                throw new IllegalArgumentException("option " + code + " cannot be set by hand");
            }
            v.put(code, DhcpOptionValues.parse(e.getValue()));
        }
        return new Options(v, warnings);
    }

    /** One line per option: code, name, the bytes on the wire, what a phone reads; warnings below. */
    static List<String> preview(Options options) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Integer, byte[]> e : options.values().entrySet()) {
            lines.addAll(OptionPreview.of(e.getKey(), e.getValue()).render().lines().toList());
        }
        for (String w : options.warnings()) {
            lines.add("warning: " + w);
        }
        return lines;
    }
}
