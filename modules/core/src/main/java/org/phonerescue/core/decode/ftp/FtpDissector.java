package org.phonerescue.core.decode.ftp;

import java.util.Locale;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.tcp.StreamContext;
import org.phonerescue.core.decode.tcp.StreamProtocol;
import org.phonerescue.core.decode.text.TextLines;

/**
 * FTP (RFC 959) control connection with Wireshark's field names: commands (§4.1) and replies
 * (§4.2, multi-line replies "123-" … "123 "), and the data connections they announce: a 227
 * reply to PASV "(h1,h2,h3,h4,p1,p2)" and the PORT command (§4.1.2), a 229 reply to EPSV
 * "(|||port|)" and EPRT "|af|addr|port|" (RFC 2428). The announced connection is decoded as
 * FTP-DATA and tied to the setup and to the next command on the control connection (the
 * RETR/STOR/LIST that uses it), as Wireshark ties them.
 */
public final class FtpDissector {

    /** The control connection (port 21). */
    public static final StreamProtocol CONTROL = new StreamProtocol() {
        @Override
        public String name() {
            return "ftp";
        }

        @Override
        public int dissect(Dissection d, int p, int end, StreamContext ctx) {
            return control(d, p, end, ctx);
        }
    };

    /** A data connection (port 20, or one announced on a control connection). */
    public static final StreamProtocol DATA = new StreamProtocol() {
        @Override
        public String name() {
            return "ftp-data";
        }

        @Override
        public int dissect(Dissection d, int p, int end, StreamContext ctx) {
            return data(d, p, end, ctx);
        }
    };

    private static final String STATE = "ftp";

    /** A data connection announced on the control connection, and what it is for. */
    static final class DataConnection {
        final long setupFrame;
        final String method;
        String command;
        long commandFrame;
        final String cwd;

        DataConnection(long setupFrame, String method, String cwd) {
            this.setupFrame = setupFrame;
            this.method = method;
            this.cwd = cwd;
        }
    }

    /** The control connection's state: the working directory, the data connection awaiting its command. */
    static final class Control {
        String cwd;
        String lastCommand;
        String lastArg;
        DataConnection awaitingCommand;
    }

    private FtpDissector() {
    }

    private static int control(Dissection d, int p, int end, StreamContext ctx) {
        Control state = ctx.conversation().state(STATE);
        if (state == null) {
            state = new Control();
            ctx.conversation().state(STATE, state);
        }
        byte[] b = d.bytes();
        // RFC 959: commands go to the server's port; the server's side sends replies
        boolean request = !ctx.fromServer();
        d.column("FTP", "");
        Field ftp = d.layer("ftp", "File Transfer Protocol (FTP)", p, end - p);
        int eol = TextLines.lineEnd(b, p, end);
        int lineEnd = eol < 0 ? end : eol;
        String line = TextLines.string(b, p, lineEnd);
        int next = eol < 0 ? end : TextLines.nextLine(b, eol, end);
        Field first = d.text(ftp, "", TextLines.escaped(TextLines.string(b, p, next)), p, next - p);
        if (request) {
            d.bool(ftp, "ftp.response", "Response", p, 0, false);
            d.bool(ftp, "ftp.request", "Request", p, 0, true);
            d.info("Request: " + TextLines.escaped(line));
            int sp = line.indexOf(' ');
            String command = sp < 0 ? line : line.substring(0, sp);
            String arg = sp < 0 ? null : line.substring(sp + 1);
            d.string(first, "ftp.request.command", "Request command", p, command.length(), command);
            if (arg != null) {
                d.string(first, "ftp.request.arg", "Request arg", p + sp + 1, arg.length(), arg);
            }
            if (!d.isQuoted()) {
                request(d, ctx, first, p + Math.max(0, sp + 1), command.toUpperCase(Locale.ROOT), arg, state);
            }
        } else {
            d.bool(ftp, "ftp.response", "Response", p, 0, true);
            d.bool(ftp, "ftp.request", "Request", p, 0, false);
            d.info("Response: " + TextLines.escaped(line));
            int code = -1;
            if (line.length() >= 3 && Character.isDigit(line.charAt(0)) && Character.isDigit(line.charAt(1))
                    && Character.isDigit(line.charAt(2))) {
                code = Integer.parseInt(line.substring(0, 3));
                d.uint(first, "ftp.response.code", "Response code", p, 3, code);
                if (line.length() > 4) {
                    d.string(first, "ftp.response.arg", "Response arg", p + 4, line.length() - 4, line.substring(4));
                }
            }
            if (!d.isQuoted()) {
                response(d, ctx, first, p, code, line, state);
            }
        }
        if (state.cwd != null) {
            d.generated(ftp, "ftp.current-working-directory", "Current working directory", state.cwd, state.cwd);
        }
        // the other lines of a multi-line reply, or further commands, as text
        int q = next;
        while (q < end) {
            int e = TextLines.lineEnd(b, q, end);
            int n = e < 0 ? end : TextLines.nextLine(b, e, end);
            d.text(ftp, "", TextLines.escaped(TextLines.string(b, q, n)), q, n - q);
            q = n;
        }
        return end - p;
    }

    private static void request(Dissection d, StreamContext ctx, Field first, int argOffset, String command, String arg,
                                Control state) {
        String client = ctx.conversation().source(ctx.forward());
        String server = ctx.conversation().destination(ctx.forward());
        switch (command) {
            case "PORT" -> {
                int[] hp = hostPort(arg);
                if (hp != null) {
                    String ip = hp[0] + "." + hp[1] + "." + hp[2] + "." + hp[3];
                    int port = hp[4] * 256 + hp[5];
                    d.string(first, "ftp.active.cip", "Active IP address", argOffset, arg.length(), ip);
                    d.uint(first, "ftp.active.port", "Active port", argOffset, arg.length(), port);
                    if (!ip.equals(client)) {
                        d.bool(first, "ftp.active.nat", "Active IP NAT", argOffset, arg.length(), true);
                    }
                    announce(d, ctx, ip, port, server, "PORT", state);
                }
            }
            case "EPRT" -> {
                String[] parts = extended(arg);
                if (parts != null && parts.length >= 4) {
                    try {
                        int af = Integer.parseInt(parts[1]);
                        int port = Integer.parseInt(parts[3]);
                        d.uint(first, "ftp.eprt.af", "Extended active address family", argOffset, arg.length(), af);
                        d.string(first, af == 2 ? "ftp.eprt.ipv6" : "ftp.eprt.ip", "Extended active IP address",
                                argOffset, arg.length(), parts[2]);
                        d.uint(first, "ftp.eprt.port", "Extended active port", argOffset, arg.length(), port);
                        announce(d, ctx, parts[2], port, server, "EPRT", state);
                    } catch (NumberFormatException e) {
                        d.expert(first, Field.Severity.WARN, "EPRT arguments are not valid", argOffset, arg.length());
                    }
                }
            }
            case "PASV", "EPSV" -> {
            }
            default -> {
                if (state.awaitingCommand != null) {
                    state.awaitingCommand.command = arg != null ? command + " " + arg : command;
                    state.awaitingCommand.commandFrame = d.packet().number();
                    state.awaitingCommand = null;
                }
            }
        }
        state.lastCommand = command;
        state.lastArg = arg;
    }

    private static void response(Dissection d, StreamContext ctx, Field first, int p, int code, String line,
                                 Control state) {
        String server = ctx.conversation().source(ctx.forward());
        String client = ctx.conversation().destination(ctx.forward());
        int open = line.indexOf('(');
        switch (code) {
            case 227 -> {
                // "227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)" (RFC 959 §4.1.2; the parentheses are customary)
                int[] hp = hostPort(open >= 0 ? line.substring(open + 1) : line.substring(4));
                if (hp != null) {
                    String ip = hp[0] + "." + hp[1] + "." + hp[2] + "." + hp[3];
                    int port = hp[4] * 256 + hp[5];
                    d.string(first, "ftp.passive.ip", "Passive IP address", p, line.length(), ip);
                    d.uint(first, "ftp.passive.port", "Passive port", p, line.length(), port);
                    if (!ip.equals(server)) {
                        d.bool(first, "ftp.passive.nat", "Passive IP NAT", p, line.length(), true);
                    }
                    announce(d, ctx, ip, port, client, "PASV", state);
                }
            }
            case 229 -> {
                // "229 Entering Extended Passive Mode (|||port|)" (RFC 2428 §3)
                String[] parts = extended(open >= 0 ? line.substring(open + 1, Math.max(open + 1,
                        line.indexOf(')', open) < 0 ? line.length() : line.indexOf(')', open))) : null);
                if (parts != null && parts.length >= 4) {
                    try {
                        int port = Integer.parseInt(parts[3]);
                        String ip = parts[2].isEmpty() ? server : parts[2];
                        d.uint(first, "ftp.epsv.port", "Extended passive port", p, line.length(), port);
                        d.string(first, ip.contains(":") ? "ftp.epsv.ipv6" : "ftp.epsv.ip", "Extended passive IP address",
                                p, line.length(), ip);
                        announce(d, ctx, ip, port, client, "EPASV", state);
                    } catch (NumberFormatException e) {
                        d.expert(first, Field.Severity.WARN, "EPSV reply arguments are not valid", p, line.length());
                    }
                }
            }
            case 257 -> {
                // '257 "/path" is current directory' (RFC 959 §4.1.3, appendix II)
                int q1 = line.indexOf('"');
                int q2 = q1 < 0 ? -1 : line.indexOf('"', q1 + 1);
                if (q2 > q1 && "PWD".equals(state.lastCommand) || q2 > q1 && "XPWD".equals(state.lastCommand)) {
                    state.cwd = line.substring(q1 + 1, q2);
                }
            }
            case 250 -> {
                if (state.lastArg != null && ("CWD".equals(state.lastCommand) || "XCWD".equals(state.lastCommand))) {
                    String arg = state.lastArg;
                    state.cwd = arg.startsWith("/") || state.cwd == null ? arg
                            : (state.cwd.endsWith("/") ? state.cwd + arg : state.cwd + "/" + arg);
                } else if ("CDUP".equals(state.lastCommand) && state.cwd != null) {
                    int slash = state.cwd.lastIndexOf('/');
                    state.cwd = slash <= 0 ? "/" : state.cwd.substring(0, slash);
                }
            }
            default -> {
            }
        }
    }

    /** The data connection will be made to {@code ip:port} from {@code other} (any port). */
    private static void announce(Dissection d, StreamContext ctx, String ip, int port, String other, String method,
                                 Control state) {
        DataConnection dc = new DataConnection(d.packet().number(), method, state.cwd);
        state.awaitingCommand = dc;
        d.state().tcpStreams().expectations().expect(ip, port, other, DATA, dc);
    }

    /** h1,h2,h3,h4,p1,p2 (RFC 959 §4.1.2) anywhere in the text; null when absent. */
    static int[] hostPort(String text) {
        if (text == null) {
            return null;
        }
        int[] v = new int[6];
        int n = 0;
        int cur = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ')';
            if (c >= '0' && c <= '9') {
                cur = (cur < 0 ? 0 : cur * 10) + (c - '0');
                if (cur > 255) {
                    return null;
                }
            } else if (cur >= 0) {
                v[n++] = cur;
                cur = -1;
                if (n == 6) {
                    return v;
                }
                if (c != ',') {
                    n = 0;
                }
            } else if (n > 0) {
                n = 0;
            }
        }
        return null;
    }

    /** "|af|addr|port|" (RFC 2428 §2), with any delimiter: {"", af, addr, port}. */
    static String[] extended(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.length() < 4) {
            return null;
        }
        char delim = t.charAt(0);
        String[] parts = t.split(java.util.regex.Pattern.quote(String.valueOf(delim)), -1);
        return parts.length >= 5 ? parts : null;
    }

    private static int data(Dissection d, int p, int end, StreamContext ctx) {
        DataConnection dc = ctx.conversation().state("ftp-data.expected");
        int reported = end - p;
        d.column("FTP-DATA", "FTP Data: " + reported + " bytes"
                + (dc != null ? " (" + dc.method + ")" + (dc.command != null ? " (" + dc.command + ")" : "") : ""));
        byte[] b = d.bytes();
        boolean text = true;
        for (int i = p; i < Math.min(end, p + 10); i++) {
            int c = b[i] & 0xFF;
            if (c < 0x20 || c >= 0x7F) {
                text = false;
                break;
            }
        }
        Field f = d.layer("ftp-data", "FTP Data (" + (text ? TextLines.escaped(TextLines.string(b, p, Math.min(end, p + 240)))
                : reported + " bytes data") + ")", p, end - p);
        if (dc != null) {
            d.generated(f, "ftp-data.setup-frame", "Setup frame", dc.setupFrame, Long.toString(dc.setupFrame));
            d.generated(f, "ftp-data.setup-method", "Setup method", dc.method, dc.method);
            if (dc.command != null) {
                d.generated(f, "ftp-data.command", "Command", dc.command, dc.command);
                d.generated(f, "ftp-data.command-frame", "Command frame", dc.commandFrame, Long.toString(dc.commandFrame));
            }
            String cwd = dc.cwd != null ? dc.cwd : "";
            d.generated(f, "ftp-data.current-working-directory", "Current working directory", cwd, cwd);
        }
        if (text) {
            Field lines = d.layer("data-text-lines", "Line-based text data", p, end - p);
            int q = p;
            while (q < end) {
                int e = TextLines.lineEnd(b, q, end);
                int n = e < 0 ? end : TextLines.nextLine(b, e, end);
                d.text(lines, "", TextLines.escaped(TextLines.string(b, q, n)), q, n - q);
                q = n;
            }
        } else {
            Field data = d.layer("data", "Data (" + (end - p) + " bytes)", p, end - p);
            d.bytes(data, "data.data", "Data", p, end - p);
            d.generated(data, "data.len", "Length", (long) (end - p), Integer.toString(end - p));
        }
        return end - p;
    }
}
