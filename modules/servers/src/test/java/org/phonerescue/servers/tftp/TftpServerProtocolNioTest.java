package org.phonerescue.servers.tftp;

/**
 * The packet-level behaviour on the JDK's NIO transport, the fallback where native epoll is not
 * available, with lock-step downloads on the event loops too (the other classes give them threads).
 */
class TftpServerProtocolNioTest extends TftpServerProtocol {

    @Override
    TftpTransport transport() {
        return TftpTransport.NIO;
    }

    @Override
    boolean lockStepThreads() {
        return false;
    }
}
