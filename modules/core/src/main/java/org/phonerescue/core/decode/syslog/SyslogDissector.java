package org.phonerescue.core.decode.syslog;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;
import org.phonerescue.core.decode.text.TextLines;

/**
 * Syslog over UDP 514: the PRI part "&lt;N&gt;" (RFC 5424 §6.2.1, RFC 3164 §4.1.1) split into
 * facility (N / 8) and severity (N mod 8), then either the RFC 5424 header (VERSION TIMESTAMP
 * HOSTNAME APP-NAME PROCID MSGID) or the RFC 3164 one (TIMESTAMP "Mmm dd hh:mm:ss" and HOSTNAME),
 * with the fields as tshark 4.0 fills them. Phones send their boot and provisioning logs this way.
 */
public final class SyslogDissector {

    private static final String[] FACILITIES = {"KERN", "USER", "MAIL", "DAEMON", "AUTH", "SYSLOG", "LPR", "NEWS",
        "UUCP", "CRON", "AUTHPRIV", "FTP", "NTP", "AUDIT", "ALERT", "CRON2", "LOCAL0", "LOCAL1", "LOCAL2", "LOCAL3",
        "LOCAL4", "LOCAL5", "LOCAL6", "LOCAL7"};
    private static final String[] LEVELS = {"EMERG", "ALERT", "CRIT", "ERR", "WARNING", "NOTICE", "INFO", "DEBUG"};
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private SyslogDissector() {
    }

    public static void dissect(Dissection d, int p, int end) {
        d.column("Syslog", "");
        byte[] b = d.bytes();
        Field syslog = d.layer("syslog", "Syslog message", p, end - p);
        int q = p;
        int pri = -1;
        if (q < end && b[q] == '<') {
            int r = q + 1;
            int v = 0;
            while (r < end && r - q <= 4 && Character.isDigit(b[r])) {
                v = v * 10 + (b[r] - '0');
                r++;
            }
            if (r < end && b[r] == '>' && r > q + 1) {
                pri = v;
                q = r + 1;
            }
        }
        if (pri >= 0 && q >= end) {
            d.malformed(syslog, "syslog message without text after its PRI", q);
            return;
        }
        String msg = TextLines.string(b, q, end);
        String shown = TextLines.escaped(msg);
        if (pri >= 0) {
            int facility = pri >> 3;
            int level = pri & 7;
            d.uint(syslog, "syslog.facility", "Facility", p, q - p, facility);
            d.uint(syslog, "syslog.level", "Level", p, q - p, level);
            d.info((facility < FACILITIES.length ? FACILITIES[facility] : "UNKNOWN") + "." + LEVELS[level] + ": " + shown);
        } else {
            d.info(shown);
        }
        d.string(syslog, "syslog.msg", "Message: " + shown, q, end - q, msg, shown);
        header(d, syslog, q, end, msg);
    }

    /** The header fields after PRI, as tshark 4.0 splits them. */
    private static void header(Dissection d, Field syslog, int q, int end, String msg) {
        if (msg.length() > 2 && Character.isDigit(msg.charAt(0)) && msg.charAt(1) == ' ') {
            // RFC 5424 §6: VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID …
            String[] w = msg.split(" ", 6);
            d.string(syslog, "syslog.version", "Syslog Version", q, 1, w[0]);
            int off = q + w[0].length() + 1;
            if (w.length > 1) {
                try {
                    OffsetDateTime t = OffsetDateTime.parse(w[1]).withOffsetSameInstant(ZoneOffset.UTC);
                    String text = String.format(Locale.ROOT, "%s %2d, %d %02d:%02d:%02d.%09d UTC",
                            MONTHS.substring((t.getMonthValue() - 1) * 3, t.getMonthValue() * 3), t.getDayOfMonth(),
                            t.getYear(), t.getHour(), t.getMinute(), t.getSecond(), t.getNano());
                    d.string(syslog, "syslog.timestamp", "Syslog timestamp", off, w[1].length(), text);
                } catch (DateTimeParseException e) {
                    d.expert(syslog, Field.Severity.WARN, "timestamp is not RFC 3339", off, w[1].length());
                }
                off += w[1].length() + 1;
            }
            String[] names = {"syslog.hostname", "syslog.appname", "syslog.procid", "syslog.msgid"};
            for (int i = 2; i < w.length && i - 2 < names.length; i++) {
                d.string(syslog, names[i - 2], names[i - 2], off, w[i].length(), w[i]);
                off += w[i].length() + 1;
            }
            // tshark 4.0 shows the structured data and the message as part of the MSGID
            return;
        }
        if (msg.length() >= 16 && MONTHS.contains(msg.substring(0, 3)) && msg.charAt(3) == ' ' && msg.charAt(6) == ' '
                && msg.charAt(9) == ':' && msg.charAt(12) == ':' && msg.charAt(15) == ' ') {
            // RFC 3164 §4.1.2: TIMESTAMP "Mmm dd hh:mm:ss" SP HOSTNAME SP MSG
            d.string(syslog, "syslog.timestamp_rfc3164", "Syslog timestamp (RFC3164)", q, 15, msg.substring(0, 15));
            int h = 16;
            int sp = msg.indexOf(' ', h);
            if (sp < 0) {
                return;
            }
            d.string(syslog, "syslog.hostname", "Syslog hostname", q + h, sp - h, msg.substring(h, sp));
            String rest = msg.substring(sp + 1);
            int cut = 0;
            while (cut < rest.length() && rest.charAt(cut) != ':' && rest.charAt(cut) != ' ' && rest.charAt(cut) != '[') {
                cut++;
            }
            if (cut > 0 && cut < rest.length()) {
                d.string(syslog, "syslog.procid", "Syslog process id", q + sp + 1, cut, rest.substring(0, cut));
                String tail = rest.substring(cut);
                d.string(syslog, "syslog.msgid", "Syslog message id", q + sp + 1 + cut, tail.length(), tail,
                        TextLines.escaped(tail));
            }
        }
    }
}
