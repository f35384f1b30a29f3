package org.phonerescue.servers.tftp;

/**
 * Which network transport the TFTP server's sockets use. Both carry the same protocol code; they
 * differ in how datagrams reach the kernel.
 */
public enum TftpTransport {

    /** {@link #EPOLL} when Netty's native library loads on this machine, else {@link #NIO}. */
    AUTO,

    /**
     * Linux's epoll through Netty's native transport: fewer system calls and less work per datagram
     * than NIO, and the DATA blocks of a window leave in one {@code sendmmsg}. Starting fails when
     * the native library is not available (another OS or CPU, a {@code noexec} temporary folder).
     */
    EPOLL,

    /** The JDK's NIO selector: every platform Java runs on. */
    NIO
}
