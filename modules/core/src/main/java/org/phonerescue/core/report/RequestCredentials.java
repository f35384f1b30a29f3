package org.phonerescue.core.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the credentials a request target can carry, wherever the report quotes one (a finding,
 * the transfer table, the timeline): provisioning URLs often hold them, as in
 * {@code /prov/spa504G.cfg?user=alice&password=S3cret!}. Masked are the values of query parameters
 * whose name says user or secret, and the userinfo of a URL ({@code ftp://user:pass@host/},
 * RFC 3986 §3.2.1, which also deprecates putting a password there).
 */
final class RequestCredentials {

    static final String MASK = "***";

    /** What ends a quoted value in the report's text: the next parameter, a fragment, a quote, a space, a table cell. */
    private static final String END = "&;#\\s'\"`|";
    private static final Pattern QUERY = Pattern.compile("(?i)([?&;][^=" + END + "?]*"
            + "(?:pass|pwd|secret|token|key|auth|user|login|cred|session|account)[^=" + END + "?]*=)([^" + END + "]+)");
    /** user[:password]@ after a scheme's //. */
    private static final Pattern USERINFO = Pattern.compile("(?<=//)[^/\\s'\"`|?#@]+@");
    /** user:password@host written without a scheme; sip:alice@host is a URI, not a password. */
    private static final Pattern BARE_USERINFO = Pattern.compile(
            "(?<![^\\s'\"`(|])(?!(?i:sips?|tel|mailto|urn):)[^\\s'\"`/@|:]+:[^\\s'\"`/@|]*@(?=[^\\s@])");

    private RequestCredentials() {
    }

    static String mask(String s) {
        if (s.indexOf('=') < 0 && s.indexOf('@') < 0) {
            return s;
        }
        String out = QUERY.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + MASK);
        out = USERINFO.matcher(out).replaceAll(MASK + "@");
        return BARE_USERINFO.matcher(out).replaceAll(MASK + ":" + MASK + "@");
    }
}
