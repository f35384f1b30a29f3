import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;

/**
 * Writes a large, deterministic capture of TFTP-like traffic for the scan benchmark.
 *
 * <pre>
 *   java bench/GenerateTftpCapture.java OUT SIZE_MB
 * </pre>
 *
 * <p>The file is a classic little-endian microsecond pcap (magic a1b2c3d4, version 2.4,
 * LINKTYPE_ETHERNET). A few phones (10.0.0.101-112) fetch configuration files and firmware from a
 * TFTP server (10.0.0.1), several transfers at a time, interleaved packet by packet:
 * <ul>
 *   <li>RRQ from the phone's ephemeral port to server port 69 ("octet" mode, no options);</li>
 *   <li>DATA (opcode 3, block number, 512 bytes; the last block shorter, possibly empty) from the
 *       server's ephemeral transfer port;</li>
 *   <li>ACK (opcode 4, block number) back from the phone; these frames are 46 bytes and are padded
 *       with zeros to Ethernet's 60-byte minimum, as a real capture shows them.</li>
 * </ul>
 * Every frame has a valid IPv4 header checksum, an incrementing IP identification per host, a
 * correct UDP length and a valid UDP checksum. Timestamps increase strictly.
 *
 * <p>SIZE_MB is decimal (1 MB = 1,000,000 bytes). Writing stops at the first record boundary at or
 * after that size, so the file is at most one record (574 bytes) larger. The random sequence does
 * not depend on the size: the capture written for a smaller size is a byte-exact prefix of the one
 * written for a larger size, which the benchmark uses to time tshark on a prefix. The file is written
 * to OUT.part and renamed to OUT when complete, so an existing OUT is never a half-written one.
 */
public final class GenerateTftpCapture {

    static final long SEED = 0x5446_5450_2D31_3335L; // fixed: runs are comparable
    static final long START_EPOCH_SECOND = 1_732_492_800L; // 2024-11-25T00:00:00Z
    static final int SERVER_IP = ip(10, 0, 0, 1);
    static final byte[] SERVER_MAC = mac(0x00, 0x1b, 0x21, 0x0a, 0x00, 0x01);
    static final int PHONES = 12;
    static final int CONCURRENT_TRANSFERS = 8;
    static final int BLOCK = 512;
    static final int ETH = 14;
    static final int IPV4 = 20;
    static final int UDP = 8;
    static final int MIN_FRAME = 60; // without FCS

    /** Files a provisioning server hands to phones: name pattern, smallest and largest size. */
    static final String[][] FILES = {
        {"%s.cfg", "1500", "6000"},
        {"%s-phone.cfg", "4000", "40000"},
        {"%s-directory.xml", "800", "120000"},
        {"sip.ld", "4000000", "12000000"},
        {"bootrom.ld", "900000", "2600000"},
        {"SIP-T46S-66.86.0.15.rom", "9000000", "22000000"},
        {"SPA504G-7-6-2f.bin", "5000000", "9000000"},
    };
    /** Chance of each entry of FILES, in percent; firmware is rarer but dominates the bytes. */
    static final int[] FILE_WEIGHTS = {30, 25, 15, 10, 8, 6, 6};

    private final SplittableRandom random = new SplittableRandom(SEED);
    private final int[] phoneIps = new int[PHONES];
    private final byte[][] phoneMacs = new byte[PHONES][];
    private final int[] ipIdentification = new int[PHONES + 1]; // [PHONES] is the server
    private final Transfer[] active = new Transfer[CONCURRENT_TRANSFERS];
    /** Pseudo-random "firmware" bytes and text "configuration" bytes that DATA blocks are cut from. */
    private final byte[] binaryPool = new byte[1 << 20];
    private final byte[] textPool;
    private final byte[] record = new byte[16 + ETH + IPV4 + UDP + 4 + BLOCK + 64];
    private long micros; // capture time, microseconds since START_EPOCH_SECOND

    long packets;
    long rrqs;
    long dataBlocks;
    long acks;
    long completedTransfers;
    long bytes;

    private static final class Transfer {
        int phone;
        int phonePort;
        int serverPort;
        String fileName;
        long fileSize;
        boolean text;
        int poolSeed;
        long nextBlock; // 1-based; 0 = RRQ not sent yet
        boolean ackDue;
        long blocks; // DATA blocks in the file, the last one shorter than 512 (possibly empty)
    }

    GenerateTftpCapture() {
        for (int i = 0; i < PHONES; i++) {
            phoneIps[i] = ip(10, 0, 0, 101 + i);
            // Polycom and Cisco OUIs, as the phones a rescue capture shows.
            phoneMacs[i] = i % 2 == 0
                    ? mac(0x00, 0x04, 0xf2, 0x3a, 0x10, 0x20 + i)
                    : mac(0x00, 0x1b, 0x54, 0x7c, 0x40, 0x20 + i);
            ipIdentification[i] = random.nextInt(65536);
        }
        ipIdentification[PHONES] = random.nextInt(65536);
        random.nextBytes(binaryPool);
        StringBuilder text = new StringBuilder();
        int line = 0;
        while (text.length() < (1 << 18)) {
            text.append("<reg reg.").append(line % 34 + 1).append(".address=\"").append(2000 + line % 97)
                    .append("\" reg.").append(line % 34 + 1).append(".server.1.address=\"10.0.0.1\" voIpProt.SIP.")
                    .append("outboundProxy.port=\"").append(5060 + line % 3).append("\"/>\n");
            line++;
        }
        textPool = text.toString().getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < active.length; i++) {
            active[i] = newTransfer();
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java bench/GenerateTftpCapture.java OUT SIZE_MB");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long sizeMb = Long.parseLong(args[1]);
        if (sizeMb < 1) {
            System.err.println("SIZE_MB must be at least 1");
            System.exit(2);
        }
        long target = sizeMb * 1_000_000L;
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path part = Path.of(out + ".part");
        long started = System.nanoTime();
        GenerateTftpCapture g = new GenerateTftpCapture();
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(part), 16 << 20)) {
            g.write(os, target);
        }
        Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("wrote %s: %d bytes, %d packets (%d RRQ, %d DATA, %d ACK), %d transfers completed, "
                        + "%.1f s (%.0f MB/s)%n", out, g.bytes, g.packets, g.rrqs, g.dataBlocks, g.acks,
                g.completedTransfers, seconds, g.bytes / 1e6 / seconds);
    }

    void write(OutputStream os, long target) throws IOException {
        byte[] header = new byte[24];
        le32(header, 0, 0xa1b2c3d4);
        le16(header, 4, 2);
        le16(header, 6, 4);
        le32(header, 8, 0); // thiszone
        le32(header, 12, 0); // sigfigs
        le32(header, 16, 65535); // snaplen
        le32(header, 20, 1); // LINKTYPE_ETHERNET
        os.write(header);
        bytes = header.length;
        while (bytes < target) {
            int slot = random.nextInt(active.length);
            Transfer t = active[slot];
            int length = step(t);
            os.write(record, 0, length);
            bytes += length;
            packets++;
            if (t.ackDue == false && t.nextBlock > t.blocks) {
                completedTransfers++;
                active[slot] = newTransfer();
            }
        }
    }

    private Transfer newTransfer() {
        Transfer t = new Transfer();
        t.phone = random.nextInt(PHONES);
        t.phonePort = 49152 + random.nextInt(16384);
        do {
            t.serverPort = 49152 + random.nextInt(16384);
        } while (t.serverPort == t.phonePort);
        int pick = random.nextInt(100);
        int kind = 0;
        while (pick >= FILE_WEIGHTS[kind]) {
            pick -= FILE_WEIGHTS[kind];
            kind++;
        }
        String[] f = FILES[kind];
        String mac = hex(phoneMacs[t.phone]);
        t.fileName = f[0].contains("%s") ? String.format(f[0], mac) : f[0];
        long min = Long.parseLong(f[1]);
        long max = Long.parseLong(f[2]);
        t.fileSize = min + random.nextLong(max - min + 1);
        if (random.nextInt(20) == 0) {
            t.fileSize -= t.fileSize % BLOCK; // a multiple of 512: the transfer ends with an empty block
        }
        t.text = kind < 3;
        t.poolSeed = random.nextInt(1 << 16);
        t.blocks = t.fileSize / BLOCK + 1;
        return t;
    }

    /** Builds the next packet of {@code t} in {@link #record} and returns the record's length. */
    private int step(Transfer t) {
        micros += 3 + random.nextInt(48);
        int payloadStart = 16 + ETH + IPV4 + UDP;
        int payload;
        boolean fromServer;
        int srcPort;
        int dstPort;
        if (t.nextBlock == 0) {
            byte[] name = t.fileName.getBytes(StandardCharsets.US_ASCII);
            int p = payloadStart;
            be16(record, p, 1); // RRQ
            p += 2;
            System.arraycopy(name, 0, record, p, name.length);
            p += name.length;
            record[p++] = 0;
            byte[] mode = {'o', 'c', 't', 'e', 't', 0};
            System.arraycopy(mode, 0, record, p, mode.length);
            p += mode.length;
            payload = p - payloadStart;
            fromServer = false;
            srcPort = t.phonePort;
            dstPort = 69;
            t.nextBlock = 1;
            rrqs++;
        } else if (!t.ackDue) {
            long block = t.nextBlock;
            long offset = (block - 1) * BLOCK;
            int n = (int) Math.min(BLOCK, t.fileSize - offset);
            be16(record, payloadStart, 3); // DATA
            be16(record, payloadStart + 2, (int) (block & 0xFFFF));
            byte[] pool = t.text ? textPool : binaryPool;
            int from = (int) ((t.poolSeed + offset) % (pool.length - BLOCK));
            System.arraycopy(pool, from, record, payloadStart + 4, n);
            payload = 4 + n;
            fromServer = true;
            srcPort = t.serverPort;
            dstPort = t.phonePort;
            t.ackDue = true;
            dataBlocks++;
        } else {
            be16(record, payloadStart, 4); // ACK
            be16(record, payloadStart + 2, (int) (t.nextBlock & 0xFFFF));
            payload = 4;
            fromServer = false;
            srcPort = t.phonePort;
            dstPort = t.serverPort;
            t.nextBlock++;
            t.ackDue = false;
            acks++;
        }
        int phoneIp = phoneIps[t.phone];
        int srcIp = fromServer ? SERVER_IP : phoneIp;
        int dstIp = fromServer ? phoneIp : SERVER_IP;
        int host = fromServer ? PHONES : t.phone;

        // Ethernet II
        int e = 16;
        System.arraycopy(fromServer ? phoneMacs[t.phone] : SERVER_MAC, 0, record, e, 6);
        System.arraycopy(fromServer ? SERVER_MAC : phoneMacs[t.phone], 0, record, e + 6, 6);
        be16(record, e + 12, 0x0800);

        // IPv4 (RFC 791), no options
        int i = e + ETH;
        int ipLength = IPV4 + UDP + payload;
        record[i] = 0x45;
        record[i + 1] = 0;
        be16(record, i + 2, ipLength);
        int id = ipIdentification[host];
        ipIdentification[host] = (id + 1) & 0xFFFF;
        be16(record, i + 4, id);
        be16(record, i + 6, 0x4000); // DF
        record[i + 8] = 64;
        record[i + 9] = 17;
        be16(record, i + 10, 0);
        be32(record, i + 12, srcIp);
        be32(record, i + 16, dstIp);
        be16(record, i + 10, fold(sum(record, i, IPV4, 0)));

        // UDP (RFC 768), checksum over the pseudo-header
        int u = i + IPV4;
        int udpLength = UDP + payload;
        be16(record, u, srcPort);
        be16(record, u + 2, dstPort);
        be16(record, u + 4, udpLength);
        be16(record, u + 6, 0);
        long pseudo = (srcIp >>> 16) + (srcIp & 0xFFFF) + (dstIp >>> 16) + (dstIp & 0xFFFF) + 17 + udpLength;
        int udpSum = fold(sum(record, u, udpLength, pseudo));
        be16(record, u + 6, udpSum == 0 ? 0xFFFF : udpSum);

        int frame = ETH + ipLength;
        if (frame < MIN_FRAME) {
            java.util.Arrays.fill(record, 16 + frame, 16 + MIN_FRAME, (byte) 0);
            frame = MIN_FRAME;
        }
        le32(record, 0, (int) (START_EPOCH_SECOND + micros / 1_000_000));
        le32(record, 4, (int) (micros % 1_000_000));
        le32(record, 8, frame);
        le32(record, 12, frame);
        return 16 + frame;
    }

    private static long sum(byte[] b, int off, int len, long acc) {
        int end = off + (len & ~1);
        for (int p = off; p < end; p += 2) {
            acc += ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
        }
        if ((len & 1) != 0) {
            acc += (b[off + len - 1] & 0xFF) << 8;
        }
        return acc;
    }

    private static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xFFFF) + (acc >>> 16);
        }
        return (int) (~acc & 0xFFFF);
    }

    private static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    private static byte[] mac(int... octets) {
        byte[] m = new byte[6];
        for (int k = 0; k < 6; k++) {
            m[k] = (byte) octets[k];
        }
        return m;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xFF));
        }
        return sb.toString();
    }

    private static void be16(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 8);
        b[p + 1] = (byte) v;
    }

    private static void be32(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    private static void le16(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
    }

    private static void le32(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
    }
}
