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
}
