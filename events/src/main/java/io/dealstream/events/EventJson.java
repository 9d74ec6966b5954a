package io.dealstream.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.LocalDate;

/**
 * The JSON form of event bodies. Money is written as plain decimal numbers (never 1.5E+10) and read back
 * as {@link java.math.BigDecimal}; dates are ISO-8601 strings.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private EventJson() {
    }

    /** Applies the contract's settings to a mapper (the services use it for their REST JSON too). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        // a date is an ISO string: a bare number would otherwise be read as days since 1970
        mapper.configOverride(LocalDate.class).setFormat(JsonFormat.Value.forLeniency(false));
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    public static String write(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write event body " + body, e);
        }
    }

    /** Reads an event body; a body that does not parse or lacks a required field is an invalid event. */
    public static <T> T read(String json, Class<T> type) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new InvalidEventException("empty body for " + type.getSimpleName());
            }
            return value;
        } catch (ValueInstantiationException e) {
            // the record's own check refused it: its message names the field
            Throwable why = e.getCause() instanceof IllegalArgumentException refused ? refused : e;
            throw new InvalidEventException("body is not a valid " + type.getSimpleName() + ": "
                    + why.getMessage().lines().findFirst().orElse(""), e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidEventException("body is not a valid " + type.getSimpleName() + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
