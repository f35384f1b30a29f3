package org.phonerescue.core.decode;

/**
 * Link-layer discovery: LLDP (IEEE 802.1AB) with LLDP-MED (ANSI/TIA-1057), CDP (Cisco), and the
 * spanning tree BPDU (IEEE 802.1D). Phones learn their voice VLAN from LLDP-MED or CDP.
 */
final class Discovery {

    private Discovery() {
    }

    /** Returns -1: LLDP runs to the end of the frame. */
    static int lldp(Dissection d, int p, int end) {
        Applications.named(d, "lldp", "LLDP", "Link Layer Discovery Protocol", p, end);
        return -1;
    }

    static void cdp(Dissection d, int p, int end) {
        Applications.named(d, "cdp", "CDP", "Cisco Discovery Protocol", p, end);
    }

    static void stp(Dissection d, int p, int end) {
        Applications.named(d, "stp", "STP", "Spanning Tree Protocol", p, end);
    }
}
