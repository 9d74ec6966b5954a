package io.dealstream.platform.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dealstream.events.EventJson;
import io.dealstream.platform.problem.JsonProblems;
import io.dealstream.platform.problem.Problem;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the services' REST mapper reads request bodies: each value only as its own JSON type, one JSON value, known
 * fields once, texts without control characters, dates in the API's range; and how each refusal reads as a problem.
 */
class JsonSettingsTest {

    enum Kind { IMMEDIATE, CONTINGENT }

    record Line(String investor, BigDecimal committed) {
    }

    record Body(String name, BigDecimal amount, Integer years, Kind kind, Boolean exclusive, LocalDate on,
            List<Line> investors, List<BigDecimal> schedule) {
    }

    static final ObjectMapper REST = new ObjectMapper();

    static {
        new JsonSettings().customize(REST);
    }

    @Test
    void aBodyOfTheRightTypesIsReadExactly() throws Exception {
        Body body = REST.readValue("""
                {"name": "Series Z", "amount": 1000000.50, "years": 7, "kind": "CONTINGENT", "exclusive": false,
                 "on": "2199-12-31", "investors": [{"investor": "Amazon \u00e9\ud83d\ude80", "committed": 15000000000}],
                 "schedule": [1, 2.25]}""", Body.class);
        assertEquals(new Body("Series Z", new BigDecimal("1000000.50"), 7, Kind.CONTINGENT, false,
                LocalDate.of(2199, 12, 31), List.of(new Line("Amazon \u00e9\ud83d\ude80", new BigDecimal("15000000000"))),
                List.of(new BigDecimal("1"), new BigDecimal("2.25"))), body);
        assertEquals(LocalDate.of(2000, 1, 1), REST.readValue("{\"on\": \"2000-01-01\"}", Body.class).on());
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # body                                                   | field                  | message
            `{"amount": "1000.00"}`                                  | amount                 | must be a JSON number
            `{"amount": true}`                                       | amount                 | must be a JSON number
            `{"kind": 1}`                                            | kind                   | must be one of [IMMEDIATE, CONTINGENT]
            `{"kind": "1"}`                                          | kind                   | must be one of [IMMEDIATE, CONTINGENT]
            `{"kind": ""}`                                           | kind                   | must be one of [IMMEDIATE, CONTINGENT]
            `{"years": 2.5}`                                         | years                  | must be a whole JSON number
            `{"years": 2.0}`                                         | years                  | must be a whole JSON number
            `{"years": "2"}`                                         | years                  | must be a whole JSON number
            `{"years": 99999999999}`                                 | years                  | must be a whole number from -2147483648 to 2147483647
            `{"name": 123}`                                          | name                   | must be a JSON string
            `{"name": 1.5}`                                          | name                   | must be a JSON string
            `{"name": true}`                                         | name                   | must be a JSON string
            `{"name": {}}`                                           | name                   | must be a JSON string
            `{"name": ["a"]}`                                        | name                   | must be a JSON string
            `{"exclusive": "true"}`                                  | exclusive              | must be true or false
            `{"exclusive": 1}`                                       | exclusive              | must be true or false
            `{"investors": {"investor": "A"}}`                       | investors              | must be a JSON array
            `{"investors": [1]}`                                     | investors[0]           | must be a JSON object
            `{"investors": [{"investor": "A", "committed": "5"}]}`   | investors[0].committed | must be a JSON number
            `{"schedule": [1, "2"]}`                                 | schedule[1]            | must be a JSON number
            `[]`                                                     | $                      | must be a JSON object
            `"a body"`                                               | $                      | must be a JSON object
            `{"name": "a"} {"name": "b"}`                            | $                      | must be one JSON value with nothing after it
            `{"name": "a"}garbage`                                   | $                      | must be one JSON value with nothing after it
            `{"name": "a"}]`                                         | $                      | is not valid JSON at line 1, column 14
            `amount=5`                                               | $                      | is not valid JSON at line 1, column 1
            `{"kind": " IMMEDIATE"}`                                 | kind                   | must be one of [IMMEDIATE, CONTINGENT]
            `{"kind": "IMMEDIATE\\u0000"}`                           | kind                   | must be one of [IMMEDIATE, CONTINGENT]
            `{"kind": "IMMEDIATE\\t"}`                               | kind                   | must be one of [IMMEDIATE, CONTINGENT]
            `{"kind": "IMMEDIATE\u0000"}`                            | kind                   | must not contain control characters or line breaks; found U+0000
            `{"kind": "immediate"}`                                  | kind                   | must be one of [IMMEDIATE, CONTINGENT]
            `{"name": "a", "name": "b"}`                             | name                   | is given twice
            `{"investors": [{"investor": "A", "investor": "B"}]}`    | investors[0].investor  | is given twice
            `{"nmae": "a"}`                                          | nmae                   | is not a field of this body; its fields are [amount, exclusive, investors, kind, name, on, schedule, years]
            `{"investors": [{"investor": "A", "share": 1}]}`         | investors[0].share     | is not a field of this body; its fields are [committed, investor]
            `{"amount": NaN}`                                        | amount                 | must be a JSON number (digits, an optional fraction and exponent; no NaN, Infinity or leading zeros)
            `{"amount": 007}`                                        | amount                 | must be a JSON number (digits, an optional fraction and exponent; no NaN, Infinity or leading zeros)
            `{"amount": 1E+2147483648}`                              | amount                 | must be a number of at most 1000 digits
            `{"amount": 1e-2147483649}`                              | amount                 | must be a number of at most 1000 digits
            `{"name": "a",`                                          | $                      | is not valid JSON: it ends before its value is complete
            `{name: "a"}`                                            | $                      | is not valid JSON at line 1, column 2
            """)
    void aValueOfAnotherTypeOrShapeIsRefusedNamingItsPath(String json, String field, String message) {
        assertRefused(json, field, message);
    }

    @Test
    void aNumberOfTooManyDigitsIsRefusedWhereverItIs() {
        String digits = "9".repeat(1001);
        assertRefused("{\"amount\": " + digits + "}", "amount", "must be a number of at most 1000 digits");
        assertRefused("{\"amount\": 0." + digits + "}", "amount", "must be a number of at most 1000 digits");
        assertRefused("{\"investors\": [{\"investor\": \"A\", \"committed\": " + digits + "}]}",
                "investors[0].committed", "must be a number of at most 1000 digits");
        assertRefused("{\"schedule\": [1, " + digits + "]}", "schedule[1]", "must be a number of at most 1000 digits");
        assertRefused("{\"years\": " + digits + "}", "years", "must be a number of at most 1000 digits");
    }

    @ParameterizedTest(name = "U+{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0000 | 2
            0001 | 2
            0009 | 2
            000A | 2
            000D | 2
            001B | 2
            001F | 2
            007F | 2
            0080 | 2
            0085 | 2
            009F | 2
            2028 | 2
            2029 | 2
            """)
    void aControlCharacterOrLineBreakInAnyTextIsRefusedNamingIt(String code, int at) {
        String escaped = "\\u" + code;
        assertRefused("{\"name\": \"a" + escaped + "b\"}", "name",
                "must not contain control characters or line breaks; found U+" + code + " at character " + at);
        assertRefused("{\"investors\": [{\"investor\": \"x" + escaped + "\"}]}", "investors[0].investor",
                "must not contain control characters or line breaks; found U+" + code + " at character " + at);
    }

    @Test
    void aControlCharacterSentUnescapedIsRefusedNamingTheField() {
        assertRefused("{\"name\": \"a\u0001b\"}", "name", "must not contain control characters or line breaks; found U+0001");
        assertRefused("{\"investors\": [{\"investor\": \"a\u0000\"}]}", "investors[0].investor",
                "must not contain control characters or line breaks; found U+0000");
    }

    @Test
    void halfASurrogatePairIsRefusedAndAWholeOneKept() throws Exception {
        assertRefused("{\"name\": \"a\\ud800b\"}", "name",
                "must be valid Unicode text; found half a surrogate pair U+D800 at character 2");
        assertRefused("{\"name\": \"ab\\udc00\"}", "name",
                "must be valid Unicode text; found half a surrogate pair U+DC00 at character 3");
        assertEquals("a\ud83d\ude80", REST.readValue("{\"name\": \"a\\ud83d\\ude80\"}", Body.class).name());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-9999999-01-01", "+9999999-12-31", "0000-01-01", "10000-01-01", "1999-12-31", "2200-01-01",
            "-2026-03-31", "99999999999999999999-01-01"})
    void aDateOutsideTheApisRangeIsRefusedNamingTheRange(String date) {
        assertRefused("{\"on\": \"" + date + "\"}", "on", "must be between 2000-01-01 and 2199-12-31");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"20260331", "[2026, 3, 31]", "\"31/03/2026\"", "\"2026-3-31\"", "\"+2026-03-31\"",
            "\" 2026-03-31\"", "\"2026-03-31T00:00:00Z\"", "\"\"", "true", "{}"})
    void aDateThatIsNotYyyyMmDdIsRefused(String value) {
        assertRefused("{\"on\": " + value + "}", "on", "must be a date written as a JSON string YYYY-MM-DD, e.g. 2026-03-31");
    }

    @Test
    void aDayNotOnTheCalendarIsRefused() {
        assertRefused("{\"on\": \"2026-02-30\"}", "on", "must be a day of the calendar, YYYY-MM-DD");
        assertRefused("{\"on\": \"2026-13-01\"}", "on", "must be a day of the calendar, YYYY-MM-DD");
    }

    @Test
    void aControlCharacterInAnUnknownFieldsNameIsShownEscaped() {
        assertRefused("{\"na\\u0000me\": 1}", "na\\u0000me",
                "is not a field of this body; its fields are [amount, exclusive, investors, kind, name, on, schedule, years]");
    }

    @Test
    void theEventContractsOwnReaderKeepsItsRules() throws Exception {
        // strictness is the REST mapper's: the contract's reader is configured by the contract alone
        ObjectMapper events = EventJson.configure(new ObjectMapper());
        assertEquals(new BigDecimal("1000.00"), events.readValue("{\"amount\": \"1000.00\"}", Body.class).amount());
    }

    private static void assertRefused(String json, String field, String message) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> REST.readValue(json, Body.class));
        Problem problem = JsonProblems.of(e);
        assertEquals(400, problem.status());
        assertEquals(List.of(new Problem.FieldError(field, message)), problem.body("/x").get("errors"));
        assertEquals(field + ": " + message, problem.getMessage());
    }
}
