package org.phonerescue.core.decode.dns;

/** Resource record types (RFC 1035 §3.2.2 and the IANA registry) by their mnemonics. */
final class TypeNames {

    private TypeNames() {
    }

    static String name(int type) {
        return switch (type) {
            case 1 -> "A";
            case 2 -> "NS";
            case 5 -> "CNAME";
            case 6 -> "SOA";
            case 10 -> "NULL";
            case 11 -> "WKS";
            case 12 -> "PTR";
            case 13 -> "HINFO";
            case 15 -> "MX";
            case 16 -> "TXT";
            case 17 -> "RP";
            case 24 -> "SIG";
            case 25 -> "KEY";
            case 28 -> "AAAA";
            case 29 -> "LOC";
            case 33 -> "SRV";
            case 35 -> "NAPTR";
            case 39 -> "DNAME";
            case 41 -> "OPT";
            case 43 -> "DS";
            case 46 -> "RRSIG";
            case 47 -> "NSEC";
            case 48 -> "DNSKEY";
            case 50 -> "NSEC3";
            case 52 -> "TLSA";
            case 64 -> "SVCB";
            case 65 -> "HTTPS";
            case 99 -> "SPF";
            case 249 -> "TKEY";
            case 250 -> "TSIG";
            case 251 -> "IXFR";
            case 252 -> "AXFR";
            case 255 -> "ANY";
            case 256 -> "URI";
            case 257 -> "CAA";
            default -> "Unknown (" + type + ")";
        };
    }
}
