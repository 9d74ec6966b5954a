package io.dealstream.platform.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dealstream.platform.problem.Problem;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyTest {

    @Test
    void withoutTheHeaderThereIsNoKey() {
        assertNull(IdempotencyKey.read(null));
        assertNull(IdempotencyKey.read(List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8e03978e-40d5-43e8-bc93-6894a57f9324", "01HZX3K7Q9", "a", "fund:amazon-t1.retry_2~x"})
    void aKeyOfLettersDigitsAndItsFivePunctuationMarksIsTakenAsItIs(String key) {
        assertEquals(key, IdempotencyKey.read(List.of(key)));
        assertEquals(true, Pattern.matches(IdempotencyKey.PATTERN, key), "the documented pattern agrees");
    }

    @Test
    void aKeyIsAtMost255Characters() {
        String longest = "k".repeat(255);
        assertEquals(longest, IdempotencyKey.read(List.of(longest)));
        assertRefused("is 256 characters long; at most 255 are accepted", "k".repeat(256));
        assertRefused("is 1000 characters long; at most 255 are accepted", "k".repeat(1000));
    }

    @Test
    void anEmptyKeyIsRefused() {
        assertRefused("is empty; a key is 1 to 255 characters", "");
    }

    @Test
    void aKeySentTwiceIsRefusedWhetherTheSameOrNot() {
        Problem twice = assertThrows(Problem.class, () -> IdempotencyKey.read(List.of("a", "a")));
        assertEquals("Idempotency-Key: is sent 2 times; a request has one key", twice.getMessage());
        assertEquals(400, twice.status());
    }

    @Test
    void anyOtherCharacterIsNamedWithItsPosition() {
        String only = "; a key is ASCII letters, digits and - _ . : ~ only";
        assertRefused("contains the character U+0009 at position 4" + only, "abc\tdef");
        assertRefused("contains the character U+0000 at position 1" + only, "\u0000");
        assertRefused("contains the character U+0085 at position 2" + only, "a\u0085");
        assertRefused("contains '\"' at position 1" + only, "\"quoted\"");
        assertRefused("contains ',' at position 2" + only, "a,b");
        assertRefused("contains the character U+0020 at position 2" + only, "a b");
        assertRefused("contains the character U+00E9 at position 4" + only, "caf\u00e9");
    }

    private static void assertRefused(String message, String key) {
        Problem refused = assertThrows(Problem.class, () -> IdempotencyKey.read(List.of(key)));
        assertEquals(400, refused.status());
        assertEquals(List.of(new Problem.FieldError("Idempotency-Key", message)), refused.body("/x").get("errors"));
    }
}
