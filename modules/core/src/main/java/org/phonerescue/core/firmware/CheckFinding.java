package org.phonerescue.core.firmware;

import java.util.Locale;

/**
 * One result of a firmware or file check: what was looked at, what was found and, for a problem,
 * what to do about it.
 *
 * @param severity how bad
 * @param subject  what was checked, e.g. "digest", "module 3", "term61.default.loads"
 * @param text     what was found
 * @param fix      what to do; null when nothing is to be done
 */
public record CheckFinding(Severity severity, String subject, String text, String fix) {

    public enum Severity {
        /** As it should be. */
        OK,
        /** Worth knowing, nothing to do (e.g. a file phones ask for and go on without). */
        INFO,
        /** May not work, or could not be told for sure (e.g. a field whose meaning is untested). */
        WARNING,
        /** Will not work this way. */
        PROBLEM;

        /** "ok", "info", "warning", "problem". */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static CheckFinding ok(String subject, String text) {
        return new CheckFinding(Severity.OK, subject, text, null);
    }

    public static CheckFinding info(String subject, String text) {
        return new CheckFinding(Severity.INFO, subject, text, null);
    }

    public static CheckFinding warning(String subject, String text, String fix) {
        return new CheckFinding(Severity.WARNING, subject, text, fix);
    }

    public static CheckFinding problem(String subject, String text, String fix) {
        return new CheckFinding(Severity.PROBLEM, subject, text, fix);
    }

    public boolean problem() {
        return severity == Severity.PROBLEM;
    }
}
