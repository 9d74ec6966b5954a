package io.dealstream.platform.http;

import io.dealstream.platform.problem.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads query parameters that name a known value (a tranche state, a product, a cloud...) case-insensitively,
 * with '-' or ' ' for '_' ({@code google-cloud} is GOOGLE_CLOUD), or a whole number within bounds, and collects what
 * is wrong with them so that one 400 names every parameter at fault and lists its known values or its bounds.
 *
 * <p>A resource declares such a parameter as {@code @QueryParam("name") List<String>}: read by JAX-RS as the enum
 * or number itself, a value that does not convert would be a 404, and read as one String, a repeated parameter would
 * silently keep its first value. Here a repeat is refused.
 */
public final class QueryParams {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

    private final List<Problem.FieldError> errors = new ArrayList<>();

    /** The value, or null (and an error) when it is missing, blank, repeated or unknown. */
    public <E extends Enum<E>> E required(Class<E> type, String name, List<String> values) {
        if (isAbsent(values)) {
            errors.add(new Problem.FieldError(name, "is required; one of " + known(type)));
            return null;
        }
        return optional(type, name, values);
    }

    /** The value, or null when it is absent or blank (no filter), or repeated or unknown (an error). */
    public <E extends Enum<E>> E optional(Class<E> type, String name, List<String> values) {
        if (values != null && values.size() > 1) {
            errors.add(new Problem.FieldError(name, "is given " + values.size() + " times; give one of "
                    + known(type) + " once"));
            return null;
        }
        if (isAbsent(values)) {
            return null;
        }
        String value = values.getFirst();
        String constant = value.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (E known : type.getEnumConstants()) {
            if (known.name().equals(constant)) {
                return known;
            }
        }
        errors.add(new Problem.FieldError(name, "'" + value + "' is not one of " + known(type)));
        return null;
    }

    /**
     * The whole number, from {@code min} to {@code max}; {@code dflt} when it is absent or blank, and also (with an
     * error) when it is repeated, not a whole number or out of bounds.
     */
    public long number(String name, List<String> values, long min, long max, long dflt) {
        if (values != null && values.size() > 1) {
            errors.add(new Problem.FieldError(name, "is given " + values.size() + " times; give it once"));
            return dflt;
        }
        if (isAbsent(values)) {
            return dflt;
        }
        String value = values.getFirst().trim();
        long number;
        boolean beyondLong = false;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            if (!WHOLE_NUMBER.matcher(value).matches()) {
                errors.add(new Problem.FieldError(name, "'" + value + "' is not a whole number"));
                return dflt;
            }
            // digits beyond a long: out of bounds on their side, whatever the bound
            number = value.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
            beyondLong = true;
        }
        if (number < min || beyondLong && number < 0) {
            errors.add(new Problem.FieldError(name, "must be " + min + " or more, not " + value));
            return dflt;
        }
        if (number > max || beyondLong) {
            errors.add(new Problem.FieldError(name, "must be " + max + " or less, not " + value));
            return dflt;
        }
        return number;
    }

    /** Throws the 400 that names every parameter at fault, if any is. */
    public void check() {
        if (!errors.isEmpty()) {
            String detail = errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
            throw new Problem(400, "Bad Request", detail, errors, Map.of());
        }
    }

    private static boolean isAbsent(List<String> values) {
        return values == null || values.isEmpty() || values.size() == 1 && isBlank(values.getFirst());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String known(Class<? extends Enum<?>> type) {
        return Arrays.toString(type.getEnumConstants());
    }
}
