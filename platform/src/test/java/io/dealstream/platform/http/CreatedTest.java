package io.dealstream.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CreatedTest {

    @Test
    void theLocationIsTheCollectionsPathAndTheIdWithNoHost() {
        assertEquals("/tranches/amazon-t9", Created.location("/tranches", "amazon-t9"));
        assertEquals("/tranches/amazon-t9", Created.location("/tranches/", "amazon-t9"));
        assertEquals("/rounds/openai-2026", Created.location("rounds", "openai-2026"));
    }

    @Test
    void anIdIsOneEncodedSegment() {
        assertEquals("/rights/a%2Fb%20c", Created.location("/rights", "a/b c"));
        assertEquals("/rights/%2F%2Fevil.example", Created.location("/rights", "//evil.example"));
    }
}
