package org.phonerescue.core.decode.sccp;

import org.phonerescue.core.decode.Dissection;
import org.phonerescue.core.decode.Field;

/**
 * The registration messages of Skinny: RegisterReq (0x0001: station identifier, i.e. device
 * name and instance, station IP address, device type, streams, protocol version), RegisterAck
 * (0x0081: keep-alive interval, date template, secondary keep-alive, protocol version),
 * RegisterReject (0x009D: the reason text), Alarm (0x0020), and IpPort (0x0002).
 */
final class Registration {

    private Registration() {
    }

    static void dissect(Dissection d, Field msg, int id, int p, int end) {
        switch (id) {
            case 0x0001 -> {
                if (end - p < 28) {
                    return;
                }
                d.string(msg, "skinny.DeviceName", "DeviceName", p, 16, d.cString(p, p + 16));
                d.uint(msg, "skinny.reserved.for.future.use", "reserved_for_future_use", p + 16, 4, Le.u32(d, p + 16));
                d.uint(msg, "skinny.instance", "instance", p + 20, 4, Le.u32(d, p + 20));
                d.ipv4(msg, "skinny.stationIpAddr", "stationIpAddr", p + 24);
                if (end - p >= 32) {
                    d.hex(msg, "skinny.deviceType", "deviceType", p + 28, 4, Le.u32(d, p + 28), 8);
                }
                if (end - p >= 36) {
                    d.uint(msg, "skinny.maxStreams", "maxStreams", p + 32, 4, Le.u32(d, p + 32));
                }
                if (end - p >= 40) {
                    d.uint(msg, "skinny.activeStreams", "activeStreams", p + 36, 4, Le.u32(d, p + 36));
                }
                if (end - p >= 41) {
                    d.uint(msg, "skinny.protocolVer", "Protocol Version", p + 40, 1, d.u8(p + 40));
                }
            }
            case 0x0081 -> {
                if (end - p < 12) {
                    return;
                }
                d.uint(msg, "skinny.keepAliveInterval", "keepAliveInterval", p, 4, Le.u32(d, p));
                d.string(msg, "skinny.dateTemplate", "dateTemplate", p + 4, 6, d.cString(p + 4, p + 10));
                if (end - p >= 16) {
                    d.uint(msg, "skinny.secondaryKeepAliveInterval", "secondaryKeepAliveInterval", p + 12, 4,
                            Le.u32(d, p + 12));
                }
                if (end - p >= 17) {
                    d.uint(msg, "skinny.maxProtocolVer", "maxProtocolVer", p + 16, 1, d.u8(p + 16));
                }
            }
            case 0x009D -> {
                if (end > p) {
                    d.string(msg, "skinny.text", "text", p, Math.min(33, end - p), d.cString(p, Math.min(end, p + 33)));
                }
            }
            case 0x0020 -> {
                if (end - p >= 88) {
                    d.uint(msg, "skinny.alarmSeverity", "alarmSeverity", p, 4, Le.u32(d, p));
                    d.string(msg, "skinny.text", "text", p + 4, 80, d.cString(p + 4, p + 84));
                }
            }
            case 0x0002 -> {
                if (end - p >= 4) {
                    d.uint(msg, "skinny.rtpMediaPort", "rtpMediaPort", p, 4, Le.u32(d, p));
                }
            }
            default -> {
            }
        }
    }
}
