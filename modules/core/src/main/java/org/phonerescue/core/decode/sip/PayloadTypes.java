package org.phonerescue.core.decode.sip;

/** RTP payload types (RFC 3551 §6, tables 4 and 5) by the names Wireshark gives them. */
final class PayloadTypes {

    private PayloadTypes() {
    }

    static String name(int pt) {
        return switch (pt) {
            case 0 -> "ITU-T G.711 PCMU";
            case 1 -> "USA Federal Standard FS-1016";
            case 2 -> "ITU-T G.721";
            case 3 -> "GSM 06.10";
            case 4 -> "ITU-T G.723";
            case 5 -> "DVI4 8000 samples/s";
            case 6 -> "DVI4 16000 samples/s";
            case 7 -> "Experimental linear predictive encoding from Xerox PARC";
            case 8 -> "ITU-T G.711 PCMA";
            case 9 -> "ITU-T G.722";
            case 10 -> "16-bit uncompressed audio, stereo";
            case 11 -> "16-bit uncompressed audio, monaural";
            case 12 -> "Qualcomm Code Excited Linear Predictive coding";
            case 13 -> "Comfort noise";
            case 14 -> "MPEG-I/II Audio";
            case 15 -> "ITU-T G.728";
            case 16 -> "DVI4 11025 samples/s";
            case 17 -> "DVI4 22050 samples/s";
            case 18 -> "ITU-T G.729";
            case 19 -> "Comfort noise (old)";
            case 25 -> "Sun CellB video encoding";
            case 26 -> "JPEG-compressed video";
            case 28 -> "'nv' program";
            case 31 -> "ITU-T H.261";
            case 32 -> "MPEG-I/II Video";
            case 33 -> "MPEG-II transport streams";
            case 34 -> "ITU-T H.263";
            default -> pt >= 96 && pt <= 127 ? "DynamicRTP-Type-" + pt
                    : pt >= 72 && pt <= 76 ? "Reserved for RTCP conflict avoidance" : "Unassigned";
        };
    }
}
