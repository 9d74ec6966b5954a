package io.dealstream.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EntityTagsTest {

    @Test
    void aVersionIsAStrongTagOfItsDigits() {
        assertEquals("\"1\"", EntityTags.of(1));
        assertEquals("\"9223372036854775807\"", EntityTags.of(Long.MAX_VALUE));
    }
}
