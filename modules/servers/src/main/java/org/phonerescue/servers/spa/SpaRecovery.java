package org.phonerescue.servers.spa;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.phonerescue.core.firmware.SpaImage;
import org.phonerescue.core.firmware.SpaImageCheck;
import org.phonerescue.core.firmware.SpaImageReport;
import org.phonerescue.core.firmware.SpaVersions;
import org.phonerescue.core.protocol.spa.SpaFrame;
import org.phonerescue.servers.ServerStartException;
import org.phonerescue.servers.event.ServerEvent;
import org.phonerescue.servers.event.ServerEventListener;
import org.phonerescue.servers.event.TransferCompleted;
import org.phonerescue.servers.event.TransferFailed;
import org.phonerescue.servers.event.TransferRequested;
import org.phonerescue.servers.files.LookupRules;
import org.phonerescue.servers.files.ServedRoot;
import org.phonerescue.servers.tftp.TftpMulticast;
import org.phonerescue.servers.tftp.TftpServer;
import org.phonerescue.servers.tftp.TftpServerConfig;

/**
 * Recovers an SPA phone in S.O.S. mode the way the vendor's Windows tool does, following the SPA
 * field model — which was read from the 7.4.4rec loader's code only ({@link #PROVENANCE}):
 * Request frames (serial or wildcard) from UDP 4811 to 234.4.8.10:4810 until a loader replies,
 * its identity shown and its version compared with the image's, an Upgrade frame naming the file,
 * and the file served by a TFTP server that joined 234.4.8.10 on the interface (the loader sends
 * its RRQ and every ACK to the group, from port 2000). Every step is told as it happens.
 */
public final class SpaRecovery {

    public static final String PROVENANCE = "verified against the 7.4.4rec loader's code only";

    /**
     * @param interfaceName  the interface the phone is on
     * @param image          the firmware to send
     * @param serial         the phone's serial, or {@link SpaFrame#WILDCARD_SERIAL}
     * @param requestName    the name the Upgrade frame gives the loader (it asks for it verbatim)
     * @param findTimeout    how long to keep asking for the phone
     * @param requestTimeout how long to wait for the loader's TFTP request after its echo
     * @param tftpPort       69 (the 7.4.4rec loader ignores the port field and always uses 69)
     * @param phonePort      4810
     * @param toolPort       4811
     */
    /**
     * @param force send the image even when the check finds it damaged or on the wrong side of the
     *              loader's version rule (the loader would then most likely go back to S.O.S.)
     */
    public record Config(String interfaceName, Path image, String serial, String requestName, Duration findTimeout,
                         Duration requestTimeout, int tftpPort, int phonePort, int toolPort, boolean force) {

        public static Config of(String interfaceName, Path image, String serial) {
            return new Config(interfaceName, image, serial == null ? SpaFrame.WILDCARD_SERIAL : serial,
                    "/" + image.getFileName(), Duration.ofMinutes(2), Duration.ofSeconds(30), 69,
                    SpaFrame.PHONE_PORT, SpaFrame.TOOL_PORT, false);
        }

        public Config withFindTimeout(Duration timeout) {
            return new Config(interfaceName, image, serial, requestName, timeout, requestTimeout, tftpPort, phonePort,
                    toolPort, force);
        }

        public Config withForce(boolean send) {
            return new Config(interfaceName, image, serial, requestName, findTimeout, requestTimeout, tftpPort, phonePort,
                    toolPort, send);
        }
    }

    /** A loader that replied. */
    public record Phone(String serial, String product, String mac, String loaderVersion, String hardwareVersion,
                        String address) {
    }

    public enum Outcome {
        /** The loader fetched the whole file; it now checks and burns it. */
        DOWNLOADED,
        /** The image is damaged: nothing was sent (unless forced). */
        IMAGE_BROKEN,
        /** The image does not suit the phone's loader version: no Upgrade was sent (unless forced). */
        IMAGE_DOES_NOT_FIT_LOADER,
        PHONE_NOT_FOUND,
        SEVERAL_PHONES,
        UPGRADE_NOT_ACKNOWLEDGED,
        FILE_NEVER_REQUESTED,
        DOWNLOAD_FAILED
    }

    public record Result(Outcome outcome, Phone phone, String detail) {
    }

    /** Where the steps are told. */
    @FunctionalInterface
    public interface Narrator {
        void say(String line);
    }

    private static final InetAddress GROUP = group();

    private final Config config;
    private final Narrator narrator;
    private final ServerEventListener forward;
    private final BlockingQueue<ServerEvent> tftpEvents = new LinkedBlockingQueue<>();

    public SpaRecovery(Config config, Narrator narrator, ServerEventListener forward) {
        this.config = config;
        this.narrator = narrator;
        this.forward = forward;
    }

    public Result run() throws IOException, ServerStartException, InterruptedException {
        narrator.say("SPA recovery (" + PROVENANCE + "; the vendor tool's side is unverified)");
        SpaImageReport check = SpaImageCheck.check(config.image(), null);
        SpaImage image = check.image();
        narrator.say("image " + config.image().getFileName() + ": " + image.size() + " bytes"
                + (image.version() != null ? ", version " + image.version() : ""));
        // The loader checks the same and silently returns to its loop when one fails: sending a damaged
        // image only costs the engineer a flash cycle and looks like a loader problem (field notes §1).
        check.problems().forEach(p -> narrator.say("warning: " + p.subject() + ": " + p.text()));
        if (check.broken() && !config.force()) {
            narrator.say("not sending a damaged image: the loader would reject it and go back to S.O.S. "
                    + "(phonerescue check-image tells more; --force sends it anyway)");
            return new Result(Outcome.IMAGE_BROKEN, null, "the image check found the container damaged");
        }
        NetworkInterface nif = NetworkInterface.getByName(config.interfaceName());
        if (nif == null) {
            throw new IOException("no network interface named '" + config.interfaceName() + "'");
        }

        ServedRoot root = new ServedRoot(config.image().toAbsolutePath().getParent(), LookupRules.exact()
                .withIgnoreLeadingSlash(true).withAliases(Map.of(config.requestName(), config.image().getFileName().toString())));
        TftpServerConfig tftpConfig = TftpServerConfig.defaults().withBind(null, config.tftpPort())
                .withMulticast(new TftpMulticast(GROUP, config.interfaceName()));
        try (TftpServer tftp = new TftpServer(root, tftpConfig, this::tftpEvent);
             DatagramChannel frames = DatagramChannel.open(StandardProtocolFamily.INET)) {
            tftp.start();
            narrator.say("TFTP server on UDP " + config.tftpPort() + ", member of " + GROUP.getHostAddress() + " on "
                    + config.interfaceName());
            frames.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            frames.bind(new InetSocketAddress(config.toolPort()));
            frames.join(GROUP, nif);
            frames.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
            frames.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, false);
            InetSocketAddress phones = new InetSocketAddress(GROUP, config.phonePort());

            Map<String, Phone> found = find(frames, phones);
            if (found.isEmpty()) {
                narrator.say("no loader answered within " + config.findTimeout().toSeconds() + " s");
                return new Result(Outcome.PHONE_NOT_FOUND, null, "no Reply to the Request frames");
            }
            if (found.size() > 1) {
                narrator.say(found.size() + " phones answered the wildcard; name one with its serial (--serial)");
                return new Result(Outcome.SEVERAL_PHONES, null, String.join(", ", found.keySet()));
            }
            Phone phone = found.values().iterator().next();
            String mismatch = SpaVersions.mismatch(phone.loaderVersion(), image.version());
            if (mismatch != null) {
                narrator.say("warning: " + mismatch);
                if (!config.force()) {
                    narrator.say("not sending the Upgrade: with this image the phone would flash and come back in "
                            + "S.O.S.; use an image on the loader's side of the " + SpaVersions.BOUNDARY
                            + " rule (--force sends this one anyway)");
                    return new Result(Outcome.IMAGE_DOES_NOT_FIT_LOADER, phone, mismatch);
                }
            }
            if (!upgrade(frames, phones, phone)) {
                return new Result(Outcome.UPGRADE_NOT_ACKNOWLEDGED, phone, "no echo of the Upgrade frame");
            }
            return download(phone);
        }
    }

    /** Request frames once a second until a loader replies (the loader listens 5 s between its URL attempts). */
    private Map<String, Phone> find(DatagramChannel frames, InetSocketAddress phones) throws IOException {
        byte[] request = SpaFrame.request(config.serial());
        Map<String, Phone> found = new LinkedHashMap<>();
        long start = System.nanoTime();
        long deadline = start + config.findTimeout().toNanos();
        long lastTold = start;
        narrator.say("asking for the phone with serial " + config.serial() + " (Request frames to "
                + GROUP.getHostAddress() + ":" + config.phonePort() + " from UDP " + config.toolPort() + ")");
        long collectUntil = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, collectUntil)) {
            if (found.isEmpty()) {
                frames.send(java.nio.ByteBuffer.wrap(request), phones);
            }
            long sliceEnd = Math.min(System.nanoTime() + TimeUnit.SECONDS.toNanos(1), Math.min(deadline, collectUntil));
            for (SpaFrame f : receive(frames, sliceEnd)) {
                boolean ours = SpaFrame.WILDCARD_SERIAL.equals(config.serial()) || config.serial().equals(f.serial());
                if (f.op() == SpaFrame.OP_REPLY && f.problems().isEmpty() && ours) {
                    Phone p = phone(f);
                    if (found.putIfAbsent(p.mac(), p) == null) {
                        narrator.say("phone found: " + p.product() + ", serial " + p.serial() + ", MAC " + p.mac()
                                + ", loader " + p.loaderVersion() + ", hardware " + p.hardwareVersion() + ", address "
                                + p.address());
                        collectUntil = Math.min(collectUntil, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500));
                    }
                }
            }
            long now = System.nanoTime();
            if (found.isEmpty() && now - lastTold > TimeUnit.SECONDS.toNanos(10)) {
                lastTold = now;
                narrator.say("no answer yet after " + TimeUnit.NANOSECONDS.toSeconds(now - start) + " s: the loader listens"
                        + " only 5 s between its own recovery-URL attempts, so keep this running; if nothing answers within"
                        + " a minute, power-cycle the phone (this keeps asking)");
            }
        }
        return found;
    }

    /** The Upgrade frame, up to three times, until the loader echoes it. */
    private boolean upgrade(DatagramChannel frames, InetSocketAddress phones, Phone phone) throws IOException {
        byte[] upgrade = SpaFrame.upgrade(phone.serial(), config.tftpPort(), config.requestName());
        for (int attempt = 1; attempt <= 3; attempt++) {
            narrator.say("telling the phone to fetch " + config.requestName() + " by TFTP (Upgrade frame, attempt " + attempt
                    + ")");
            frames.send(java.nio.ByteBuffer.wrap(upgrade), phones);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < until) {
                for (SpaFrame f : receive(frames, until)) {
                    if (f.op() == SpaFrame.OP_UPGRADE && f.length() == SpaFrame.PHONE_FRAME_LENGTH
                            && phone.serial().equals(f.serial())) {
                        narrator.say("the phone acknowledged the Upgrade (echo: " + f.fileName() + ")");
                        return true;
                    }
                }
            }
        }
        narrator.say("the phone did not echo the Upgrade frame: it may be busy with its recovery URL; power-cycle it and"
                + " run again");
        return false;
    }

    private Result download(Phone phone) throws InterruptedException {
        narrator.say("waiting for the phone's TFTP request (it sends it to " + GROUP.getHostAddress() + ":" + config.tftpPort()
                + " from port 2000)");
        long deadline = System.nanoTime() + config.requestTimeout().toNanos();
        boolean started = false;
        while (true) {
            long left = started ? TimeUnit.MINUTES.toNanos(30) : deadline - System.nanoTime();
            ServerEvent e = left > 0 ? tftpEvents.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                if (!started) {
                    narrator.say("the phone never asked for the file: its multicast does not reach this server (a firewall"
                            + " dropping 234.4.8.10, an IGMP-snooping switch) or port 69 is held by another program —"
                            + " run 'phonerescue preflight -i " + config.interfaceName() + "'");
                    return new Result(Outcome.FILE_NEVER_REQUESTED, phone, "no RRQ within "
                            + config.requestTimeout().toSeconds() + " s");
                }
                return new Result(Outcome.DOWNLOAD_FAILED, phone, "no end of the transfer");
            }
            if (e instanceof TransferRequested r) {
                started = true;
                narrator.say("the phone asks for " + r.requestedName() + " from " + r.client().getAddress().getHostAddress()
                        + ":" + r.client().getPort() + "; sending " + r.size() + " bytes");
            } else if (e instanceof TransferCompleted c) {
                narrator.say("download complete: " + c.bytes() + " bytes in " + String.format(java.util.Locale.ROOT, "%.1f",
                        c.elapsed().toMillis() / 1000.0) + " s. The phone now checks the image and writes it to flash,"
                        + " which takes a few minutes: do not power it off. It restarts by itself; a normal start means"
                        + " success, S.O.S. mode again means the image was refused (model or version) or the flash failed.");
                return new Result(Outcome.DOWNLOADED, phone, c.bytes() + " bytes");
            } else if (e instanceof TransferFailed f) {
                narrator.say("the download failed after " + f.bytes() + " bytes: " + f.reason());
                return new Result(Outcome.DOWNLOAD_FAILED, phone, f.reason());
            }
        }
    }

    private void tftpEvent(ServerEvent e) {
        if (e instanceof TransferRequested || e instanceof TransferCompleted || e instanceof TransferFailed) {
            tftpEvents.add(e);
        }
        forward.onEvent(e);
    }

    /** Frames that arrive before {@code untilNanos}, from the phone port only. */
    private List<SpaFrame> receive(DatagramChannel frames, long untilNanos) throws IOException {
        List<SpaFrame> out = new ArrayList<>();
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(untilNanos - System.nanoTime());
            if (left <= 0) {
                return out;
            }
            frames.socket().setSoTimeout((int) Math.max(1, left));
            try {
                frames.socket().receive(p);
            } catch (SocketTimeoutException e) {
                return out;
            }
            if (p.getPort() == config.phonePort() && SpaFrame.looksLikeFrame(buf, 0, p.getLength())) {
                out.add(SpaFrame.parse(java.util.Arrays.copyOf(buf, p.getLength()), 0, p.getLength()));
                return out;
            }
        }
    }

    private static Phone phone(SpaFrame f) {
        StringBuilder mac = new StringBuilder();
        for (byte b : f.mac()) {
            mac.append(mac.length() > 0 ? ":" : "").append(String.format("%02x", b & 0xFF));
        }
        String ip;
        try {
            ip = ((Inet4Address) InetAddress.getByAddress(f.ipv4())).getHostAddress();
        } catch (IOException e) {
            ip = "?";
        }
        return new Phone(f.serial(), f.product(), mac.toString(), f.loaderVersion(), f.hardwareVersion(), ip);
    }

    private static InetAddress group() {
        try {
            return InetAddress.getByAddress(SpaFrame.GROUP);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
