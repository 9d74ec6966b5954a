package io.dealstream.distribution;

import io.dealstream.platform.problem.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads query parameters that name a known value (a product, a cloud, a status...) case-insensitively, with
 * '-' or ' ' for '_' ({@code google-cloud} is GOOGLE_CLOUD), and collects what is wrong with them so that one
 * 400 names every parameter at fault and lists its known values.
 */
public final class QueryParams {

    private final List<Problem.FieldError> errors = new ArrayList<>();

    /** The value, or null (and an error) when it is missing or unknown. */
    public <E extends Enum<E>> E required(Class<E> type, String name, String value) {
        if (value == null || value.isBlank()) {
            errors.add(new Problem.FieldError(name, "is required; one of " + known(type)));
            return null;
        }
        return optional(type, name, value);
    }

    /** The value, or null when it is absent (no filter) or unknown (an error). */
    public <E extends Enum<E>> E optional(Class<E> type, String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String constant = value.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (E known : type.getEnumConstants()) {
            if (known.name().equals(constant)) {
                return known;
            }
        }
        errors.add(new Problem.FieldError(name, "'" + value + "' is not one of " + known(type)));
        return null;
    }

    /** Throws the 400 that names every parameter at fault, if any is. */
    public void check() {
        if (!errors.isEmpty()) {
            String detail = errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
            throw new Problem(400, "Bad Request", detail, errors, Map.of());
        }
    }

    private static String known(Class<? extends Enum<?>> type) {
        return Arrays.toString(type.getEnumConstants());
    }
}
