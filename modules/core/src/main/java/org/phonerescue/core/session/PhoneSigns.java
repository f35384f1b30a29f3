package org.phonerescue.core.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.phonerescue.core.device.Device;
import org.phonerescue.core.device.LoaderFingerprints;
import org.phonerescue.core.device.RequestedFile;
import org.phonerescue.core.transfer.FileTransfer;
import org.phonerescue.core.transfer.HttpTransfer;
import org.phonerescue.core.transfer.TftpTransfer;
import org.phonerescue.core.transfer.TransferOutcome;

/**
 * Which software a phone runs, told from what it does: its recovery loader (SPA Reply and
 * Upgrade echo, DHCP as {@code TI-dhcp 0.1}, TFTP from port 2000, HTTP with the loader's
 * User-Agent, a firmware request) or its
 * application firmware (SIP requests, DHCP with its own vendor class, configuration requests).
 * Sources: field notes §1 and §3, spa-recovery-protocol.md "Fingerprints" and "Failure modes".
 */
public final class PhoneSigns {

    /** An unnamed file this large is taken for a firmware image. */
    public static final long IMAGE_BYTES = 1L << 20;
    /**
     * A phone asking for the image again sooner than this after getting it all has not rebooted
     * in between (writing flash alone takes minutes, field notes §1): it is fetching, not looping.
     */
    public static final long REBOOT_NANOS = 10_000_000_000L;

    /**
     * Frames of the phone this soon after its download's last frame still belong to the download
     * (the ACK of a FIN closing its HTTP connection, a last TFTP ACK repeated).
     */
    public static final long DOWNLOAD_TAIL_NANOS = 1_000_000_000L;
    /**
     * A capture running on longer than this after a download is taken for a wrong clock rather
     * than for a day of capture: a recovery takes minutes (field notes §1–3), and one bogus
     * timestamp at the end of a file must not make a phone look stuck for years.
     */
    public static final long PLAUSIBLE_CAPTURE_NANOS = 24L * 3600 * 1_000_000_000L;

    private PhoneSigns() {
    }

    /**
     * How long the capture runs on after a download's last frame (ns), or -1 when the capture
     * does not tell: no timestamps, or a gap that goes backwards or is longer than
     * {@link #PLAUSIBLE_CAPTURE_NANOS}.
     */
    public static long captureAfter(CaptureAnalysis a, FileTransfer download) {
        if (a.lastTime() == Long.MIN_VALUE || download.endTime() == Long.MIN_VALUE) {
            return -1;
        }
        long gap = a.lastTime() - download.endTime();
        return gap < 0 || gap > PLAUSIBLE_CAPTURE_NANOS ? -1 : gap;
    }

    /**
     * Whether the phone sent nothing after its download but the download's own tail
     * ({@link #DOWNLOAD_TAIL_NANOS}); false when the capture has no timestamps to tell.
     */
    public static boolean silentAfter(Device d, FileTransfer download) {
        if (d.lastFrame() <= download.lastFrame()) {
            return true;
        }
        return d.lastTime() != Long.MIN_VALUE && download.endTime() != Long.MIN_VALUE
                && d.lastTime() - download.endTime() < DOWNLOAD_TAIL_NANOS;
    }

    /** Whether a transfer carries firmware (not a packing list or a configuration), by any protocol. */
    public static boolean image(FileTransfer t) {
        RequestedFile.Kind kind = RequestedFile.of(fileName(t.file())).kind();
        return kind == RequestedFile.Kind.SPA_IMAGE || kind == RequestedFile.Kind.SNOM_IMAGE
                || kind == RequestedFile.Kind.CISCO_IMAGE
                || kind == RequestedFile.Kind.OTHER && Math.max(t.bytes(), t.expectedSize()) >= IMAGE_BYTES;
    }

    /**
     * The phone's image downloads that completed, in order, by any protocol: a Snom phone that
     * fetches its firmware by HTTP downloads just as a loader does by TFTP.
     */
    public static List<FileTransfer> completedImages(CaptureAnalysis a, Device d) {
        return a.fileTransfersOf(d).stream().filter(t -> t.read() && t.outcome() == TransferOutcome.COMPLETE
                && downloaded(t) && image(t)).toList();
    }

    /**
     * Whether the transfer brought the client a file: an HTTP answer other than 2xx (a redirect)
     * or a part of the file (206) is no download of the image.
     */
    public static boolean downloaded(FileTransfer t) {
        return !(t instanceof HttpTransfer h)
                || h.statusCode() / 100 == 2 && (h.range() == null || h.range().whole());
    }

    /**
     * The file name of a request: an HTTP request target loses its query and fragment
     * ("/snom370-r.bin?mac=…" is snom370-r.bin's request); others are names already.
     */
    public static String fileName(String requested) {
        int cut = requested.length();
        for (char c : new char[] {'?', '#'}) {
            int at = requested.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return requested.substring(0, cut);
    }

    public static boolean sentBy(Device d, String mac, String ip) {
        return d.mac() != null ? d.mac().equals(mac) : ip != null && d.usedAddress(ip);
    }

    /** Whether a message to {@code receiverIp} (null when unknown) went to an address the device used. */
    public static boolean sentTo(Device d, String receiverIp) {
        return receiverIp != null && d.usedAddress(receiverIp);
    }

    /** Frames where the phone shows it runs its recovery loader. */
    public static List<Sign> recovery(CaptureAnalysis a, Device d) {
        List<Sign> out = new ArrayList<>();
        for (SpaMessage m : a.spa()) {
            if (m.fromPhone() && sentBy(d, m.senderMac(), m.senderIp())) {
                String loader = m.loaderVersion() != null ? " as loader " + m.loaderVersion() : "";
                out.add(new Sign(m.frame(), m.time(), Sign.Kind.LOADER, m.kind() == SpaMessage.Kind.REPLY
                        ? "answered the SPA recovery tool" + loader : "acknowledged an SPA Upgrade"));
            }
        }
        for (DhcpMessage m : a.dhcp()) {
            if (!m.fromServer() && d.mac() != null && d.mac().equals(m.clientMac())
                    && LoaderFingerprints.spaLoaderDhcp(m.vendorClass(), m.hostname())) {
                out.add(new Sign(m.frame(), m.time(), Sign.Kind.LOADER, "asked DHCP as the SPA recovery loader"));
            }
        }
        for (TftpTransfer t : a.transfersOf(d)) {
            if (t.read() && t.client().port() == 2000) {
                out.add(new Sign(t.requestFrame(), t.startTime(), Sign.Kind.LOADER,
                        "requested " + t.file() + " from UDP port 2000 as the SPA loader"));
            }
        }
        for (FileTransfer t : a.fileTransfersOf(d)) {
            if (t instanceof HttpTransfer h && LoaderFingerprints.spaLoaderUserAgent(h.userAgent())) {
                out.add(new Sign(t.requestFrame(), t.startTime(), Sign.Kind.LOADER,
                        "requested " + t.file() + " by HTTP as the SPA loader"));
            }
        }
        out.sort(Comparator.comparingLong(Sign::frame));
        return out;
    }

    /**
     * Whether the phone ran its loader at {@code frame}: the last of {@code signs} (its loader's and
     * its firmware's, in frame order) before the frame is a loader's, or, with none before, the
     * first after it.
     */
    public static boolean loaderAt(List<Sign> signs, long frame) {
        Sign before = null;
        for (Sign s : signs) {
            if (s.frame() > frame) {
                return (before != null ? before : s).kind() == Sign.Kind.LOADER;
            }
            before = s;
        }
        return before != null && before.kind() == Sign.Kind.LOADER;
    }

    /**
     * Frames where the phone shows its application firmware running: {@link Sign.Kind#REGISTRATION}
     * for what only a booted firmware does (SIP, SCCP), {@link Sign.Kind#APPLICATION} for the rest.
     */
    public static List<Sign> application(CaptureAnalysis a, Device d) {
        List<Sign> out = new ArrayList<>();
        for (SipMessage m : a.sip()) {
            if (m.isRequest() && sentBy(d, m.senderMac(), m.senderIp())) {
                out.add(new Sign(m.frame(), m.time(), Sign.Kind.REGISTRATION, "sent a SIP " + m.method()
                        + (m.userAgent() != null ? " as " + m.userAgent() : "")));
            }
        }
        for (SccpMessage m : a.sccp()) {
            if (m.kind() == SccpMessage.Kind.REGISTER && sentBy(d, m.senderMac(), m.senderIp())) {
                out.add(new Sign(m.frame(), m.time(), Sign.Kind.REGISTRATION, "registered by SCCP"
                        + (m.deviceName() != null ? " as " + m.deviceName() : "") + " with " + m.receiverIp()));
            }
        }
        for (DhcpMessage m : a.dhcp()) {
            if (!m.fromServer() && d.mac() != null && d.mac().equals(m.clientMac()) && m.vendorClass() != null
                    && !LoaderFingerprints.spaLoaderDhcp(m.vendorClass(), m.hostname())) {
                out.add(new Sign(m.frame(), m.time(), Sign.Kind.APPLICATION, "asked DHCP as '" + m.vendorClass() + "'"));
            }
        }
        for (FileTransfer t : a.fileTransfersOf(d)) {
            if (t.read() && configuration(fileName(t.file()))) {
                out.add(new Sign(t.requestFrame(), t.startTime(), Sign.Kind.APPLICATION,
                        "requested its configuration " + t.file()));
            }
        }
        out.sort(Comparator.comparingLong(Sign::frame));
        return out;
    }

    /** Configuration files a booted phone fetches (Cisco SEP/XMLDefault, SPA/Snom .cfg/.xml profiles). */
    public static boolean configuration(String file) {
        RequestedFile r = RequestedFile.of(file);
        if (r.kind() == RequestedFile.Kind.CISCO_CONFIG || r.kind() == RequestedFile.Kind.CISCO_DEFAULT_CONFIG) {
            return true;
        }
        String lower = file.toLowerCase(Locale.ROOT);
        return r.kind() == RequestedFile.Kind.OTHER && (lower.endsWith(".cfg") || lower.endsWith(".xml"));
    }

    /** Requests for the same file as {@code download} after it completed: the phone starts over. */
    public static List<Sign> requestedAgain(CaptureAnalysis a, Device d, FileTransfer download) {
        String name = RequestedFile.baseName(fileName(download.file()));
        List<Sign> out = new ArrayList<>();
        for (FileTransfer t : a.fileTransfersOf(d)) {
            if (t.read() && t.requestFrame() > download.lastFrame()
                    && RequestedFile.baseName(fileName(t.file())).equalsIgnoreCase(name)
                    && (t.startTime() == Long.MIN_VALUE || t.startTime() - download.endTime() >= REBOOT_NANOS)) {
                out.add(new Sign(t.requestFrame(), t.startTime(), Sign.Kind.REQUESTED_AGAIN,
                        "requested " + t.file() + " again"));
            }
        }
        return out;
    }

    /**
     * Whether anything after the image download shows what came of it: the phone back in its
     * loader (recovery signs, or the same file asked for again) or running its firmware.
     */
    public static boolean resultShown(CaptureAnalysis a, Device d, FileTransfer image) {
        return firstAfter(merged(recovery(a, d), requestedAgain(a, d, image)), image.lastFrame()) != null
                || firstAfter(application(a, d), image.lastFrame()) != null;
    }

    /** Both lists, in frame order. */
    public static List<Sign> merged(List<Sign> first, List<Sign> second) {
        List<Sign> out = new ArrayList<>(first);
        out.addAll(second);
        out.sort(Comparator.comparingLong(Sign::frame));
        return out;
    }

    /** The first sign after {@code frame}, or null. */
    public static Sign firstAfter(List<Sign> signs, long frame) {
        for (Sign s : signs) {
            if (s.frame() > frame) {
                return s;
            }
        }
        return null;
    }



}
