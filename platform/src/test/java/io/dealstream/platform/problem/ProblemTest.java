package io.dealstream.platform.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTest {

    enum Colour { RED, GREEN }

    @Test
    void bodyFollowsRfc9457AndCarriesFieldsAndExtensions() {
        Map<String, Object> body = Problem.conflict("tranche 'x' is FUNDED", Map.of("currentState", "FUNDED"))
                .body("/tranches/x/funding");
        assertEquals(List.of("type", "title", "status", "detail", "instance", "currentState"), List.copyOf(body.keySet()));
        assertEquals(409, body.get("status"));
        assertEquals("/tranches/x/funding", body.get("instance"));

        Map<String, Object> invalid = Problem.unprocessable("amount", "must equal 15000000000.00").body("/t");
        assertEquals(422, invalid.get("status"));
        assertEquals(List.of(new Problem.FieldError("amount", "must equal 15000000000.00")), invalid.get("errors"));
    }

    @Test
    void enumParamNamesTheParameterAndTheKnownValues() {
        assertNull(Problem.enumParam(Colour.class, "colour", null));
        assertEquals(Colour.GREEN, Problem.enumParam(Colour.class, "colour", "GREEN"));
        Problem p = assertThrows(Problem.class, () -> Problem.enumParam(Colour.class, "colour", "BLUE"));
        assertEquals(400, p.status());
        assertTrue(p.getMessage().contains("colour") && p.getMessage().contains("[RED, GREEN]"), p.getMessage());
    }
}
