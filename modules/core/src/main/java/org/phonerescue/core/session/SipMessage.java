package org.phonerescue.core.session;

/**
 * A SIP request (RFC 3261 §7.1) or response (§7.2) a device sent. A REGISTER tells that a phone
 * runs its application firmware again (field notes §1: the reliable sign of a successful
 * recovery); the registrar's final response to it tells whether its line works.
 *
 * @param frame        frame number
 * @param time         ns since 1970
 * @param senderMac    Ethernet source
 * @param senderIp     IP source
 * @param receiverIp   IP destination
 * @param method       the request method, e.g. "REGISTER"; null for a response
 * @param userAgent    the User-Agent header (§20.41), or null
 * @param status       a response's status code (§7.2), e.g. 403; -1 for a request
 * @param reason       a response's reason phrase, e.g. "Forbidden"; null for a request
 * @param cseqMethod   the method of the CSeq header (§20.16): what a response answers; null when absent
 */
public record SipMessage(long frame, long time, String senderMac, String senderIp, String receiverIp, String method,
                         String userAgent, int status, String reason, String cseqMethod) {

    public boolean isRequest() {
        return method != null;
    }

    /** A final response (§7.2: 200–699) to a REGISTER. */
    public boolean finalRegisterResponse() {
        return !isRequest() && status >= 200 && "REGISTER".equals(cseqMethod);
    }

    /** "403 Forbidden". */
    public String statusLine() {
        return status + (reason != null && !reason.isBlank() ? " " + reason : "");
    }
}
