package org.phonerescue.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** JSON text checked character by character against RFC 8259 by hand. */
class JsonWriterTest {

    @Test
    void nestedObjectsArraysAndEscapes() {
        StringBuilder sb = new StringBuilder();
        JsonWriter w = new JsonWriter(sb);
        w.beginObject().member("s", "a\"b\\c\n\u0001é").member("n", 42).member("t", true).name("x").nullValue()
                .name("d").value(0.5).name("i").value(Double.NaN)
                .name("a").beginArray().value(1).beginObject().endObject().beginArray().endArray().endArray()
                .name("o").beginObject().member("k", (String) null).endObject().endObject();
        assertEquals("{\n"
                + "  \"s\": \"a\\\"b\\\\c\\n\\u0001é\",\n"
                + "  \"n\": 42,\n"
                + "  \"t\": true,\n"
                + "  \"x\": null,\n"
                + "  \"d\": 0.5,\n"
                + "  \"i\": null,\n"
                + "  \"a\": [\n"
                + "    1,\n"
                + "    {},\n"
                + "    []\n"
                + "  ],\n"
                + "  \"o\": {\n"
                + "    \"k\": null\n"
                + "  }\n"
                + "}", sb.toString());
    }

    @Test
    void wholeNumbersInDoublesLoseTheirDecimals() {
        StringBuilder sb = new StringBuilder();
        new JsonWriter(sb).beginArray().value(3.0).value(1234.5678901).value(-0.25).endArray();
        assertEquals("[\n  3,\n  1234.56789,\n  -0.25\n]", sb.toString());
    }
}
