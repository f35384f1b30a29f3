package org.phonerescue.servers.event;

/** Why a server refused a request. */
public enum RefusalReason {
    /** No such file under the root (after aliases and the lookup rules). */
    NOT_FOUND,
    /** The name leads outside the root, or to something that is not a regular file. */
    ACCESS_VIOLATION,
    /** An upload while writing is disabled, or to a name that may not be written. */
    WRITE_REFUSED,
    /** An upload to a name that already exists: uploads never replace a file. */
    FILE_EXISTS,
    /** The request could not be understood (malformed, unsupported mode, bad option). */
    MALFORMED,
    /** Too many transfers at once. */
    BUSY,
    /** An HTTP range outside the file. */
    RANGE_NOT_SATISFIABLE,
    /** Reading the file failed. */
    IO_ERROR
}
