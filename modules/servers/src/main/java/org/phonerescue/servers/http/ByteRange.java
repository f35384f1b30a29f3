package org.phonerescue.servers.http;

/**
 * One byte range of a file, inclusive at both ends (RFC 9110 §14.1.2).
 *
 * @param first the first byte
 * @param last  the last byte
 */
record ByteRange(long first, long last) {

    long length() {
        return last - first + 1;
    }

    /** What a Range header asks of a file of {@code size} bytes. */
    sealed interface Request {
    }

    /** No Range header, or one to ignore (invalid, several ranges, other unit): send the whole file. */
    record Whole() implements Request {
    }

    /** One satisfiable range: 206 Partial Content. */
    record Partial(ByteRange range) implements Request {
    }

    /** One range that lies outside the file: 416 Range Not Satisfiable. */
    record Unsatisfiable() implements Request {
    }

    /**
     * Reads a Range header (RFC 9110 §14.2). A syntactically invalid header is ignored, as the RFC
     * allows; so is a request for several ranges — the whole file is a valid answer to it and
     * keeps the server free of multipart bodies.
     */
    static Request parse(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Whole();
        }
        String spec = h.substring(6).trim();
        if (spec.contains(",")) {
            return new Whole();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        long first;
        long last;
        if (a.isEmpty()) {
            // suffix range: the last N bytes
            long n = number(b);
            if (n < 0) {
                return new Whole();
            }
            if (n == 0 || size == 0) {
                return new Unsatisfiable();
            }
            first = Math.max(0, size - n);
            last = size - 1;
        } else {
            first = number(a);
            last = b.isEmpty() ? Long.MAX_VALUE : number(b);
            if (first < 0 || last < 0 || last < first) {
                return new Whole();
            }
            if (first >= size) {
                return new Unsatisfiable();
            }
            last = Math.min(last, size - 1);
        }
        return new Partial(new ByteRange(first, last));
    }

    private static long number(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(s);
    }
}
