package org.phonerescue.core.decode.dns;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.phonerescue.core.decode.Addresses;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.tcp.StreamContext;
import org.phonerescue.core.decode.tcp.StreamProtocol;

/**
 * DNS (RFC 1035 §4.1) and multicast DNS (RFC 6762) with Wireshark's field names: header and
 * flags, questions, and the answer, authority and additional records (A, AAAA, NS, CNAME, PTR,
 * SOA, MX, TXT, SRV by value; others as data). Names follow compression pointers (§4.1.4) with
 * loop protection: a pointer chain that revisits an offset or runs over the length limit of a
 * name (255, §3.1) is reported as malformed. Over TCP each message has a two-byte length
 * prefix (§4.2.2) and is asked for whole. A response is tied to its query by transaction ID.
 */
public final class DnsDissector implements StreamProtocol {

    public static final DnsDissector TCP = new DnsDissector();

    private static final int HEADER = 12;

    /** Queries waiting for their responses, per capture (bounded). */
    static final class Queries {
        private static final int MAX = 4096;
        private final Map<String, long[]> waiting = new LinkedHashMap<>();

        void put(String key, long frame, long nanos) {
            waiting.put(key, new long[] {frame, nanos});
            Iterator<String> it = waiting.keySet().iterator();
            while (waiting.size() > MAX) {
                it.next();
                it.remove();
            }
        }

        long[] take(String key) {
            return waiting.remove(key);
        }
    }

    private DnsDissector() {
    }

    @Override
    public String name() {
        return "dns";
    }

    /** DNS (or mDNS) in a UDP datagram. */
    public static void dissect(Dissection d, int p, int end, boolean multicast) {
        message(d, p, end, multicast, false);
    }

    @Override
    public int dissect(Dissection d, int p, int end, StreamContext ctx) {
        int q = p;
        while (q < end) {
            if (end - q < 2) {
                if (ctx.canDesegment()) {
                    ctx.needMore(q, 1);
                }
                break;
            }
            int length = d.u16(q);
            if (q + 2 + length > end && ctx.canDesegment()) {
                ctx.needMore(q, q + 2 + length - end);
                break;
            }
            int msgEnd = Math.min(end, q + 2 + length);
            boolean again = "DNS".equals(d.protocolColumn());
            String before = again ? d.info() : null;
            message(d, q, msgEnd, false, true);
            if (before != null) {
                d.info(before + ", " + d.info());
            }
            q = msgEnd;
        }
        return Math.max(1, q - p);
    }

    private static void message(Dissection d, int p, int end, boolean multicast, boolean tcp) {
        d.column(multicast ? "MDNS" : "DNS", "");
        Field dns = d.layer(multicast ? "mdns" : "dns", multicast ? "Multicast Domain Name System" : "Domain Name System",
                p, end - p);
        if (tcp) {
            d.uint(dns, "dns.length", "Length", p, 2, d.u16(p));
            p += 2;
        }
        if (end - p < HEADER) {
            d.malformed(dns, "DNS header shorter than 12 bytes", p);
            return;
        }
        int id = d.u16(p);
        int flags = d.u16(p + 2);
        boolean response = (flags & 0x8000) != 0;
        int opcode = (flags >>> 11) & 0xF;
        int rcode = flags & 0xF;
        d.hex(dns, "dns.id", "Transaction ID", p, 2, id, 4);
        Field f = d.hex(dns, "dns.flags", "Flags", p + 2, 2, flags, 4);
        d.bool(dns, "dns.flags.response", "Response", p + 2, 2, response);
        d.uint(dns, "dns.flags.opcode", "Opcode", p + 2, 2, opcode);
        if (response) {
            d.bool(dns, "dns.flags.authoritative", "Authoritative", p + 2, 2, (flags & 0x0400) != 0);
        }
        d.bool(dns, "dns.flags.truncated", "Truncated", p + 2, 2, (flags & 0x0200) != 0);
        d.bool(dns, "dns.flags.recdesired", "Recursion desired", p + 2, 2, (flags & 0x0100) != 0);
        if (response) {
            d.bool(dns, "dns.flags.recavail", "Recursion available", p + 2, 2, (flags & 0x0080) != 0);
        }
        d.bool(dns, "dns.flags.z", "Z", p + 2, 2, (flags & 0x0040) != 0);
        if (response) {
            d.bool(dns, "dns.flags.authenticated", "Answer authenticated", p + 2, 2, (flags & 0x0020) != 0);
        }
        d.bool(dns, "dns.flags.checkdisable", "Non-authenticated data", p + 2, 2, (flags & 0x0010) != 0);
        if (response) {
            d.uint(dns, "dns.flags.rcode", "Reply code", p + 2, 2, rcode);
        }
        int qd = d.u16(p + 4);
        int an = d.u16(p + 6);
        int ns = d.u16(p + 8);
        int ar = d.u16(p + 10);
        d.uint(dns, "dns.count.queries", "Questions", p + 4, 2, qd);
        d.uint(dns, "dns.count.answers", "Answer RRs", p + 6, 2, an);
        d.uint(dns, "dns.count.auth_rr", "Authority RRs", p + 8, 2, ns);
        d.uint(dns, "dns.count.add_rr", "Additional RRs", p + 10, 2, ar);
        StringBuilder info = new StringBuilder(opcodeName(opcode)).append(response ? " response" : "")
                .append(String.format(" 0x%04x", id));
        if (response && rcode != 0) {
            info.append(' ').append(rcodeName(rcode));
        }
        Names names = new Names(d, p, end);
        int q = p + HEADER;
        String problem = null;
        if (qd > 0) {
            Field queries = d.text(dns, "", "Queries", q, 0);
            for (int i = 0; i < qd && problem == null; i++) {
                Names.Name n = names.read(q);
                if (n.problem() != null) {
                    problem = n.problem();
                    break;
                }
                if (n.end() + 4 > end) {
                    problem = "question runs past the message";
                    break;
                }
                int type = d.u16(n.end());
                int cls = d.u16(n.end() + 2);
                Field query = d.text(queries, "", n.text() + ": type " + TypeNames.name(type) + ", class "
                        + className(cls), q, n.end() + 4 - q);
                d.string(query, "dns.qry.name", "Name", q, n.end() - q, n.text());
                d.generated(query, "dns.qry.name.len", "Name Length", (long) n.length(), Integer.toString(n.length()));
                d.generated(query, "dns.count.labels", "Label Count", (long) n.labels(), Integer.toString(n.labels()));
                d.uint(query, "dns.qry.type", "Type", n.end(), 2, type);
                if (multicast) {
                    d.hex(query, "dns.qry.class", "Class", n.end() + 2, 2, cls & 0x7FFF, 4);
                    d.bool(query, "dns.qry.qu", "\"QU\" question", n.end() + 2, 2, (cls & 0x8000) != 0);
                } else {
                    d.hex(query, "dns.qry.class", "Class", n.end() + 2, 2, cls, 4);
                }
                info.append(' ').append(TypeNames.name(type)).append(' ').append(n.text());
                q = n.end() + 4;
            }
        }
        String[] sections = {"Answers", "Authoritative nameservers", "Additional records"};
        int[] counts = {an, ns, ar};
        for (int s = 0; s < 3 && problem == null; s++) {
            if (counts[s] == 0) {
                continue;
            }
            Field section = d.text(dns, "", sections[s], q, 0);
            for (int i = 0; i < counts[s] && problem == null; i++) {
                int[] next = {q};
                problem = Records.record(d, section, names, q, end, multicast, info, next);
                q = next[0];
            }
        }
        if (!d.isQuoted() && d.netSource() != null) {
            pair(d, dns, id, response);
        }
        d.info(info.toString());
        if (problem != null) {
            d.malformed(dns, problem, q);
        }
    }

    /** Ties a response to its query: same transaction ID, addresses and ports swapped. */
    private static void pair(Dissection d, Field dns, int id, boolean response) {
        Queries queries = d.state().protocolState("dns.queries", Queries::new);
        String src = address(d.netSource());
        String dst = address(d.netDestination());
        long nanos = d.packet().hasTimestamp() ? d.packet().epochSecond() * 1_000_000_000L + d.packet().nanos() : 0;
        if (!response) {
            queries.put(src + "/" + d.sourcePort() + ">" + dst + "/" + d.destinationPort() + "#" + id,
                    d.packet().number(), nanos);
        } else {
            long[] q = queries.take(dst + "/" + d.destinationPort() + ">" + src + "/" + d.sourcePort() + "#" + id);
            if (q != null) {
                d.generated(dns, "dns.response_to", "Request In", q[0], Long.toString(q[0]));
                long dt = nanos - q[1];
                d.generated(dns, "dns.time", "Time", dt, String.format(Locale.ROOT, "%d.%09d", dt / 1_000_000_000L,
                        Math.abs(dt % 1_000_000_000L)));
            }
        }
    }

    private static String address(byte[] a) {
        return a.length == 4 ? Addresses.ipv4(a, 0) : Addresses.ipv6(a, 0);
    }

    static String opcodeName(int opcode) {
        return switch (opcode) {
            case 0 -> "Standard query";
            case 1 -> "Inverse query";
            case 2 -> "Server status request";
            case 4 -> "Zone change notification";
            case 5 -> "Dynamic update";
            case 6 -> "DNS Stateful operations (DSO)";
            default -> "Unknown operation (" + opcode + ")";
        };
    }

    static String rcodeName(int rcode) {
        return switch (rcode) {
            case 0 -> "No error";
            case 1 -> "Format error";
            case 2 -> "Server failure";
            case 3 -> "No such name";
            case 4 -> "Not implemented";
            case 5 -> "Refused";
            case 6 -> "Name exists";
            case 7 -> "RRset exists";
            case 8 -> "RRset does not exist";
            case 9 -> "Not authoritative";
            case 10 -> "Name out of zone";
            default -> "Unknown error (" + rcode + ")";
        };
    }

    static String className(int cls) {
        return switch (cls & 0x7FFF) {
            case 1 -> "IN";
            case 3 -> "CH";
            case 4 -> "HS";
            case 254 -> "NONE";
            case 255 -> "ANY";
            default -> String.format("0x%04x", cls);
        };
    }
}
