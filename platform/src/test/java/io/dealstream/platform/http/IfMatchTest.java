package io.dealstream.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dealstream.platform.problem.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IfMatchTest {

    @Test
    void withoutTheHeaderAnyVersionGoes() {
        assertSame(IfMatch.NONE, IfMatch.of(null));
        assertSame(IfMatch.NONE, IfMatch.of(List.of()));
        IfMatch.NONE.require(7, "tranche 't'");
    }

    @Test
    void theCurrentTagMatchesAndAStaleOneIsA412WithTheCurrentVersionAndETag() {
        IfMatch.of(List.of("\"3\"")).require(3, "tranche 't'");
        Problem stale = assertThrows(Problem.class, () -> IfMatch.of(List.of("\"2\"")).require(3, "tranche 't'"));
        assertEquals(412, stale.status());
        assertEquals(Map.of("ETag", "\"3\""), stale.headers());
        Map<String, Object> body = stale.body("/tranches/t/funding");
        assertEquals("Precondition Failed", body.get("title"));
        assertEquals(3L, body.get("currentVersion"));
        String message = "tranche 't' is at version 3 (ETag \"3\"), which \"2\" does not match; read it again and "
                + "decide anew";
        assertEquals("If-Match: " + message, body.get("detail"));
        assertEquals(List.of(new Problem.FieldError("If-Match", message)), body.get("errors"));
    }

    @Test
    void aStarMatchesWhateverTheVersion() {
        IfMatch.of(List.of("*")).require(1, "tranche 't'");
        IfMatch.of(List.of(" * ")).require(42, "tranche 't'");
    }

    @Test
    void aListMatchesWhenAnyOfItsTagsIsTheCurrentOneOnOneLineOrOnSeveral() {
        IfMatch.of(List.of("\"1\", \"2\"")).require(2, "tranche 't'");
        IfMatch.of(List.of("\"1\"", "\"2\"")).require(1, "tranche 't'");
        IfMatch.of(List.of("\"1\",,\"2\" ,")).require(2, "tranche 't'");
        Problem none = assertThrows(Problem.class, () -> IfMatch.of(List.of("\"1\", \"2\"")).require(3, "x"));
        assertEquals("If-Match: x is at version 3 (ETag \"3\"), which \"1\", \"2\" does not match; read it again "
                + "and decide anew", none.getMessage());
    }

    @Test
    void aWeakTagIsWellFormedButNeverMatchesForIfMatchComparesStrongly() {
        Problem weak = assertThrows(Problem.class, () -> IfMatch.of(List.of("W/\"3\"")).require(3, "tranche 't'"));
        assertEquals(412, weak.status());
        assertEquals("If-Match: tranche 't' is at version 3 (ETag \"3\"), which W/\"3\" does not match (a weak tag "
                + "never matches: If-Match compares strongly); read it again and decide anew", weak.getMessage());
        IfMatch.of(List.of("W/\"3\", \"3\"")).require(3, "tranche 't'");
    }

    @Test
    void aTagIsComparedCharacterByCharacter() {
        assertEquals(412, assertThrows(Problem.class, () -> IfMatch.of(List.of("\"03\"")).require(3, "x")).status());
        assertEquals(412, assertThrows(Problem.class, () -> IfMatch.of(List.of("\"\"")).require(3, "x")).status());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "3|an entity tag is quoted, such as \"3\"; found '3' at position 1",
        "W/3|an entity tag is quoted, such as \"3\"; found '3' at position 3",
        "W/|an entity tag is quoted, such as \"3\"; found the end",
        "\"3|the entity tag opened at position 1 is not closed",
        "\"1\" \"2\"|entity tags are separated by commas; found '\"' at position 5",
        "\"1\"; \"2\"|entity tags are separated by commas; found ';' at position 4",
        "*, \"1\"|\"*\" stands alone, not in a list",
        "\"1\", *|\"*\" stands alone, not in a list",
        "\"a b\"|an entity tag holds no space or control character; found U+0020 at position 3",
        "``|it is empty",
        "` , `|it is empty"
    })
    void aMalformedValueIsA400NamingIfMatch(String value, String why) {
        Problem malformed = assertThrows(Problem.class, () -> IfMatch.of(List.of(value)));
        assertEquals(400, malformed.status());
        String message = "is not \"*\" or a list of entity tags such as \"3\": " + why;
        assertEquals(List.of(new Problem.FieldError("If-Match", message)), malformed.body("/x").get("errors"));
    }

    @Test
    void aControlCharacterInATagIsNamedByItsCodePoint() {
        Problem malformed = assertThrows(Problem.class, () -> IfMatch.of(List.of("\"1\t2\"")));
        assertEquals("If-Match: is not \"*\" or a list of entity tags such as \"3\": an entity tag holds no space or "
                + "control character; found U+0009 at position 3", malformed.getMessage());
    }
}
