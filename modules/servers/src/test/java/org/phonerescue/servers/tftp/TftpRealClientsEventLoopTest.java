package org.phonerescue.servers.tftp;

import io.netty.channel.epoll.Epoll;
import org.phonerescue.servers.testing.RequiredTools;

/**
 * The real-client downloads with every transfer, lock-step ones included, on the epoll event
 * loops instead of threads of their own.
 */
class TftpRealClientsEventLoopTest extends TftpRealClients {

    @Override
    TftpTransport transport() {
        return TftpTransport.EPOLL;
    }

    @Override
    boolean lockStepThreads() {
        return false;
    }

    @Override
    void requireTransport() {
        if (!Epoll.isAvailable()) {
            RequiredTools.missing("Netty's native epoll transport does not load here: " + Epoll.unavailabilityCause());
        }
    }
}
