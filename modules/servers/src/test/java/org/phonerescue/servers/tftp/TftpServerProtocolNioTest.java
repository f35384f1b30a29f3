package org.phonerescue.servers.tftp;

/** The packet-level behaviour on the JDK's NIO transport, the fallback where native epoll is not available. */
class TftpServerProtocolNioTest extends TftpServerProtocol {

    @Override
    TftpTransport transport() {
        return TftpTransport.NIO;
    }
}
