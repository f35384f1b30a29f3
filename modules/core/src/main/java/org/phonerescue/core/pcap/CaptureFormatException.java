package org.phonerescue.core.pcap;

import java.io.IOException;

/** The file is not a capture this product can read (or is broken before its first packet). */
public class CaptureFormatException extends IOException {

    private final long fileOffset;

    public CaptureFormatException(String message, long fileOffset) {
        super(message);
        this.fileOffset = fileOffset;
    }

    /** Byte offset in the file where the problem was found. */
    public long fileOffset() {
        return fileOffset;
    }
}
