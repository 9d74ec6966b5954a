package io.dealstream.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.platform.problem.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

    enum Colour { RED, GREEN, DARK_BLUE }

    @Test
    void anAbsentOrBlankOptionalParameterIsNoValueAndNoError() {
        QueryParams params = new QueryParams();
        assertNull(params.optional(Colour.class, "colour", null));
        assertNull(params.optional(Colour.class, "colour", List.of()));
        assertNull(params.optional(Colour.class, "colour", List.of("")));
        assertNull(params.optional(Colour.class, "colour", List.of("  ")));
        params.check();
    }

    @Test
    void aValueIsReadInAnyCaseWithDashesOrSpacesForUnderscores() {
        QueryParams params = new QueryParams();
        assertEquals(Colour.GREEN, params.optional(Colour.class, "colour", List.of("GREEN")));
        assertEquals(Colour.GREEN, params.optional(Colour.class, "colour", List.of("green")));
        assertEquals(Colour.GREEN, params.optional(Colour.class, "colour", List.of(" Green ")));
        assertEquals(Colour.DARK_BLUE, params.optional(Colour.class, "colour", List.of("dark-blue")));
        assertEquals(Colour.DARK_BLUE, params.optional(Colour.class, "colour", List.of("Dark Blue")));
        assertEquals(Colour.DARK_BLUE, params.required(Colour.class, "colour", List.of("DARK_blue")));
        params.check();
    }

    @Test
    void anUnknownValueIsA400NamingTheParameterAndTheKnownValues() {
        QueryParams params = new QueryParams();
        assertNull(params.optional(Colour.class, "colour", List.of("BLUE")));
        Problem p = assertThrows(Problem.class, params::check);
        assertEquals(400, p.status());
        assertTrue(p.getMessage().contains("colour") && p.getMessage().contains("[RED, GREEN, DARK_BLUE]"),
                p.getMessage());
        assertEquals("colour: 'BLUE' is not one of [RED, GREEN, DARK_BLUE]", p.getMessage());
        assertEquals(List.of(new Problem.FieldError("colour", "'BLUE' is not one of [RED, GREEN, DARK_BLUE]")),
                p.body("/paint").get("errors"));
    }

    @Test
    void aMissingOrBlankRequiredParameterIsNamedWithTheKnownValues() {
        QueryParams params = new QueryParams();
        assertNull(params.required(Colour.class, "colour", null));
        assertNull(params.required(Colour.class, "shade", List.of(" ")));
        Problem p = assertThrows(Problem.class, params::check);
        assertEquals(List.of(
                new Problem.FieldError("colour", "is required; one of [RED, GREEN, DARK_BLUE]"),
                new Problem.FieldError("shade", "is required; one of [RED, GREEN, DARK_BLUE]")),
                p.body("/paint").get("errors"));
    }

    @Test
    void aRepeatedParameterIsRefusedRatherThanCutToItsFirstValue() {
        QueryParams params = new QueryParams();
        assertNull(params.optional(Colour.class, "colour", List.of("red", "green")));
        assertNull(params.required(Colour.class, "shade", List.of("red", "red", "red")));
        Problem p = assertThrows(Problem.class, params::check);
        assertEquals("colour: is given 2 times; give one of [RED, GREEN, DARK_BLUE] once; "
                + "shade: is given 3 times; give one of [RED, GREEN, DARK_BLUE] once", p.getMessage());
    }

    @Test
    void everyParameterAtFaultIsNamedInOneProblem() {
        QueryParams params = new QueryParams();
        params.required(Colour.class, "colour", List.of("mauve"));
        params.optional(Colour.class, "shade", List.of("teal"));
        params.optional(Colour.class, "trim", List.of("red"));
        Problem p = assertThrows(Problem.class, params::check);
        Map<String, Object> body = p.body("/paint");
        assertEquals(400, body.get("status"));
        assertEquals("Bad Request", body.get("title"));
        assertEquals("colour: 'mauve' is not one of [RED, GREEN, DARK_BLUE]; "
                + "shade: 'teal' is not one of [RED, GREEN, DARK_BLUE]", body.get("detail"));
        assertEquals(List.of("colour", "shade"),
                ((List<?>) body.get("errors")).stream().map(e -> ((Problem.FieldError) e).field()).toList());
    }

    @Test
    void anAbsentOrBlankNumberIsItsDefaultAndAGivenOneIsReadTrimmed() {
        QueryParams params = new QueryParams();
        assertEquals(500, params.number("limit", null, 1, 5000, 500));
        assertEquals(500, params.number("limit", List.of(), 1, 5000, 500));
        assertEquals(500, params.number("limit", List.of(" "), 1, 5000, 500));
        assertEquals(1, params.number("limit", List.of("1"), 1, 5000, 500));
        assertEquals(5000, params.number("limit", List.of(" 5000 "), 1, 5000, 500));
        assertEquals(42, params.number("after", List.of("+42"), 0, Long.MAX_VALUE, 0));
        assertEquals(Long.MAX_VALUE, params.number("after", List.of("9223372036854775807"), 0, Long.MAX_VALUE, 0));
        params.check();
    }

    @Test
    void aNumberThatIsNoWholeNumberIsA400NamingTheParameter() {
        QueryParams params = new QueryParams();
        assertEquals(500, params.number("limit", List.of("abc"), 1, 5000, 500));
        assertEquals(0, params.number("after", List.of("1.5"), 0, Long.MAX_VALUE, 0));
        assertEquals(0, params.number("waitMs", List.of("1e3"), 0, 30_000, 0));
        Problem p = assertThrows(Problem.class, params::check);
        assertEquals(400, p.status());
        assertEquals("limit: 'abc' is not a whole number; after: '1.5' is not a whole number; "
                + "waitMs: '1e3' is not a whole number", p.getMessage());
        assertEquals(List.of(new Problem.FieldError("limit", "'abc' is not a whole number"),
                new Problem.FieldError("after", "'1.5' is not a whole number"),
                new Problem.FieldError("waitMs", "'1e3' is not a whole number")), p.body("/events").get("errors"));
    }

    @Test
    void aNumberOutOfItsBoundsIsA400NamingTheBound() {
        QueryParams params = new QueryParams();
        assertEquals(0, params.number("after", List.of("-1"), 0, Long.MAX_VALUE, 0));
        assertEquals(500, params.number("limit", List.of("0"), 1, 5000, 500));
        assertEquals(500, params.number("limit", List.of("5001"), 1, 5000, 500));
        assertEquals(0, params.number("waitMs", List.of("60000"), 0, 30_000, 0));
        Problem p = assertThrows(Problem.class, params::check);
        assertEquals("after: must be 0 or more, not -1; limit: must be 1 or more, not 0; "
                + "limit: must be 5000 or less, not 5001; waitMs: must be 30000 or less, not 60000", p.getMessage());
    }

    @Test
    void digitsBeyondALongAreOutOfBoundsNotMalformed() {
        QueryParams params = new QueryParams();
        params.number("after", List.of("99999999999999999999"), 0, Long.MAX_VALUE, 0);
        params.number("before", List.of("-99999999999999999999"), 0, 10, 0);
        Problem p = assertThrows(Problem.class, params::check);
        assertEquals("after: must be 9223372036854775807 or less, not 99999999999999999999; "
                + "before: must be 0 or more, not -99999999999999999999", p.getMessage());
    }

    @Test
    void aRepeatedNumberIsRefusedRatherThanCutToItsFirstValue() {
        QueryParams params = new QueryParams();
        assertEquals(500, params.number("limit", List.of("10", "20"), 1, 5000, 500));
        Problem p = assertThrows(Problem.class, params::check);
        assertEquals(List.of(new Problem.FieldError("limit", "is given 2 times; give it once")),
                p.body("/events").get("errors"));
    }

    @Test
    void aListsLimitIsOneToAThousandAndAHundredWhenNotGiven() {
        QueryParams params = new QueryParams();
        assertEquals(100, params.limit(null));
        assertEquals(100, params.limit(List.of(" ")));
        assertEquals(1, params.limit(List.of("1")));
        assertEquals(1000, params.limit(List.of("1000")));
        params.check();

        QueryParams wrong = new QueryParams();
        wrong.limit(List.of("0"));
        wrong.limit(List.of("1001"));
        wrong.limit(List.of("abc"));
        wrong.limit(List.of("1", "2"));
        Problem p = assertThrows(Problem.class, wrong::check);
        assertEquals(List.of(new Problem.FieldError("limit", "must be 1 or more, not 0"),
                new Problem.FieldError("limit", "must be 1000 or less, not 1001"),
                new Problem.FieldError("limit", "'abc' is not a whole number"),
                new Problem.FieldError("limit", "is given 2 times; give it once")), p.body("/tranches").get("errors"));
    }

    @Test
    void anAfterIdIsAnyIdEvenOneThatNamesNoItem() {
        QueryParams params = new QueryParams();
        assertNull(params.afterId(null));
        assertNull(params.afterId(List.of("")));
        assertEquals("amazon-t1", params.afterId(List.of("amazon-t1")));
        assertEquals("zzz-no-such-tranche", params.afterId(List.of(" zzz-no-such-tranche ")));
        assertEquals("a".repeat(64), params.afterId(List.of("a".repeat(64))));
        params.check();
    }

    @Test
    void anAfterIdThatCouldNameNoItemEverIsA400NamingAfter() {
        QueryParams params = new QueryParams();
        assertNull(params.afterId(List.of("a".repeat(65))));
        assertNull(params.afterId(List.of("a".repeat(10_000))));
        assertNull(params.afterId(List.of("amazon t1")));
        assertNull(params.afterId(List.of("-t1")));
        assertNull(params.afterId(List.of("t1\u0000")));
        assertNull(params.afterId(List.of("t1", "t2")));
        Problem p = assertThrows(Problem.class, params::check);
        String id = "it must be letters, digits, '.', '_' or '-', starting with a letter or digit";
        assertEquals(List.of(new Problem.FieldError("after", "is 65 characters long; an id is at most 64"),
                new Problem.FieldError("after", "is 10000 characters long; an id is at most 64"),
                new Problem.FieldError("after", "'amazon t1' is not an id: " + id),
                new Problem.FieldError("after", "'-t1' is not an id: " + id),
                new Problem.FieldError("after", "'t1\u0000' is not an id: " + id),
                new Problem.FieldError("after", "is given 2 times; give it once")), p.body("/tranches").get("errors"));
    }

    @Test
    void anAfterPositionIsAWholeNumberFromZero() {
        QueryParams params = new QueryParams();
        assertEquals(0, params.afterPosition(null));
        assertEquals(3, params.afterPosition(List.of("3")));
        assertEquals(Long.MAX_VALUE, params.afterPosition(List.of("9223372036854775807")));
        params.check();

        QueryParams wrong = new QueryParams();
        wrong.afterPosition(List.of("-1"));
        wrong.afterPosition(List.of("t-3"));
        Problem p = assertThrows(Problem.class, wrong::check);
        assertEquals("after: must be 0 or more, not -1; after: 't-3' is not a whole number", p.getMessage());
    }
}
