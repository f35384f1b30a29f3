package org.phonerescue.core.protocol.tftp;

/** TFTP opcodes: RFC 1350 §5 (1–5) and RFC 2347 §2 (6, OACK). */
public enum TftpOpcode {
    RRQ(1, "Read Request"),
    WRQ(2, "Write Request"),
    DATA(3, "Data Packet"),
    ACK(4, "Acknowledgement"),
    ERROR(5, "Error Code"),
    OACK(6, "Option Acknowledgement");

    private final int code;
    private final String displayName;

    TftpOpcode(int code, String displayName) {
        this.code = code;
        this.displayName = displayName;
    }

    public int code() {
        return code;
    }

    /** The name Wireshark gives the opcode (tftp.opcode's value string). */
    public String displayName() {
        return displayName;
    }

    /** The opcode for {@code code}, or null when it is not one. */
    public static TftpOpcode of(int code) {
        return code >= 1 && code <= 6 ? BY_CODE[code - 1] : null;
    }

    /** values() copies the array on every call; this is asked once per TFTP datagram. */
    private static final TftpOpcode[] BY_CODE = values();
}
