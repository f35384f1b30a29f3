package org.phonerescue.servers.preflight;

/**
 * One result of the pre-flight check.
 *
 * @param severity how bad
 * @param check    what was checked ("ports", "interface", "dhcp", "firewall", "file")
 * @param text     what was found
 * @param fix      what to do about it; null when nothing is to be done
 */
public record Finding(Severity severity, String check, String text, String fix) {

    public enum Severity {
        /** Fine. */
        OK,
        /** Will not work this way. */
        PROBLEM,
        /** May not work, or works only with the right option. */
        WARNING,
        /** Could not be checked (no rights, tool missing). */
        UNKNOWN
    }

    public static Finding ok(String check, String text) {
        return new Finding(Severity.OK, check, text, null);
    }

    public static Finding problem(String check, String text, String fix) {
        return new Finding(Severity.PROBLEM, check, text, fix);
    }

    public static Finding warning(String check, String text, String fix) {
        return new Finding(Severity.WARNING, check, text, fix);
    }

    public static Finding unknown(String check, String text, String fix) {
        return new Finding(Severity.UNKNOWN, check, text, fix);
    }
}
