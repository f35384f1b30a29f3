package org.phonerescue.core.session;

/**
 * A SIP request (RFC 3261 §7.1) a device sent: REGISTER tells that a phone runs its application
 * firmware again (field notes §1: the reliable sign of a successful recovery).
 *
 * @param frame     frame number
 * @param time      ns since 1970
 * @param senderMac Ethernet source
 * @param senderIp  IP source
 * @param method    the request method, e.g. "REGISTER"
 * @param userAgent the User-Agent header (§20.41), or null
 */
public record SipMessage(long frame, long time, String senderMac, String senderIp, String method, String userAgent) {
}
