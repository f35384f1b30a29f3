package org.phonerescue.core.transfer;

import java.util.Locale;

/** The protocol a file moved by. */
public enum TransferProtocol {
    /** RFC 1350 over UDP, the recovery loaders' protocol. */
    TFTP,
    /** HTTP/1.x over TCP (RFC 9110, RFC 9112): Snom and later SPA firmware fetch by HTTP. */
    HTTP,
    /** FTP over TCP (RFC 959): a control connection and a data connection per file. */
    FTP;

    /** "tftp", "http", "ftp". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
