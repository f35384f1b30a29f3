package org.phonerescue.core.diagnosis.rules;

/** Something a phone did at a frame that tells which software it runs. */
record Sign(long frame, String what) {
}
