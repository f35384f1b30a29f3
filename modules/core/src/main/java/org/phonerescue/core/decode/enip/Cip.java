package org.phonerescue.core.decode.enip;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;

/**
 * CIP explicit messages (CIP Networks Library Vol. 1 §2-4): the service code with its
 * request/response bit, the request path (logical class/instance/member/attribute segments of
 * 8, 16 or 32 bits, Vol. 1 Appendix C-1.4.2), the general status of a response, and the Multiple
 * Service Packet (service 0x0A, Vol. 1 §A-4.10) with its embedded services. A response carries no
 * path, so it is tied to its request (by the connected sequence count or the encapsulation's
 * sender context) and shows the request's path, as Wireshark does, and is named after it in the
 * Info column ("Success: Class (0x8b) - Get Attribute List").
 */
final class Cip {

    private Cip() {
    }

    /** Requests waiting for their responses on one connection (bounded). */
    static final class Pairing {
        private static final int MAX = 256;
        private final Map<String, Request> requests = new LinkedHashMap<>();

        void put(String key, Request r) {
            requests.put(key, r);
            Iterator<String> it = requests.keySet().iterator();
            while (requests.size() > MAX) {
                it.next();
                it.remove();
            }
        }

        Request get(String key) {
            return requests.get(key);
        }
    }

    /** One logical path segment: type (0 class, 1 instance, 2 member, 3 connection point, 4 attribute), size, value. */
    record Segment(int type, int size, long value) {
    }

    /** What a request said: its service, path and, for a Multiple Service Packet, the embedded requests. */
    record Request(int service, List<Segment> path, List<Request> embedded) {
        int classId() {
            for (Segment s : path) {
                if (s.type() == 0) {
                    return (int) s.value();
                }
            }
            return -1;
        }
    }

    static void dissect(Dissection d, int p, int end, Pairing pairing, String key) {
        if (end - p < 2) {
            return;
        }
        d.protocolColumn("CIP");
        Field cip = d.layer("cip", "Common Industrial Protocol", p, end - p);
        boolean response = (d.u8(p) & 0x80) != 0;
        Request[] parsed = new Request[1];
        String info = message(d, cip, p, end, response ? pairing.get(key) : null, parsed, true);
        if (!response && parsed[0] != null && !d.isQuoted()) {
            pairing.put(key, parsed[0]);
        }
        d.info(info);
    }

    /**
     * One message in {@code [p, end)}; returns its Info text, and for a request the request in
     * {@code parsed[0]}.
     */
    private static String message(Dissection d, Field cip, int p, int end, Request paired, Request[] parsed,
                                  boolean top) {
        int service = d.u8(p);
        boolean response = (service & 0x80) != 0;
        int code = service & 0x7F;
        d.hex(cip, "cip.service", "Service", p, 1, service, 2);
        d.hex(cip, "cip.rr", "Request/Response", p, 1, response ? 1 : 0, 2);
        d.hex(cip, "cip.sc", "Service", p, 1, code, 2);
        if (!response) {
            if (end - p < 2) {
                d.malformed(cip, "request without its path size", p + 1);
                return serviceName(code, -1);
            }
            int words = d.u8(p + 1);
            d.uint(cip, "cip.request_path_size", "Request Path Size", p + 1, 1, words);
            int pathEnd = Math.min(end, p + 2 + words * 2);
            List<Segment> path = path(d, cip, p + 2, pathEnd);
            List<Request> embedded = new ArrayList<>();
            String names = "";
            if (code == 0x0A) {
                names = embedded(d, cip, pathEnd, end, null, embedded);
            }
            Request request = new Request(code, path, embedded);
            parsed[0] = request;
            int classId = request.classId();
            String info = className(classId) + " - " + serviceName(code, classId);
            return code == 0x0A && top ? info + ": " + names : info;
        }
        if (end - p < 4) {
            d.malformed(cip, "response shorter than its 4-byte header", p);
            return serviceName(code, -1);
        }
        int status = d.u8(p + 2);
        int extra = d.u8(p + 3);
        d.hex(cip, "cip.genstat", "General Status", p + 2, 1, status, 2);
        d.uint(cip, "cip.addstat_size", "Additional Status Size", p + 3, 1, extra);
        for (int i = 0; i < extra && p + 6 + 2 * i <= end; i++) {
            d.hex(cip, "cip.addstat", "Additional Status", p + 4 + 2 * i, 2, Le.u16(d, p + 4 + 2 * i), 4);
        }
        int classId = -1;
        if (paired != null) {
            classId = paired.classId();
            for (Segment s : paired.path()) {
                generatedSegment(d, cip, s);
            }
        }
        int data = p + 4 + 2 * extra;
        String prefix = statusName(status) + ": ";
        if (code == 0x0A) {
            String names = embedded(d, cip, data, end, paired, new ArrayList<>());
            return top ? prefix + serviceName(code, classId) + ": " + names
                    : prefix + (classId >= 0 ? className(classId) + " - " : "") + serviceName(code, classId);
        }
        return prefix + (classId >= 0 ? className(classId) + " - " : "") + serviceName(code, classId);
    }

    /**
     * The services of a Multiple Service Packet: a count, offsets from the count, then the
     * messages. Returns their names joined for the Info column.
     */
    private static String embedded(Dissection d, Field cip, int p, int end, Request paired, List<Request> out) {
        if (end - p < 2) {
            return "";
        }
        int count = Le.u16(d, p);
        d.uint(cip, "cip.msp.num_services", "Number of Services", p, 2, count);
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < count && i < 1024; i++) {
            int off = p + 2 + 2 * i;
            if (off + 2 > end) {
                break;
            }
            int at = p + Le.u16(d, off);
            int next = i + 1 < count && off + 4 <= end ? p + Le.u16(d, off + 2) : end;
            if (at < p || at + 1 > end || next > end || next < at) {
                d.malformed(cip, "Multiple Service Packet offset outside the message", off);
                break;
            }
            Request pairedEmbedded = paired != null && i < paired.embedded().size() ? paired.embedded().get(i) : null;
            Field sub = d.text(cip, "", "Service Packet #" + (i + 1), at, next - at);
            Request[] parsed = new Request[1];
            message(d, sub, at, next, pairedEmbedded, parsed, false);
            if (parsed[0] != null) {
                out.add(parsed[0]);
            }
            names.append(names.length() > 0 ? ", " : "").append(serviceName(d.u8(at) & 0x7F, -1));
        }
        return names.toString();
    }

    /** The request path (logical segments only; Vol. 1 C-1.4.2). */
    private static List<Segment> path(Dissection d, Field cip, int p, int end) {
        List<Segment> segments = new ArrayList<>(3);
        int q = p;
        while (q < end) {
            int seg = d.u8(q);
            if (seg >>> 5 != 1) {
                break;
            }
            int logical = (seg >>> 2) & 7;
            int format = seg & 3;
            int size = format == 0 ? 1 : format == 1 ? 2 : 4;
            int v = q + (format == 0 ? 1 : 2);
            if (v + size > end) {
                break;
            }
            long value = size == 1 ? d.u8(v) : size == 2 ? Le.u16(d, v) : Le.u32(d, v);
            Segment s = new Segment(logical, size, value);
            segments.add(s);
            segmentField(d, cip, s, v);
            q = v + size;
        }
        return segments;
    }

    private static void segmentField(Dissection d, Field cip, Segment s, int v) {
        String name = segmentName(s.type());
        if (name == null) {
            return;
        }
        if (s.type() == 4) {
            d.uint(cip, name, "Attribute", v, s.size(), s.value());
        } else {
            d.hex(cip, name, segmentTitle(s.type()), v, s.size(), s.value(), s.size() * 2);
        }
    }

    /** A path segment shown in a response, taken from its request (Wireshark's generated request path). */
    private static void generatedSegment(Dissection d, Field cip, Segment s) {
        String name = segmentName(s.type());
        if (name == null) {
            return;
        }
        String text = s.type() == 4 ? Long.toString(s.value())
                : "0x" + String.format("%0" + (s.size() * 2) + "x", s.value());
        d.generated(cip, name, segmentTitle(s.type()), s.value(), text);
    }

    private static String segmentName(int type) {
        return switch (type) {
            case 0 -> "cip.class";
            case 1 -> "cip.instance";
            case 2 -> "cip.member";
            case 3 -> "cip.connpoint";
            case 4 -> "cip.attribute";
            default -> null;
        };
    }

    private static String segmentTitle(int type) {
        return switch (type) {
            case 0 -> "Class";
            case 1 -> "Instance";
            case 2 -> "Member";
            case 3 -> "Connection Point";
            default -> "Attribute";
        };
    }

    static String serviceName(int code, int classId) {
        if (classId == 0x06) {
            String cm = switch (code) {
                case 0x4E -> "Forward Close";
                case 0x52 -> "Unconnected Send";
                case 0x54 -> "Forward Open";
                case 0x5B -> "Large Forward Open";
                case 0x56 -> "Get Connection Data";
                case 0x57 -> "Search Connection Data";
                case 0x5A -> "Get Connection Owner";
                default -> null;
            };
            if (cm != null) {
                return cm;
            }
        }
        return switch (code) {
            case 0x01 -> "Get Attributes All";
            case 0x02 -> "Set Attributes All";
            case 0x03 -> "Get Attribute List";
            case 0x04 -> "Set Attribute List";
            case 0x05 -> "Reset";
            case 0x06 -> "Start";
            case 0x07 -> "Stop";
            case 0x08 -> "Create";
            case 0x09 -> "Delete";
            case 0x0A -> "Multiple Service Packet";
            case 0x0D -> "Apply Attributes";
            case 0x0E -> "Get Attribute Single";
            case 0x10 -> "Set Attribute Single";
            case 0x11 -> "Find Next Object Instance";
            case 0x14 -> "Error Response";
            case 0x15 -> "Restore";
            case 0x16 -> "Save";
            case 0x17 -> "No Operation";
            case 0x18 -> "Get Member";
            case 0x19 -> "Set Member";
            case 0x1A -> "Insert Member";
            case 0x1B -> "Remove Member";
            case 0x1C -> "Group Sync";
            default -> String.format("Service (0x%02x)", code);
        };
    }

    static String className(int classId) {
        return switch (classId) {
            case 0x01 -> "Identity";
            case 0x02 -> "Message Router";
            case 0x03 -> "DeviceNet";
            case 0x04 -> "Assembly";
            case 0x05 -> "Connection";
            case 0x06 -> "Connection Manager";
            case 0x07 -> "Register";
            case 0x0F -> "Parameter";
            case 0x37 -> "File";
            case 0x48 -> "QoS";
            case 0x67 -> "PCCC Class";
            case 0xF4 -> "Port";
            case 0xF5 -> "TCP/IP Interface";
            case 0xF6 -> "Ethernet Link";
            case -1 -> "Unknown";
            default -> String.format("Class (0x%02x)", classId);
        };
    }

    static String statusName(int status) {
        return switch (status) {
            case 0x00 -> "Success";
            case 0x01 -> "Connection failure";
            case 0x02 -> "Resource unavailable";
            case 0x03 -> "Invalid Parameter value";
            case 0x04 -> "Path segment error";
            case 0x05 -> "Path destination unknown";
            case 0x06 -> "Partial transfer";
            case 0x07 -> "Connection lost";
            case 0x08 -> "Service not supported";
            case 0x09 -> "Invalid attribute value";
            case 0x0A -> "Attribute list error";
            case 0x0B -> "Already in requested mode/state";
            case 0x0C -> "Object state conflict";
            case 0x0D -> "Object already exists";
            case 0x0E -> "Attribute not settable";
            case 0x0F -> "Privilege violation";
            case 0x10 -> "Device state conflict";
            case 0x11 -> "Reply data too large";
            case 0x13 -> "Not enough data";
            case 0x14 -> "Attribute not supported";
            case 0x15 -> "Too much data";
            case 0x16 -> "Object does not exist";
            case 0x1E -> "Embedded service error";
            case 0x1F -> "Vendor specific error";
            case 0x20 -> "Invalid parameter";
            case 0x26 -> "Invalid Path Size";
            default -> String.format("Unknown (0x%02x)", status);
        };
    }
}
