package io.dealstream.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RequestParametersTest {

    @Test
    void aValueWithoutControlCharactersPasses() {
        assertNull(RequestParameters.fault("amazon-t1"));
        assertNull(RequestParameters.fault("Série C ü 日本 a b"));
        assertNull(RequestParameters.fault(""));
    }

    @Test
    void theFirstControlCharacterIsNamedByCodePointAndPosition() {
        assertEquals("contains the control character U+000D at position 2; control characters (U+0000-U+001F, "
                + "U+007F-U+009F) are not allowed", RequestParameters.fault("x\r\nFORGED"));
        assertEquals("contains the control character U+0000 at position 1; control characters (U+0000-U+001F, "
                + "U+007F-U+009F) are not allowed", RequestParameters.fault("\u0000"));
        assertEquals("contains the control character U+007F at position 4; control characters (U+0000-U+001F, "
                + "U+007F-U+009F) are not allowed", RequestParameters.fault("abc\u007F"));
        assertEquals("contains the control character U+0085 at position 1; control characters (U+0000-U+001F, "
                + "U+007F-U+009F) are not allowed", RequestParameters.fault("\u0085"));
    }
}
