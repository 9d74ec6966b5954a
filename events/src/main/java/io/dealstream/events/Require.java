package io.dealstream.events;

import java.math.BigDecimal;

/** Field checks for event bodies: a body missing what the contract promises is not an event. */
public final class Require {

    private Require() {
    }

    public static <T> T presentField(T value, String field) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }

    /** A text field, when present, of at most {@code max} characters (one of {@link Limits}). */
    public static String atMost(String value, int max, String field) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException("field '" + field + "' is longer than " + max + " characters");
        }
        return value;
    }

    public static BigDecimal notNegative(BigDecimal value, String field) {
        if (presentField(value, field).signum() < 0) {
            throw new IllegalArgumentException("field '" + field + "' is negative");
        }
        return value;
    }

    /**
     * A field the contract added later, absent (null) in the records published before it: when present, not less
     * than {@code floor} (the field {@code floorField}).
     */
    public static BigDecimal absentOrAtLeast(BigDecimal value, BigDecimal floor, String field, String floorField) {
        if (value != null && value.compareTo(floor) < 0) {
            throw new IllegalArgumentException("field '" + field + "' is less than '" + floorField + "'");
        }
        return value;
    }

    public static long positiveVersion(long value, String field) {
        if (value < 1) {
            throw new IllegalArgumentException("field '" + field + "' must be 1 or more");
        }
        return value;
    }
}
