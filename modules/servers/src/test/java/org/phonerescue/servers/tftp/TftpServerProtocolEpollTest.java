package org.phonerescue.servers.tftp;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.BeforeEach;
import org.phonerescue.servers.testing.RequiredTools;

/** The packet-level behaviour on Linux's native epoll transport (skipped where it does not load; fails in CI). */
class TftpServerProtocolEpollTest extends TftpServerProtocol {

    @Override
    TftpTransport transport() {
        return TftpTransport.EPOLL;
    }

    @BeforeEach
    void requireEpoll() {
        if (!Epoll.isAvailable()) {
            RequiredTools.missing("Netty's native epoll transport does not load here: " + Epoll.unavailabilityCause());
        }
    }
}
