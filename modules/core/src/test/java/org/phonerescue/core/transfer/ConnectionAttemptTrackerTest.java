package org.phonerescue.core.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.testing.Frames;

/**
 * A flood of connection attempts that are never answered (a scan, or a capture of one): the
 * tracker follows a bounded number at once, judges the least recently active as at the end, and
 * keeps a bounded number of failures, counting what it leaves out.
 */
class ConnectionAttemptTrackerTest {

    private static final byte[] CLIENT_MAC = Frames.mac("00:0e:08:de:ad:01");
    private static final byte[] SERVER_MAC = Frames.mac("00:1b:21:aa:bb:cc");
    private static final byte[] SERVER = Frames.ip("192.168.1.10");

    @Test
    void unansweredAttemptsAreFollowedAndKeptABoundedNumberAtATime() {
        int attempts = ConnectionAttemptTracker.MAX_FAILED + 5000;
        ConnectionAttemptTracker tracker = new ConnectionAttemptTracker();
        PacketDecoder decoder = new PacketDecoder(ConnectionAttemptTracker.FIELDS);
        long frame = 0;
        for (int i = 0; i < attempts; i++) {
            byte[] client = {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
            byte[] syn = Frames.tcpSegment(40000, 80, 1000, 0, 0x02, new byte[0]);
            for (int repeat = 0; repeat < 2; repeat++) { // the SYN and its repeat, nothing back
                byte[] f = Frames.ipv4(CLIENT_MAC, SERVER_MAC, client, SERVER, 6, 0, false, 1, syn);
                tracker.accept(new PacketView(decoder.decode(Frames.packet(++frame, f))));
            }
        }
        assertEquals(ConnectionAttemptTracker.MAX_OPEN, tracker.mostOpen());
        assertEquals(attempts - ConnectionAttemptTracker.MAX_OPEN, tracker.closedOutAttempts());
        List<FailedConnection> failed = tracker.finish();
        assertEquals(ConnectionAttemptTracker.MAX_FAILED, failed.size());
        assertEquals(attempts - ConnectionAttemptTracker.MAX_FAILED, tracker.droppedFailures());
        FailedConnection first = failed.get(0);
        assertEquals(FailedConnection.Failure.NO_ANSWER, first.failure());
        assertEquals(List.of(1L, 2L), first.synFrames());
        assertEquals("10.0.0.0:40000", first.client().toString());
    }
}
