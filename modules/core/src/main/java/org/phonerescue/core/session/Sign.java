package org.phonerescue.core.session;

/**
 * Something a phone did at a frame that tells which software it runs.
 *
 * @param frame frame number
 * @param time  ns since 1970, or {@code PacketView.NO_TIME}
 * @param kind  what it shows
 * @param what  in words, e.g. "answered the SPA recovery tool as loader 7.4.4rec"
 */
public record Sign(long frame, long time, Kind kind, String what) {

    public enum Kind {
        /** The phone runs its recovery loader. */
        LOADER,
        /** The phone runs its application firmware. */
        APPLICATION,
        /**
         * The phone's application firmware talks to its call control (a SIP request, an SCCP
         * RegisterReq): proof of a working firmware even without a download in the capture.
         */
        REGISTRATION,
        /** The phone asks again for an image it got whole: it starts over. */
        REQUESTED_AGAIN
    }
}
