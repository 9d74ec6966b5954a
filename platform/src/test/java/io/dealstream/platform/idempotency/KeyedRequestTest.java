package io.dealstream.platform.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyedRequestTest {

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theSameMethodPathAndBodyHaveOneFingerprintWhoeverSendsThem() {
        KeyedRequest first = KeyedRequest.of("deal-admin", "k", "POST", "/tranches", body("{\"amount\":1}"));
        KeyedRequest again = KeyedRequest.of("someone", "k2", "POST", "/tranches", body("{\"amount\":1}"));
        assertEquals(first.fingerprint(), again.fingerprint());
        assertEquals(64, first.fingerprint().length());
        assertEquals("POST /tranches", first.request());
    }

    @Test
    void anotherBodyOrPathIsAnotherFingerprint() {
        String fingerprint = KeyedRequest.of("c", "k", "POST", "/tranches", body("{\"amount\":1}")).fingerprint();
        assertNotEquals(fingerprint, KeyedRequest.of("c", "k", "POST", "/tranches", body("{\"amount\":2}"))
                .fingerprint());
        assertNotEquals(fingerprint, KeyedRequest.of("c", "k", "POST", "/rounds", body("{\"amount\":1}"))
                .fingerprint());
    }
}
