package org.phonerescue.core.diagnosis;

import java.util.Locale;

/** How bad a finding is. */
public enum Severity {
    /** Good news or background: the phone recovered. */
    INFO,
    /** Slowed or endangered the recovery, or will bite later. */
    WARNING,
    /** Stops the recovery. */
    ERROR;

    /** "info", "warning", "error". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
