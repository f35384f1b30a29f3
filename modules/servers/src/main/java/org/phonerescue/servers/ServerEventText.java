package org.phonerescue.servers;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.phonerescue.servers.event.LeaseEvent;
import org.phonerescue.servers.event.RefusalReason;
import org.phonerescue.servers.event.RequestRefused;
import org.phonerescue.servers.event.ServerEvent;
import org.phonerescue.servers.event.TransferCompleted;
import org.phonerescue.servers.event.TransferFailed;
import org.phonerescue.servers.event.TransferProgress;
import org.phonerescue.servers.event.TransferRequested;

/** One log line per server event, for the console and the log file. */
public final class ServerEventText {

    private ServerEventText() {
    }

    public static String line(ServerEvent event) {
        String who = event.protocol().name().toLowerCase(Locale.ROOT) + " " + address(event.client());
        if (event instanceof TransferRequested r) {
            return who + " " + (r.direction() == org.phonerescue.servers.event.TransferDirection.READ ? "read " : "write ")
                    + quote(r.requestedName())
                    + (r.requestedName().equals(r.servedName()) ? "" : " -> " + quote(r.servedName()))
                    + (r.size() >= 0 ? ", " + r.size() + " bytes" : "")
                    + options(r.options())
                    + " [#" + r.transferId() + "]";
        }
        if (event instanceof TransferProgress p) {
            return who + " [#" + p.transferId() + "] " + p.bytes() + (p.size() >= 0 ? " of " + p.size() : "")
                    + " bytes" + (p.size() > 0 ? String.format(Locale.ROOT, " (%.0f%%)", 100.0 * p.bytes() / p.size()) : "")
                    + (p.retransmissions() > 0 ? ", " + p.retransmissions() + " retransmissions" : "");
        }
        if (event instanceof TransferCompleted c) {
            double seconds = c.elapsed().toNanos() / 1e9;
            return who + " [#" + c.transferId() + "] done: " + quote(c.servedName()) + ", " + c.bytes() + " bytes in "
                    + String.format(Locale.ROOT, "%.3f s (%.1f MB/s)", seconds, seconds > 0 ? c.bytes() / seconds / 1e6 : 0.0)
                    + (c.retransmissions() > 0 ? ", " + c.retransmissions() + " retransmissions" : "");
        }
        if (event instanceof TransferFailed f) {
            return who + " [#" + f.transferId() + "] failed: " + quote(f.servedName()) + " after " + f.bytes()
                    + " bytes: " + f.reason();
        }
        if (event instanceof LeaseEvent l) {
            return who + " " + l.mac() + " " + l.kind().name().toLowerCase(Locale.ROOT)
                    + (l.address() != null ? " " + l.address().getHostAddress() : "")
                    + (l.leaseSeconds() > 0 ? " for " + l.leaseSeconds() + " s" : "")
                    + (l.hostname() != null ? ", hostname " + quote(l.hostname()) : "")
                    + (l.vendorClass() != null ? ", vendor class " + quote(l.vendorClass()) : "")
                    + (l.detail() != null ? ": " + l.detail() : "");
        }
        RequestRefused r = (RequestRefused) event;
        String line = who + " refused " + (r.requestedName() != null ? quote(r.requestedName()) : "request") + ": "
                + r.detail();
        if (r.closestName() != null) {
            line += "; closest existing name: " + quote(r.closestName());
        } else if (r.reason() == RefusalReason.NOT_FOUND && r.detail().startsWith("file not found")) {
            line += "; nothing alike under the root";
        }
        return line;
    }

    private static String options(Map<String, String> options) {
        if (options.isEmpty()) {
            return "";
        }
        return options.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ", ", options ", ""));
    }

    private static String address(InetSocketAddress a) {
        return a == null ? "?" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** Quotes a name and shows control characters as escapes, so a hostile name cannot forge log lines. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length() && i < 300; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > 300) {
            sb.append("…(").append(s.length()).append(" characters)");
        }
        return sb.append('"').toString();
    }
}
