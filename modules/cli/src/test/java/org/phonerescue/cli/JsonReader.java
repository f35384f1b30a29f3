package org.phonerescue.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of JSON text (RFC 8259) for the tests: objects become maps, arrays lists,
 * numbers Long or Double; anything malformed throws. Written apart from the product's writer so
 * that the tests check its output independently.
 */
public final class JsonReader {

    private final String s;
    private int p;

    private JsonReader(String s) {
        this.s = s;
    }

    /** A parsed value read as a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    /** A parsed value read as a JSON array. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    public static Object parse(String text) {
        JsonReader r = new JsonReader(text);
        Object v = r.value();
        r.space();
        if (r.p != text.length()) {
            throw r.error("text after the value");
        }
        return v;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + p);
    }

    private void space() {
        while (p < s.length() && " \t\r\n".indexOf(s.charAt(p)) >= 0) {
            p++;
        }
    }

    private Object value() {
        space();
        if (p >= s.length()) {
            throw error("end of text");
        }
        char c = s.charAt(p);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                return number();
        }
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, p)) {
            throw error("bad literal");
        }
        p += word.length();
        return v;
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        p++;
        space();
        if (s.charAt(p) == '}') {
            p++;
            return m;
        }
        while (true) {
            space();
            String name = string();
            space();
            expect(':');
            if (m.put(name, value()) != null) {
                throw error("duplicate member " + name);
            }
            space();
            if (s.charAt(p) == ',') {
                p++;
            } else {
                expect('}');
                return m;
            }
        }
    }

    private List<Object> array() {
        List<Object> l = new ArrayList<>();
        p++;
        space();
        if (s.charAt(p) == ']') {
            p++;
            return l;
        }
        while (true) {
            l.add(value());
            space();
            if (s.charAt(p) == ',') {
                p++;
            } else {
                expect(']');
                return l;
            }
        }
    }

    private void expect(char c) {
        if (p >= s.length() || s.charAt(p) != c) {
            throw error("expected '" + c + "'");
        }
        p++;
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = s.charAt(p++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = s.charAt(p++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
                    p += 4;
                }
                default -> throw error("bad escape");
            }
        }
    }

    private Object number() {
        int start = p;
        while (p < s.length() && "+-0123456789.eE".indexOf(s.charAt(p)) >= 0) {
            p++;
        }
        String n = s.substring(start, p);
        if (!n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            throw error("bad number '" + n + "'");
        }
        return n.matches("-?[0-9]+") ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
    }
}
