package org.phonerescue.core.decode.dns;

import org.phonerescue.core.decode.Addresses;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;

/** Resource records (RFC 1035 §4.1.3) and the RDATA of the common types (§3.3, RFC 3596, RFC 2782). */
final class Records {

    private Records() {
    }

    /**
     * One record at {@code p}; its end goes to {@code next[0]}, its summary to {@code info}.
     * Returns a problem, or null.
     */
    static String record(Dissection d, Field section, Names names, int p, int end, boolean multicast,
                         StringBuilder info, int[] next) {
        Names.Name n = names.read(p);
        if (n.problem() != null) {
            next[0] = n.end();
            return n.problem();
        }
        int q = n.end();
        if (q + 10 > end) {
            next[0] = end;
            return "resource record runs past the message";
        }
        int type = d.u16(q);
        int cls = d.u16(q + 2);
        long ttl = d.u32(q + 4);
        int rdLength = d.u16(q + 8);
        int rd = q + 10;
        if (rd + rdLength > end) {
            next[0] = end;
            return "record data runs past the message";
        }
        next[0] = rd + rdLength;
        String typeName = TypeNames.name(type);
        Field rr = d.text(section, "", n.text() + ": type " + typeName + ", class " + DnsDissector.className(cls), p,
                rd + rdLength - p);
        d.string(rr, "dns.resp.name", "Name", p, n.end() - p, n.text());
        d.uint(rr, "dns.resp.type", "Type", q, 2, type);
        if (type == 41) {
            // OPT pseudo-record (RFC 6891 §6.1.2): class is the UDP payload size
            d.uint(rr, "dns.rr.udp_payload_size", "UDP payload size", q + 2, 2, cls);
            d.hex(rr, "dns.resp.ext_rcode", "Higher bits in extended RCODE", q + 4, 1, d.u8(q + 4), 2);
            d.uint(rr, "dns.resp.edns0_version", "EDNS0 version", q + 5, 1, d.u8(q + 5));
            d.hex(rr, "dns.resp.z", "Z", q + 6, 2, d.u16(q + 6), 4);
            d.uint(rr, "dns.resp.len", "Data length", q + 8, 2, rdLength);
            info.append(" OPT");
            return null;
        }
        if (multicast) {
            d.hex(rr, "dns.resp.class", "Class", q + 2, 2, cls & 0x7FFF, 4);
            d.bool(rr, "dns.resp.cache_flush", "Cache flush", q + 2, 2, (cls & 0x8000) != 0);
        } else {
            d.hex(rr, "dns.resp.class", "Class", q + 2, 2, cls, 4);
        }
        d.uint(rr, "dns.resp.ttl", "Time to live", q + 4, 4, ttl);
        d.uint(rr, "dns.resp.len", "Data length", q + 8, 2, rdLength);
        info.append(' ').append(typeName);
        switch (type) {
            case 1 -> {
                if (rdLength == 4) {
                    d.ipv4(rr, "dns.a", "Address", rd);
                    info.append(' ').append(Addresses.ipv4(d.bytes(), rd));
                }
            }
            case 28 -> {
                if (rdLength == 16) {
                    d.ipv6(rr, "dns.aaaa", "AAAA Address", rd);
                    info.append(' ').append(Addresses.ipv6(d.bytes(), rd));
                }
            }
            case 2, 5, 12 -> {
                Names.Name target = names.read(rd);
                String field = type == 2 ? "dns.ns" : type == 5 ? "dns.cname" : "dns.ptr.domain_name";
                d.string(rr, field, type == 2 ? "Name Server" : type == 5 ? "CNAME" : "Domain Name", rd, rdLength,
                        target.text());
                info.append(' ').append(target.text());
                if (target.problem() != null) {
                    return target.problem();
                }
            }
            case 6 -> {
                Names.Name mname = names.read(rd);
                d.string(rr, "dns.soa.mname", "Primary name server", rd, mname.end() - rd, mname.text());
                info.append(' ').append(mname.text());
                if (mname.problem() != null) {
                    return mname.problem();
                }
                Names.Name rname = names.read(mname.end());
                d.string(rr, "dns.soa.rname", "Responsible authority's mailbox", mname.end(), rname.end() - mname.end(),
                        rname.text());
                if (rname.problem() != null) {
                    return rname.problem();
                }
                int s = rname.end();
                if (s + 20 <= rd + rdLength) {
                    d.uint(rr, "dns.soa.serial_number", "Serial Number", s, 4, d.u32(s));
                    d.uint(rr, "dns.soa.refresh_interval", "Refresh Interval", s + 4, 4, d.u32(s + 4));
                    d.uint(rr, "dns.soa.retry_interval", "Retry Interval", s + 8, 4, d.u32(s + 8));
                    d.uint(rr, "dns.soa.expire_limit", "Expire limit", s + 12, 4, d.u32(s + 12));
                    d.uint(rr, "dns.soa.minimum_ttl", "Minimum TTL", s + 16, 4, d.u32(s + 16));
                }
            }
            case 15 -> {
                if (rdLength >= 3) {
                    d.uint(rr, "dns.mx.preference", "Preference", rd, 2, d.u16(rd));
                    Names.Name mx = names.read(rd + 2);
                    d.string(rr, "dns.mx.mail_exchange", "Mail Exchange", rd + 2, rdLength - 2, mx.text());
                    info.append(' ').append(mx.text());
                    if (mx.problem() != null) {
                        return mx.problem();
                    }
                }
            }
            case 16 -> {
                int t = rd;
                while (t < rd + rdLength) {
                    int len = d.u8(t);
                    int e = Math.min(rd + rdLength, t + 1 + len);
                    String text = new String(d.bytes(), t + 1, e - t - 1, java.nio.charset.StandardCharsets.ISO_8859_1);
                    d.uint(rr, "dns.txt.length", "TXT Length", t, 1, len);
                    d.string(rr, "dns.txt", "TXT", t + 1, e - t - 1, text);
                    info.append(' ').append(text);
                    t = e;
                }
            }
            case 33 -> {
                if (rdLength >= 7) {
                    d.uint(rr, "dns.srv.priority", "Priority", rd, 2, d.u16(rd));
                    d.uint(rr, "dns.srv.weight", "Weight", rd + 2, 2, d.u16(rd + 2));
                    d.uint(rr, "dns.srv.port", "Port", rd + 4, 2, d.u16(rd + 4));
                    Names.Name target = names.read(rd + 6);
                    d.string(rr, "dns.srv.target", "Target", rd + 6, rdLength - 6, target.text());
                    info.append(' ').append(d.u16(rd)).append(' ').append(d.u16(rd + 2)).append(' ')
                            .append(d.u16(rd + 4)).append(' ').append(target.text());
                    if (target.problem() != null) {
                        return target.problem();
                    }
                }
            }
            default -> {
                if (rdLength > 0) {
                    d.bytes(rr, "dns.data", "Data", rd, rdLength);
                }
            }
        }
        return null;
    }
}
