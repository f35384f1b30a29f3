package org.phonerescue.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phonerescue.core.analysis.PacketView;
import org.phonerescue.core.decode.DecoderState;
import org.phonerescue.core.decode.PacketDecoder;
import org.phonerescue.core.device.OuiRegistry;
import org.phonerescue.core.pcap.CaptureReader;
import org.phonerescue.core.pcap.LinkType;
import org.phonerescue.core.pcap.PcapWriter;
import org.phonerescue.core.testing.Frames;
import org.phonerescue.core.transfer.ContentStore;
import org.phonerescue.core.transfer.TftpTransfer;
import org.phonerescue.core.transfer.TftpTransferTracker;
import org.phonerescue.core.transfer.TransferOutcome;
import org.phonerescue.core.transfer.TransferRecords;

/**
 * A capture of 300 000 TFTP read requests nobody answers, a phone's download among them, then
 * 110 000 requests the server refuses and a second download: the decoder remembers a bounded
 * number of TFTP conversations and the tracker follows a bounded number of transfers at once,
 * the analysis keeps the records its bounds allow (the first download, 10 000 unanswered
 * requests, the refusals up to 100 000 with the download) and counts the others by outcome in
 * its warnings.
 */
class TransferFloodTest {

    private static final int UNANSWERED = 300_000;
    private static final int REFUSED = 110_000;
    private static final byte[] CLIENT_MAC = Frames.mac("00:0e:08:de:ad:01");
    private static final byte[] SERVER_MAC = Frames.mac("00:1b:21:aa:bb:cc");
    private static final byte[] SERVER = Frames.ip("192.168.1.10");
    private static final byte[] PHONE = Frames.ip("192.168.1.60");

    @TempDir
    Path dir;

    private static byte[] rrq(String file) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0);
        b.write(1);
        b.writeBytes(file.getBytes(StandardCharsets.US_ASCII));
        b.write(0);
        b.writeBytes("octet".getBytes(StandardCharsets.US_ASCII));
        b.write(0);
        return b.toByteArray();
    }

    private static byte[] client(int i) {
        return new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
    }

    /** Frames 10 ms apart, so that a request is long silent when the tracker closes it out. */
    private static final class Writer implements AutoCloseable {
        final PcapWriter w;
        long n;

        Writer(Path file) throws Exception {
            w = PcapWriter.create(file, LinkType.ETHERNET);
        }

        void frame(byte[] frame) throws Exception {
            long t = n++;
            w.write(1_700_000_000L + t / 100, (int) (t % 100) * 10_000_000, frame.length, LinkType.ETHERNET, frame, 0,
                    frame.length, null);
        }

        void download(int port, String file) throws Exception {
            frame(Frames.udp(CLIENT_MAC, SERVER_MAC, PHONE, SERVER, port, 69, rrq(file)));
            byte[] data = new byte[4 + 100];
            data[1] = 3;
            data[3] = 1;
            frame(Frames.udp(SERVER_MAC, CLIENT_MAC, SERVER, PHONE, 50000 + port, port, data));
            frame(Frames.udp(CLIENT_MAC, SERVER_MAC, PHONE, SERVER, port, 50000 + port, new byte[] {0, 4, 0, 1}));
        }

        @Override
        public void close() throws Exception {
            w.close();
        }
    }

    @Test
    void aFloodOfRequestsKeepsBoundedRecordsAndCountsTheRest() throws Exception {
        Path file = dir.resolve("requests.pcap");
        byte[] notFound = "\0\5\0\1File not found\0".getBytes(StandardCharsets.US_ASCII);
        try (Writer w = new Writer(file)) {
            for (int i = 0; i < UNANSWERED; i++) {
                w.frame(Frames.udp(CLIENT_MAC, SERVER_MAC, client(i), SERVER, 1024 + i % 60000, 69, rrq("flood.bin")));
                if (i == 1000) {
                    w.download(2000, "spa941.bin");
                }
            }
            for (int i = 0; i < REFUSED; i++) {
                byte[] c = client(UNANSWERED + i);
                w.frame(Frames.udp(CLIENT_MAC, SERVER_MAC, c, SERVER, 3000, 69, rrq("missing.bin")));
                w.frame(Frames.udp(SERVER_MAC, CLIENT_MAC, SERVER, c, 40000, 3000, notFound));
            }
            w.download(2001, "spa942.bin");
        }
        CaptureAnalyzer analyzer = new CaptureAnalyzer(OuiRegistry.empty(), ContentStore.forChecks());
        PacketDecoder decoder = new PacketDecoder(CaptureAnalyzer.FIELDS);
        analyzer.decoder(decoder.state());
        try (CaptureReader r = CaptureReader.open(file)) {
            while (r.advance()) {
                analyzer.accept(new PacketView(decoder.decode(r.current())));
            }
        }
        assertTrue(analyzer.mostTftpTransfers() <= TftpTransferTracker.MAX_FOLLOWED + 1,
                analyzer.mostTftpTransfers() + " transfers followed at once");
        try (CaptureAnalysis a = analyzer.finish(List.of(), false)) {
            Runtime rt = Runtime.getRuntime();
            System.gc();
            System.out.printf("TFTP flood of %d requests: %d followed at most, %d kept, heap used %d MiB,"
                            + " %d UDP conversations in the decoder%n", UNANSWERED + REFUSED + 2,
                    analyzer.mostTftpTransfers(), a.transfers().size(), (rt.totalMemory() - rt.freeMemory()) >> 20,
                    decoder.state().conversations());
            assertEquals(UNANSWERED + 2L * REFUSED + 6, a.packets());
            List<TftpTransfer> kept = a.transfers();
            assertEquals(TransferRecords.MAX_KEPT_EMPTY + TransferRecords.MAX_KEPT, kept.size());
            assertEquals(TransferRecords.MAX_KEPT_EMPTY,
                    kept.stream().filter(t -> t.outcome() == TransferOutcome.TIMED_OUT).count());
            assertEquals(TransferRecords.MAX_KEPT - 1,
                    kept.stream().filter(t -> t.outcome() == TransferOutcome.ERROR).count());
            List<TftpTransfer> downloads = kept.stream().filter(t -> t.outcome() == TransferOutcome.COMPLETE).toList();
            assertEquals(1, downloads.size());
            assertEquals("spa941.bin", downloads.get(0).file());
            assertEquals(100, downloads.get(0).bytes());
            assertTrue(decoder.state().conversations() <= DecoderState.MAX_UDP_CONVERSATIONS);
            assertEquals(List.of("UDP: " + (UNANSWERED + REFUSED + 2 - DecoderState.MAX_UDP_CONVERSATIONS)
                    + " conversations (TFTP transfers) forgotten, the least recently used of more than 65536 "
                    + "remembered at once; a later datagram of one was not tied to its request",
                    "TFTP: " + (UNANSWERED - TransferRecords.MAX_KEPT_EMPTY + REFUSED
                    - (TransferRecords.MAX_KEPT - 1) + 1) + " transfers counted, not kept: 1 complete, "
                    + (REFUSED - (TransferRecords.MAX_KEPT - 1)) + " error, "
                    + (UNANSWERED - TransferRecords.MAX_KEPT_EMPTY) + " timed-out (a capture keeps 100000 that moved "
                    + "data or ended in an error, and 10000 others)"), a.warnings());
        }
    }
}
