package org.phonerescue.core.decode.sip;

import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;

/**
 * The parts of a SIP URI (RFC 3261 §19.1.1: sip:user:password@host:port;uri-parameters?headers)
 * and of a name-addr "display-name &lt;URI&gt;;params" (§20.10, §25.1), as Wireshark lists them.
 */
final class SipUri {

    private SipUri() {
    }

    /** user, host and port of {@code uri} as {@code prefix.user}, {@code prefix.host}, {@code prefix.port}. */
    static void parts(Dissection d, Field parent, String prefix, String uri, int offset) {
        int colon = uri.indexOf(':');
        if (colon < 0) {
            return;
        }
        int start = colon + 1;
        int end = uri.length();
        for (int i = start; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == ';' || c == '?' || c == '>') {
                end = i;
                break;
            }
        }
        String rest = uri.substring(start, end);
        int at = rest.lastIndexOf('@');
        String hostPort = rest;
        if (at >= 0) {
            String user = rest.substring(0, at);
            int pw = user.indexOf(':');
            if (pw >= 0) {
                user = user.substring(0, pw);
            }
            d.string(parent, prefix + ".user", "User Part", offset + start, user.length(), user);
            hostPort = rest.substring(at + 1);
        }
        int hostStart = offset + start + (at >= 0 ? at + 1 : 0);
        String host = hostPort;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close > 0) {
                host = hostPort.substring(0, close + 1);
                if (close + 1 < hostPort.length() && hostPort.charAt(close + 1) == ':') {
                    port = hostPort.substring(close + 2);
                }
            }
        } else {
            int pc = hostPort.lastIndexOf(':');
            if (pc >= 0) {
                host = hostPort.substring(0, pc);
                port = hostPort.substring(pc + 1);
            }
        }
        d.string(parent, prefix + ".host", "Host Part", hostStart, host.length(), host);
        if (port != null) {
            d.string(parent, prefix + ".port", "Host Port", hostStart + host.length() + 1, port.length(), port);
        }
    }

    /** A name-addr or addr-spec: {display name (with its trailing space) or null, URI, parameters or ""}. */
    static String[] nameAddr(String value) {
        String v = value.trim();
        int lt = v.indexOf('<');
        if (lt >= 0) {
            int gt = v.indexOf('>', lt);
            if (gt < 0) {
                gt = v.length();
            }
            String display = lt > 0 ? v.substring(0, lt) : null;
            if (display != null && display.startsWith("\"")) {
                // a quoted-string display name (RFC 3261 §25.1) ends at its closing quote
                int close = display.indexOf('"', 1);
                while (close > 0 && display.charAt(close - 1) == '\\') {
                    close = display.indexOf('"', close + 1);
                }
                if (close > 0) {
                    display = display.substring(0, close + 1);
                }
            }
            String uri = v.substring(lt + 1, gt);
            String params = gt + 1 < v.length() ? v.substring(gt + 1) : "";
            return new String[] {display, uri, params};
        }
        int semi = v.indexOf(';');
        return semi < 0 ? new String[] {null, v, ""} : new String[] {null, v.substring(0, semi), v.substring(semi)};
    }

    /** The value of parameter {@code name} in ";a=b;c=d", "" for a parameter without value, or null. */
    static String parameter(String params, String name) {
        for (String part : params.split(";")) {
            String t = part.trim();
            int eq = t.indexOf('=');
            String key = eq < 0 ? t : t.substring(0, eq).trim();
            if (key.equalsIgnoreCase(name)) {
                return eq < 0 ? "" : t.substring(eq + 1).trim();
            }
        }
        return null;
    }
}
