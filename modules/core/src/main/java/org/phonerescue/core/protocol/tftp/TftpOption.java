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
}
