package org.phonerescue.servers.tftp;

import io.netty.channel.epoll.Epoll;
import org.phonerescue.servers.testing.RequiredTools;

/**
 * The real-client downloads on Linux's native epoll transport, the one {@link TftpTransport#AUTO}
 * picks on Linux x86-64. Where the native library cannot load the class is skipped, in CI it fails.
 */
class TftpRealClientsEpollTest extends TftpRealClients {

    @Override
    TftpTransport transport() {
        return TftpTransport.EPOLL;
    }

    @Override
    void requireTransport() {
        if (!Epoll.isAvailable()) {
            RequiredTools.missing("Netty's native epoll transport does not load here: " + Epoll.unavailabilityCause());
        }
    }
}
