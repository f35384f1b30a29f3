package org.phonerescue.servers.tftp;

/** The real-client downloads on the JDK's NIO transport, the fallback where native epoll is not available. */
class TftpRealClientsNioTest extends TftpRealClients {

    @Override
    TftpTransport transport() {
        return TftpTransport.NIO;
    }
}
