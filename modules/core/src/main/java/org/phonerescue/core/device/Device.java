package org.phonerescue.core.device;

import java.util.List;

/**
 * One device of the capture: one per MAC address (per IP address on links without MAC
 * addresses, such as BSD loopback captures).
 *
 * @param key         the MAC address, or "ip:" and the address when the link has no MAC
 * @param mac         lower-case colon-separated MAC, or null
 * @param vendor      organisation the MAC block is registered to (IEEE), or "unknown"
 * @param role        what it does in the capture
 * @param roleReason  why it got that role, e.g. "requested /spa71f6.bin by TFTP (frame 5)"
 * @param ips         the addresses it used, in order of first use
 * @param hints       what it said about itself, in frame order
 * @param firstFrame  first frame sent by it
 * @param lastFrame   last frame sent by it
 * @param lastTime    time of that frame, ns since 1970, or {@code PacketView.NO_TIME}
 * @param packets     frames sent by it
 */
public record Device(String key, String mac, String vendor, Role role, String roleReason, List<AddressUse> ips,
                     List<DeviceHint> hints, long firstFrame, long lastFrame, long lastTime, long packets) {

    /** The addresses alone, in order of first use. */
    public List<String> addresses() {
        return ips.stream().map(AddressUse::ip).distinct().toList();
    }

    /** Whether the device used this address at any time. */
    public boolean usedAddress(String ip) {
        return ips.stream().anyMatch(u -> u.ip().equals(ip));
    }

    /** The hints of one kind, in frame order. */
    public List<DeviceHint> hints(DeviceHint.Kind kind) {
        return hints.stream().filter(h -> h.kind() == kind).toList();
    }

    /** A short name for people: the MAC, or the address for links without one. */
    public String label() {
        return mac != null ? mac : key.substring(3);
    }
}
