package org.phonerescue.core.decode.dhcp;

/** DHCP/BOOTP option names (RFC 2132 and later RFCs, as IANA's BOOTP/DHCP parameter registry lists them). */
final class DhcpOptionNames {

    private DhcpOptionNames() {
    }

    static String name(int code) {
        return switch (code) {
            case 0 -> "Padding";
            case 1 -> "Subnet Mask";
            case 2 -> "Time Offset";
            case 3 -> "Router";
            case 4 -> "Time Server";
            case 5 -> "Name Server";
            case 6 -> "Domain Name Server";
            case 7 -> "Log Server";
            case 12 -> "Host Name";
            case 15 -> "Domain Name";
            case 28 -> "Broadcast Address";
            case 42 -> "Network Time Protocol Servers";
            case 43 -> "Vendor-Specific Information";
            case 44 -> "NetBIOS over TCP/IP Name Server";
            case 50 -> "Requested IP Address";
            case 51 -> "IP Address Lease Time";
            case 52 -> "Option Overload";
            case 53 -> "DHCP Message Type";
            case 54 -> "DHCP Server Identifier";
            case 55 -> "Parameter Request List";
            case 56 -> "Message";
            case 57 -> "Maximum DHCP Message Size";
            case 58 -> "Renewal Time Value";
            case 59 -> "Rebinding Time Value";
            case 60 -> "Vendor class identifier";
            case 61 -> "Client identifier";
            case 66 -> "TFTP Server Name";
            case 67 -> "Bootfile name";
            case 77 -> "User Class Information";
            case 81 -> "Client Fully Qualified Domain Name";
            case 82 -> "Agent Information Option";
            case 101 -> "TZ-Database String";
            case 108 -> "IPv6-Only Preferred";
            case 116 -> "DHCP Auto-Configuration";
            case 119 -> "Domain Search";
            case 121 -> "Classless Static Route";
            case 125 -> "V-I Vendor-specific Information";
            case 145 -> "Forcerenew Nonce Capable";
            case 150 -> "TFTP Server Address";
            case 161 -> "Manufacturer Usage Description";
            case 252 -> "Private/Proxy autodiscovery";
            case 255 -> "End";
            default -> "Unknown option " + code;
        };
    }

    /** The DHCP message types of option 53 (RFC 2132 §9.6, RFC 4388, RFC 6926). */
    static String messageType(int type) {
        return switch (type) {
            case 1 -> "Discover";
            case 2 -> "Offer";
            case 3 -> "Request";
            case 4 -> "Decline";
            case 5 -> "ACK";
            case 6 -> "NAK";
            case 7 -> "Release";
            case 8 -> "Inform";
            case 9 -> "Force Renew";
            case 10 -> "Lease query";
            case 11 -> "Lease Unassigned";
            case 12 -> "Lease Unknown";
            case 13 -> "Lease Active";
            default -> "Unknown Message Type (0x" + Integer.toHexString(type) + ")";
        };
    }
}
