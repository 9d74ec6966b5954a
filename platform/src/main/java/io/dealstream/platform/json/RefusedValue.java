package io.dealstream.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON value of the right type that an input rule refuses (a control character, a date out of range...). Its
 * {@link #rule()} is already in the API's words; Jackson adds the JSON path of the value as it unwinds.
 */
public class RefusedValue extends MismatchedInputException {

    private final String rule;

    public RefusedValue(JsonParser parser, Class<?> type, String rule) {
        super(parser, rule, type);
        this.rule = rule;
    }

    /** What the value must be, e.g. {@code must be between 2000-01-01 and 2199-12-31}. */
    public String rule() {
        return rule;
    }
}
