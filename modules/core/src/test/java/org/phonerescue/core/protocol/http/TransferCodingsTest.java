package org.phonerescue.core.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9112 §6.1, §6.3: a message is chunked only when chunked is its final transfer coding. */
class TransferCodingsTest {

    @ParameterizedTest(name = "[{0}] chunked: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "chunked           | true",
        "gzip, chunked     | true",
        "Chunked           | true",
        "\" chunked \"     | true",
        "CHUNKED           | true",
        "gzip,chunked      | true",
        "\"gzip, chunked,\"| true",  // an empty list element (RFC 9110 §5.6.1)
        "chunked, gzip     | false", // not the final coding: the body runs to the close
        "identity          | false",
        "gzip              | false",
        "chunkedx          | false",
        "\"\"              | false",
        "\" , \"           | false",
    })
    void chunkedOnlyAsTheFinalCoding(String value, boolean chunked) {
        assertEquals(chunked, TransferCodings.chunked(value));
    }

    @org.junit.jupiter.api.Test
    void noFieldIsNotChunked() {
        assertEquals(false, TransferCodings.chunked(null));
    }

    /** RFC 9112 §6.3 rule 3: any Transfer-Encoding, chunked or not, overrides Content-Length. */
    @org.junit.jupiter.api.Test
    void aTransferEncodingOverridesContentLength() {
        assertEquals(100, TransferCodings.framedLength(null, 100));
        assertEquals(-1, TransferCodings.framedLength(null, -1));
        assertEquals(-1, TransferCodings.framedLength("gzip", 100));
        assertEquals(-1, TransferCodings.framedLength("chunked", 100));
    }
}
