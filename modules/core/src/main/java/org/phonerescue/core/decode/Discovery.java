package org.phonerescue.core.decode;

import org.phonerescue.core.decode.discovery.CdpDissector;
import org.phonerescue.core.decode.discovery.LldpDissector;

/**
 * Link-layer discovery: LLDP (IEEE 802.1AB) with LLDP-MED (ANSI/TIA-1057), CDP (Cisco), and the
 * spanning tree BPDU (IEEE 802.1D). Phones learn their voice VLAN from LLDP-MED or CDP.
 */
final class Discovery {

    private Discovery() {
    }

    /** Returns -1: LLDP runs to the end of the frame. */
    static int lldp(Dissection d, int p, int end) {
        LldpDissector.dissect(d, p, end);
        return -1;
    }

    static void cdp(Dissection d, int p, int end) {
        CdpDissector.dissect(d, p, end);
    }

    static void stp(Dissection d, int p, int end) {
        Applications.named(d, "stp", "STP", "Spanning Tree Protocol", p, end);
    }
}
