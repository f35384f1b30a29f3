package org.phonerescue.core.diagnosis;

import java.util.List;

/**
 * One thing a rule found, with the frames that prove it.
 *
 * @param rule        the rule's stable id, e.g. "tftp-file-not-found"
 * @param severity    how bad it is
 * @param title       the rule's title
 * @param explanation what happened, in plain language, naming files, addresses and frames
 * @param remedy      what to do about it
 * @param evidence    frame numbers as Wireshark counts them (from 1), ascending
 * @param device      the key of the device it concerns (see {@code Device.key()}), or null
 * @param likelihood  0–100: how likely this is the root cause; a verdict lists the highest first
 * @param transfer    the request frame of the transfer it concerns, or -1
 */
public record Finding(String rule, Severity severity, String title, String explanation, String remedy,
                      List<Long> evidence, String device, int likelihood, long transfer) {
}
