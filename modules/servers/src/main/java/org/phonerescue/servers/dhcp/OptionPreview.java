package org.phonerescue.servers.dhcp;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Exactly which bytes an option puts on the wire, and what a phone reads back from them — so the
 * option-150 byte-order mistake (field notes §3) is visible before the phone boots.
 *
 * @param code     the option code
 * @param name     its name
 * @param wire     code, length and value, as sent
 * @param meaning  what a phone reads from the value
 * @param warnings what looks wrong
 */
public record OptionPreview(int code, String name, byte[] wire, String meaning, List<String> warnings) {

    public OptionPreview {
        wire = wire.clone();
        warnings = List.copyOf(warnings);
    }

    /** The preview of option {@code code} carrying {@code value}. */
    public static OptionPreview of(int code, byte[] value) {
        byte[] wire = new byte[value.length + 2];
        wire[0] = (byte) code;
        wire[1] = (byte) value.length;
        System.arraycopy(value, 0, wire, 2, value.length);
        List<String> warnings = new ArrayList<>();
        String meaning;
        switch (code) {
            case DhcpMessage.OPT_TFTP_SERVER_ADDRESS, DhcpMessage.OPT_ROUTER, DhcpMessage.OPT_DNS -> {
                if (value.length == 0 || value.length % 4 != 0) {
                    warnings.add(value.length + " bytes is not a list of 4-byte IPv4 addresses");
                    meaning = "(no address list)";
                } else {
                    List<String> addrs = new ArrayList<>();
                    for (int i = 0; i < value.length; i += 4) {
                        addrs.add(DhcpMessage.address(java.util.Arrays.copyOfRange(value, i, i + 4)).getHostAddress());
                    }
                    meaning = String.join(", ", addrs);
                }
            }
            case DhcpMessage.OPT_TFTP_SERVER_NAME, DhcpMessage.OPT_BOOTFILE -> {
                meaning = "\"" + new String(value, java.nio.charset.StandardCharsets.ISO_8859_1) + "\"";
                if (code == DhcpMessage.OPT_BOOTFILE && value.length > 0 && value[0] == '/') {
                    warnings.add("starts with '/': the phone asks for it with the slash (serve with leading slashes ignored)");
                }
            }
            default -> meaning = HexFormat.ofDelimiter(" ").formatHex(value);
        }
        return new OptionPreview(code, name(code), wire, meaning, warnings);
    }

    /** {@code 150 TFTP server address: 96 04 c0 a8 01 01 -> 192.168.1.1}, then one line per warning. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "option %3d %-22s %s -> %s", code, name,
                HexFormat.ofDelimiter(" ").formatHex(wire), meaning));
        for (String w : warnings) {
            sb.append("\n           warning: ").append(w);
        }
        return sb.toString();
    }

    static String name(int code) {
        return switch (code) {
            case DhcpMessage.OPT_SUBNET_MASK -> "subnet mask";
            case DhcpMessage.OPT_ROUTER -> "router";
            case DhcpMessage.OPT_DNS -> "DNS servers";
            case DhcpMessage.OPT_VENDOR_SPECIFIC -> "vendor-specific";
            case DhcpMessage.OPT_LEASE_TIME -> "lease time";
            case DhcpMessage.OPT_TFTP_SERVER_NAME -> "TFTP server name";
            case DhcpMessage.OPT_BOOTFILE -> "bootfile name";
            case DhcpMessage.OPT_TFTP_SERVER_ADDRESS -> "TFTP server address";
            default -> "option " + code;
        };
    }

    /**
     * Reads a value typed the "reversed hex DWORD" way some DHCP server GUIs want for option 150
     * (192.168.1.1 typed as {@code 0x0101A8C0}).
     *
     * @param address  the address the reversed reading gives, or null when the input has not
     *                 exactly eight hex digits (a digit dropped or added: no reading is safe)
     * @param asTyped  the address the digits make in the order typed (what a server that does not
     *                 reverse would send), or null
     * @param warnings what the engineer should check
     */
    public record DwordReading(String typed, Inet4Address address, Inet4Address asTyped, List<String> warnings) {

        public DwordReading {
            warnings = List.copyOf(warnings);
        }
    }

    public static DwordReading readReversedDword(String typed) {
        String digits = typed.trim();
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        List<String> warnings = new ArrayList<>();
        if (!digits.matches("[0-9a-fA-F]+")) {
            warnings.add("'" + typed + "' is not a hex number");
            return new DwordReading(typed, null, null, warnings);
        }
        if (digits.length() != 8) {
            warnings.add("'" + typed + "' has " + digits.length() + " hex digits, not 8: a digit was dropped or added"
                    + " (a published example turns 192.168.10.105 into 0x69AA8C0 instead of 0x690AA8C0);"
                    + " no address can be read from it safely");
            return new DwordReading(typed, null, null, warnings);
        }
        byte[] b = HexFormat.of().parseHex(digits);
        byte[] reversed = {b[3], b[2], b[1], b[0]};
        Inet4Address address = DhcpMessage.address(reversed);
        Inet4Address asTyped = DhcpMessage.address(b);
        warnings.add("read as a reversed DWORD: " + address.getHostAddress() + ", which goes on the wire as "
                + HexFormat.ofDelimiter(" ").formatHex(reversed) + " (network byte order); the same digits read in"
                + " the order typed would be " + asTyped.getHostAddress() + " — make sure the phone's TFTP server is "
                + address.getHostAddress());
        return new DwordReading(typed, address, asTyped, warnings);
    }
}
