package org.phonerescue.core.firmware;

import java.util.List;

/**
 * What {@link SpaImageCheck} found in one image.
 *
 * @param image         the parsed header and module table
 * @param loaderVersion the loader version the image was checked against, or null
 * @param findings      every check in order: magic, header, lengths, digests, modules, version, loader, sectors
 * @param flashed       sector ids the loader would write, in module order, without repeats
 * @param kept          sector ids the image carries that the loader leaves alone (boot loader, recovery code)
 */
public record SpaImageReport(SpaImage image, String loaderVersion, List<CheckFinding> findings,
                             List<Integer> flashed, List<Integer> kept) {

    public SpaImageReport {
        findings = List.copyOf(findings);
        flashed = List.copyOf(flashed);
        kept = List.copyOf(kept);
    }

    /** Whether the image is an SPA image at all. */
    public boolean spaImage() {
        return image.magic();
    }

    /** Whether the container itself is damaged (anything but the loader comparison is a problem). */
    public boolean broken() {
        return findings.stream().anyMatch(f -> f.problem() && !f.subject().equals(SpaImageCheck.LOADER));
    }

    /** Whether the image's version does not suit the loader (the 7.5.2b rule, field notes §1). */
    public boolean loaderMismatch() {
        return findings.stream().anyMatch(f -> f.problem() && f.subject().equals(SpaImageCheck.LOADER));
    }

    /**
     * Whether the image was checked against a loader version and is on its side of the rule: false
     * without a loader, and when the loader's or the image's version has no number to compare.
     */
    public boolean loaderFits() {
        return findings.stream().anyMatch(f -> f.severity() == CheckFinding.Severity.OK
                && f.subject().equals(SpaImageCheck.LOADER));
    }

    /** The problems only. */
    public List<CheckFinding> problems() {
        return findings.stream().filter(CheckFinding::problem).toList();
    }
}
