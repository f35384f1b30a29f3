package org.phonerescue.core.protocol.tftp;

/**
 * A TFTP option (RFC 2347): name and value as sent. The names this product knows: blksize
 * (RFC 2348), timeout and tsize (RFC 2349), windowsize (RFC 7440).
 */
public record TftpOption(String name, String value) {

    public static final String BLKSIZE = "blksize";
    public static final String TIMEOUT = "timeout";
    public static final String TSIZE = "tsize";
    public static final String WINDOWSIZE = "windowsize";

    /** Valid timeout values in seconds, RFC 2349 §2. */
    public static final int MIN_TIMEOUT = 1;
    public static final int MAX_TIMEOUT = 255;
    /** Valid windowsize values in blocks, RFC 7440 §3. */
    public static final int MIN_WINDOWSIZE = 1;
    public static final int MAX_WINDOWSIZE = 65535;
}
