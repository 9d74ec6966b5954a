package io.dealstream.platform.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTest {

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
    void foundIsTheThingOrA404NamingWhatIsMissing() {
        assertEquals("t-1", Problem.found("t-1", "tranche", "t-1"));
        Problem p = assertThrows(Problem.class, () -> Problem.found(null, "tranche", "no-such"));
        assertEquals(404, p.status());
        assertEquals("no tranche 'no-such'", p.getMessage());
        assertEquals("Not Found", p.body("/tranches/no-such").get("title"));
    }
}
