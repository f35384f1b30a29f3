package org.phonerescue.core.decode.tls;

import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;

/**
 * TLS handshake messages (RFC 8446 §4, RFC 5246 §7.4): their names, and the fields of the two
 * hellos that say who talks to whom and what was negotiated (versions, cipher suite, server
 * name, RFC 6066 §3).
 */
final class Handshake {

    private Handshake() {
    }

    static String typeName(int type) {
        return switch (type) {
            case 0 -> "Hello Request";
            case 1 -> "Client Hello";
            case 2 -> "Server Hello";
            case 3 -> "Hello Verify Request";
            case 4 -> "New Session Ticket";
            case 5 -> "End of Early Data";
            case 6 -> "Hello Retry Request";
            case 8 -> "Encrypted Extensions";
            case 11 -> "Certificate";
            case 12 -> "Server Key Exchange";
            case 13 -> "Certificate Request";
            case 14 -> "Server Hello Done";
            case 15 -> "Certificate Verify";
            case 16 -> "Client Key Exchange";
            case 20 -> "Finished";
            case 21 -> "Certificate URL";
            case 22 -> "Certificate Status";
            case 23 -> "Supplemental Data";
            case 24 -> "Key Update";
            case 25 -> "Compressed Certificate";
            case 67 -> "Next Protocol";
            default -> null;
        };
    }

    static String alertName(int code) {
        return switch (code) {
            case 0 -> "Close Notify";
            case 10 -> "Unexpected Message";
            case 20 -> "Bad Record MAC";
            case 21 -> "Decryption Failed";
            case 22 -> "Record Overflow";
            case 30 -> "Decompression Failure";
            case 40 -> "Handshake Failure";
            case 41 -> "No Certificate";
            case 42 -> "Bad Certificate";
            case 43 -> "Unsupported Certificate";
            case 44 -> "Certificate Revoked";
            case 45 -> "Certificate Expired";
            case 46 -> "Certificate Unknown";
            case 47 -> "Illegal Parameter";
            case 48 -> "Unknown CA";
            case 49 -> "Access Denied";
            case 50 -> "Decode Error";
            case 51 -> "Decrypt Error";
            case 60 -> "Export Restriction";
            case 70 -> "Protocol Version";
            case 71 -> "Insufficient Security";
            case 80 -> "Internal Error";
            case 86 -> "Inappropriate Fallback";
            case 90 -> "User Canceled";
            case 100 -> "No Renegotiation";
            case 109 -> "Missing Extension";
            case 110 -> "Unsupported Extension";
            case 112 -> "Unrecognized Name";
            case 116 -> "Certificate Required";
            case 120 -> "No application Protocol";
            default -> "Unknown (" + code + ")";
        };
    }

    /**
     * The body of a ClientHello (1) or ServerHello (2); other messages are left as they are.
     * Returns, for a ServerHello, the version the server chose (0 if unreadable).
     */
    static int body(Dissection d, Field hs, int type, int p, int end) {
        if (type != 1 && type != 2 || end - p < 38) {
            return 0;
        }
        int version = d.u16(p);
        d.hex(hs, "tls.handshake.version", "Version", p, 2, version, 4);
        d.bytes(hs, "tls.handshake.random", "Random", p + 2, 32);
        int q = p + 34;
        int sidLength = d.u8(q);
        d.uint(hs, "tls.handshake.session_id_length", "Session ID Length", q, 1, sidLength);
        q++;
        if (q + sidLength > end) {
            return 0;
        }
        if (sidLength > 0) {
            d.bytes(hs, "tls.handshake.session_id", "Session ID", q, sidLength);
        }
        q += sidLength;
        if (type == 1) {
            if (q + 2 > end) {
                return 0;
            }
            int suitesLength = d.u16(q);
            d.uint(hs, "tls.handshake.cipher_suites_length", "Cipher Suites Length", q, 2, suitesLength);
            q += 2;
            Field suites = d.text(hs, "tls.handshake.ciphersuites", "Cipher Suites (" + suitesLength / 2 + " suites)", q,
                    Math.min(suitesLength, end - q));
            for (int i = 0; i + 1 < suitesLength && q + i + 2 <= end; i += 2) {
                d.hex(suites, "tls.handshake.ciphersuite", "Cipher Suite", q + i, 2, d.u16(q + i), 4);
            }
            q += suitesLength;
            if (q + 1 > end) {
                return 0;
            }
            int compLength = d.u8(q);
            d.uint(hs, "tls.handshake.comp_methods_length", "Compression Methods Length", q, 1, compLength);
            q += 1 + compLength;
        } else {
            if (q + 3 > end) {
                return 0;
            }
            d.hex(hs, "tls.handshake.ciphersuite", "Cipher Suite", q, 2, d.u16(q), 4);
            d.uint(hs, "tls.handshake.comp_method", "Compression Method", q + 2, 1, d.u8(q + 2));
            q += 3;
        }
        int chosen = version;
        if (q + 2 <= end) {
            int extLength = d.u16(q);
            d.uint(hs, "tls.handshake.extensions_length", "Extensions Length", q, 2, extLength);
            q += 2;
            int extEnd = Math.min(end, q + extLength);
            while (q + 4 <= extEnd) {
                int extType = d.u16(q);
                int len = d.u16(q + 2);
                int dataEnd = Math.min(extEnd, q + 4 + len);
                Field ext = d.text(hs, "tls.handshake.extension", "Extension: type " + extType, q, dataEnd - q);
                d.uint(ext, "tls.handshake.extension.type", "Type", q, 2, extType);
                d.uint(ext, "tls.handshake.extension.len", "Length", q + 2, 2, len);
                int v = q + 4;
                if (extType == 0 && type == 1 && v + 5 <= dataEnd) {
                    // server_name (RFC 6066 §3): list length, then type and name
                    int nameLength = d.u16(v + 3);
                    if (v + 5 + nameLength <= dataEnd) {
                        d.string(ext, "tls.handshake.extensions_server_name", "Server Name", v + 5, nameLength,
                                new String(d.bytes(), v + 5, nameLength, java.nio.charset.StandardCharsets.US_ASCII));
                    }
                } else if (extType == 43 && type == 2 && len == 2) {
                    // supported_versions in a ServerHello: the version chosen (RFC 8446 §4.2.1)
                    chosen = d.u16(v);
                    d.hex(ext, "tls.handshake.extensions.supported_version", "Supported Version", v, 2, chosen, 4);
                } else if (extType == 43 && type == 1 && v < dataEnd) {
                    for (int i = v + 1; i + 2 <= dataEnd; i += 2) {
                        d.hex(ext, "tls.handshake.extensions.supported_version", "Supported Version", i, 2,
                                d.u16(i), 4);
                    }
                }
                q = dataEnd;
            }
        }
        return type == 2 ? chosen : 0;
    }

    /**
     * Certificate message (RFC 5246 §7.4.2): a 24-bit list length, then certificates of a 24-bit
     * length each. Returns false when a certificate's DER encoding (ITU-T X.690 §8.1) does not
     * hold together, as Wireshark then stops with a malformed packet.
     */
    static boolean certificates(Dissection d, Field hs, int p, int end) {
        if (end - p < 3) {
            return false;
        }
        int total = (d.u8(p) << 16) | d.u16(p + 1);
        d.uint(hs, "tls.handshake.certificates_length", "Certificates Length", p, 3, total);
        int q = p + 3;
        int listEnd = Math.min(end, q + total);
        while (q + 3 <= listEnd) {
            int len = (d.u8(q) << 16) | d.u16(q + 1);
            d.uint(hs, "tls.handshake.certificate_length", "Certificate Length", q, 3, len);
            int c = q + 3;
            if (c + len > listEnd) {
                return false;
            }
            if (!der(d, c, c + len, 0)) {
                return false;
            }
            q = c + len;
        }
        return true;
    }

    /** Whether {@code d.bytes()[p, end)} is a sequence of well-formed DER TLVs (X.690 §8.1.2–8.1.3). */
    private static boolean der(Dissection d, int p, int end, int depth) {
        while (p < end) {
            int tag = d.u8(p);
            int q = p + 1;
            if ((tag & 0x1F) == 0x1F) {
                while (q < end && (d.u8(q) & 0x80) != 0) {
                    q++;
                }
                q++;
            }
            if (q >= end) {
                return false;
            }
            int first = d.u8(q++);
            long len;
            if (first < 0x80) {
                len = first;
            } else {
                int n = first & 0x7F;
                if (n == 0 || n > 4 || q + n > end) {
                    return false;
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | d.u8(q + i);
                }
                q += n;
            }
            if (q + len > end) {
                return false;
            }
            if ((tag & 0x20) != 0 && depth < 8 && !der(d, q, (int) (q + len), depth + 1)) {
                return false;
            }
            p = (int) (q + len);
        }
        return true;
    }
}
