package org.phonerescue.core.protocol.tftp;

/** TFTP error codes: RFC 1350 §5 (0–7) and RFC 2347 §2 (8, option negotiation refused). */
public enum TftpError {
    NOT_DEFINED(0, "Not defined"),
    FILE_NOT_FOUND(1, "File not found"),
    ACCESS_VIOLATION(2, "Access violation"),
    DISK_FULL(3, "Disk full or allocation exceeded"),
    ILLEGAL_OPERATION(4, "Illegal TFTP Operation"),
    UNKNOWN_TRANSFER_ID(5, "Unknown transfer ID"),
    FILE_EXISTS(6, "File already exists"),
    NO_SUCH_USER(7, "No such user"),
    OPTION_REFUSED(8, "Option negotiation failed");

    private final int code;
    private final String description;

    TftpError(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** The error for {@code code}, or null for codes no RFC defines. */
    public static TftpError of(int code) {
        return code >= 0 && code <= 8 ? values()[code] : null;
    }
}
