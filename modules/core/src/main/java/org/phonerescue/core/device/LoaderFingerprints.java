package org.phonerescue.core.device;

import java.util.Locale;

/**
 * What a phone's DHCP request says about the software it runs. The SPA recovery loader asks with
 * vendor class {@code TI-dhcp 0.1} and host name {@code TNETV1050SDB} and fetches files by TFTP
 * from UDP port 2000 (spa-recovery-protocol.md, "Fingerprints of an SPA loader on the wire"); booted phone firmware names itself instead (a Cisco 79xx host name is
 * {@code SEP} and its MAC, field notes §3; vendor classes such as "Cisco Systems, Inc. IP Phone
 * CP-7961G").
 */
public final class LoaderFingerprints {

    /** Option 60 of the SPA loader's DHCP client. */
    public static final String SPA_LOADER_VENDOR_CLASS = "TI-dhcp";
    /** Option 12 of the SPA loader unless configured otherwise. */
    public static final String SPA_LOADER_HOSTNAME = "TNETV1050SDB";
    /**
     * The UDP port the SPA loader asks for files from by TFTP, both its own Recovery URL and the
     * file of a recovery tool's Upgrade ("Fingerprints"; "What the phone does after an Upgrade").
     */
    public static final int SPA_LOADER_TFTP_PORT = 2000;
    /**
     * How the User-Agent of the SPA loader's HTTP requests begins, before the phone's serial in
     * parentheses: {@code Linksys/SPA-5X51-(88014FA00024)} ("Fingerprints").
     */
    public static final String SPA_LOADER_USER_AGENT = "Linksys/SPA-5X51-";

    /**
     * Option 60 of the DHCPDISCOVER with which {@code phonerescue serve --dhcp} looks for other DHCP
     * servers on the link before it answers anyone (modules/servers, DhcpGuard): the laptop's own
     * probe, no phone's request.
     */
    public static final String SERVER_PROBE_VENDOR_CLASS = "phonerescue-probe";

    private LoaderFingerprints() {
    }

    /** Whether a DHCP request is the probe of a DHCP server looking for others before it starts. */
    public static boolean serverProbe(String vendorClass) {
        return SERVER_PROBE_VENDOR_CLASS.equals(vendorClass);
    }

    /** Whether a DHCP request comes from an SPA phone still in its recovery loader. */
    public static boolean spaLoaderDhcp(String vendorClass, String hostname) {
        return vendorClass != null && vendorClass.startsWith(SPA_LOADER_VENDOR_CLASS)
                || SPA_LOADER_HOSTNAME.equals(hostname);
    }

    /**
     * Whether an HTTP request's User-Agent is the SPA loader's. Only the loader's own string
     * counts: a booted SPA firmware sends a {@code Linksys/} or {@code Cisco/} User-Agent as well,
     * but one that names its model and firmware version (the loader's names neither; the notes
     * record its fixed {@code SPA-5X51} and the serial), so a Linksys or Cisco User-Agent alone
     * tells an SPA phone, not that it is still in its loader.
     */
    public static boolean spaLoaderUserAgent(String userAgent) {
        return userAgent != null && userAgent.startsWith(SPA_LOADER_USER_AGENT);
    }

    /** Whether a DHCP request names a phone running its normal firmware. */
    public static boolean phoneDhcp(String vendorClass, String hostname) {
        if (spaLoaderDhcp(vendorClass, hostname) || serverProbe(vendorClass)) {
            return false; // "phonerescue-probe" holds "phone" too
        }
        String v = vendorClass == null ? "" : vendorClass.toLowerCase(Locale.ROOT);
        String h = hostname == null ? "" : hostname;
        return v.contains("phone") || v.startsWith("snom") || h.matches("SEP[0-9A-Fa-f]{12}")
                || h.toLowerCase(Locale.ROOT).startsWith("snom");
    }
}
