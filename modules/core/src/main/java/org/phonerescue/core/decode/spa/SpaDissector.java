package org.phonerescue.core.decode.spa;

import org.phonerescue.core.decode.Addresses;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.protocol.spa.SpaFrame;

/**
 * The SPA "S.O.S." recovery protocol on UDP 4810/4811 (field model:
 * {@code shared/docs/spa-recovery-protocol.md}). Every frame carries the provenance label, keeps
 * its raw payload, and shows as warnings the checks the 7.4.4rec loader makes before it answers
 * (frame length, source port 4811, destination, serial), so an engineer sees why a phone stayed
 * silent.
 */
public final class SpaDissector {

    public static final int PHONE_PORT = SpaFrame.PHONE_PORT;
    public static final int TOOL_PORT = SpaFrame.TOOL_PORT;

    private SpaDissector() {
    }

    public static void dissect(Dissection d, int p, int end) {
        if (!SpaFrame.looksLikeFrame(d.bytes(), p, end - p)) {
            d.column("UDP", d.info());
            Field data = d.layer("data", "Data (" + (end - p) + " bytes)", p, end - p);
            d.bytes(data, "data.data", "Data", p, end - p);
            return;
        }
        SpaFrame f = SpaFrame.parse(d.bytes(), p, end - p);
        Field spa = d.layer("spa", "SPA Recovery Protocol (" + SpaFrame.PROVENANCE + ")", p, end - p);
        d.string(spa, "spa.provenance", "Provenance", -1, 0, SpaFrame.PROVENANCE);
        String kind = switch (f.op()) {
            case SpaFrame.OP_REQUEST -> "Request";
            case SpaFrame.OP_REPLY -> "Reply";
            case SpaFrame.OP_UPGRADE -> f.length() == SpaFrame.PHONE_FRAME_LENGTH ? "Upgrade acknowledgement" : "Upgrade";
            default -> "Unknown op " + f.op();
        };
        d.uint(spa, "spa.op", "Op", p, 1, f.op());
        d.bytes(spa, "spa.unused", "Unused", p + 1, 3);
        d.string(spa, "spa.magic", "Magic", p + 4, 4, "RECM");
        StringBuilder info = new StringBuilder(kind);
        if (f.serial() != null) {
            d.string(spa, "spa.serial", "Serial number", p + 8, 20, f.serial());
            info.append(", serial ").append(f.serial());
        }
        if (f.product() != null) {
            d.string(spa, "spa.product", "Product", p + 28, 20, f.product());
            d.mac(spa, "spa.mac", "MAC address", p + 48);
            d.string(spa, "spa.loader_version", "Loader version", p + 54, 20, f.loaderVersion());
            d.string(spa, "spa.hardware_version", "Hardware version", p + 74, 20, f.hardwareVersion());
            d.ipv4(spa, "spa.ip", "IP address", p + 94);
            info.append(", ").append(f.product()).append(' ').append(Addresses.mac(f.mac(), 0))
                    .append(", loader ").append(f.loaderVersion()).append(", IP ").append(Addresses.ipv4(f.ipv4(), 0));
        }
        if (f.fileName() != null) {
            d.uint(spa, "spa.tftp_port", "TFTP port (ignored by 7.4.4rec, which uses 69)", p + 28, 2, f.tftpPort());
            d.string(spa, "spa.file", "File", p + 32, f.fileName().length() + 1, f.fileName());
            info.append(", file ").append(f.fileName());
        }
        d.bytes(spa, "spa.payload", "Payload", p, end - p);
        for (String problem : f.problems()) {
            d.expert(spa, Field.Severity.WARN, problem, p, end - p);
        }
        loaderChecks(d, spa, f);
        d.column("SPA-RECOVERY", info.toString());
    }

    /** The checks the loader makes on a tool frame before acting on it. */
    private static void loaderChecks(Dissection d, Field spa, SpaFrame f) {
        boolean toPhone = d.destinationPort() == PHONE_PORT;
        if (!toPhone) {
            return;
        }
        if (d.sourcePort() != TOOL_PORT) {
            d.expert(spa, Field.Severity.WARN, "source port " + d.sourcePort()
                    + ": the loader accepts only frames from port 4811", -1, 0);
        }
        if ((f.op() == SpaFrame.OP_REQUEST || f.op() == SpaFrame.OP_UPGRADE) && f.length() != SpaFrame.TOOL_FRAME_LENGTH) {
            d.expert(spa, Field.Severity.WARN, "length " + f.length() + ": the loader drops tool frames that are not 160 bytes",
                    -1, 0);
        }
        byte[] dst = d.netDestination();
        if (dst != null && dst.length == 4 && (dst[0] & 0xF0) == 0xE0 && !java.util.Arrays.equals(dst, SpaFrame.GROUP)) {
            d.expert(spa, Field.Severity.WARN, "sent to group " + Addresses.ipv4(dst, 0)
                    + ": the loader listens on its own address and 234.4.8.10 only", -1, 0);
        }
        if (f.serial() != null && !SpaFrame.WILDCARD_SERIAL.equals(f.serial())) {
            d.expert(spa, Field.Severity.NOTE, "serial " + f.serial()
                    + ": only the phone with exactly this serial (case-sensitive) answers; FFFFFFFFFFFF reaches any", -1, 0);
        }
    }
}
