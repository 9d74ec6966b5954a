package io.dealstream.platform.http;

import io.dealstream.events.Limits;
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
 *
 * <p>A list's paging parameters ({@link Paging}) are read here too: {@link #limit}, and {@code after} as an id
 * ({@link #afterId}) or a position ({@link #afterPosition}).
 */
public final class QueryParams {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern ID = Pattern.compile(Limits.ID_PATTERN);

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

    /** A list's {@code limit}: 1 to {@link Paging#MAX_LIMIT}, {@link Paging#DEFAULT_LIMIT} when absent. */
    public int limit(List<String> values) {
        return (int) number(Paging.LIMIT, values, 1, Paging.MAX_LIMIT, Paging.DEFAULT_LIMIT);
    }

    /**
     * A list's {@code after} when its key is an id: null (from the first) when absent or blank, else an id as ids are
     * made (at most {@link Limits#ID} characters of {@link Limits#ID_PATTERN}). One that names no item is no error: the
     * page starts where it would sort. Longer or otherwise made, it could name none, ever: a 400 (and null).
     */
    public String afterId(List<String> values) {
        if (values != null && values.size() > 1) {
            errors.add(new Problem.FieldError(Paging.AFTER, "is given " + values.size() + " times; give it once"));
            return null;
        }
        if (isAbsent(values)) {
            return null;
        }
        // strip, not trim: trim would drop control characters too, and an id with one is no id
        String value = values.getFirst().strip();
        if (value.length() > Limits.ID) {
            errors.add(new Problem.FieldError(Paging.AFTER, "is " + value.length() + " characters long; an id is at most "
                    + Limits.ID));
            return null;
        }
        if (!ID.matcher(value).matches()) {
            errors.add(new Problem.FieldError(Paging.AFTER, "'" + value + "' is not an id: it " + Limits.ID_MESSAGE));
            return null;
        }
        return value;
    }

    /**
     * A list's {@code after} when its key is a position in a log (a tranche's events from 1, the funding view's
     * {@code seq}): 0 (from the first) when absent or blank, else a whole number from 0. A position past the end is
     * no error: the page is empty.
     */
    public long afterPosition(List<String> values) {
        return number(Paging.AFTER, values, 0, Long.MAX_VALUE, 0);
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
