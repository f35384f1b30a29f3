package org.phonerescue.core.decode.tcp;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connections that a control channel announced before they open: FTP's PASV/EPSV replies and
 * PORT/EPRT commands (RFC 959 §4.1.2, RFC 2428) name the address and port the data connection
 * will use. When a connection between those endpoints appears, it is bound to the announced
 * protocol and carries the announcement's data (which command, which file). The other side's
 * port is not known in advance and matches any port, as in Wireshark's conversation table.
 * At most {@link #MAX} announcements are remembered; the oldest go first.
 */
public final class Expectations {

    static final int MAX = 4096;

    private record Key(String address, int port, String otherAddress) {
    }

    private record Expected(StreamProtocol protocol, Object data) {
    }

    private final Map<Key, Expected> expected = new LinkedHashMap<>();

    /** Announces a connection to {@code address:port} from {@code otherAddress} (any port). */
    public void expect(String address, int port, String otherAddress, StreamProtocol protocol, Object data) {
        Key key = new Key(address, port, otherAddress);
        expected.remove(key);
        expected.put(key, new Expected(protocol, data));
        Iterator<Key> oldest = expected.keySet().iterator();
        while (expected.size() > MAX) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Binds a new connection that was announced; returns whether it was. */
    public boolean claim(TcpConversation c) {
        Expected e = expected.get(new Key(c.addressA(), c.portA(), c.addressB()));
        if (e == null) {
            e = expected.get(new Key(c.addressB(), c.portB(), c.addressA()));
        }
        if (e == null) {
            return false;
        }
        c.bind(e.protocol());
        c.state(e.protocol().name() + ".expected", e.data());
        return true;
    }

    public int size() {
        return expected.size();
    }
}
