package io.dealstream.events;

import java.math.BigDecimal;
import java.time.LocalDate;

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

    /**
     * A text field, when present, of at most {@code max} characters (one of {@link Limits}) and without control
     * characters ({@link Limits#textFault}).
     */
    public static String atMost(String value, int max, String field) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException("field '" + field + "' is longer than " + max + " characters");
        }
        String fault = value == null ? null : Limits.textFault(value);
        if (fault != null) {
            throw new IllegalArgumentException("field '" + field + "' " + fault);
        }
        return value;
    }

    /** An id: present, at most {@link Limits#ID} characters, of {@link Limits#ID_PATTERN}. */
    public static String id(String value, String field) {
        atMost(presentField(value, field), Limits.ID, field);
        if (!value.matches(Limits.ID_PATTERN)) {
            throw new IllegalArgumentException("field '" + field + "' " + Limits.ID_MESSAGE);
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
     * A USD amount, when present: not negative, exact to the cent, at most {@link Limits#MONEY_INTEGER_DIGITS} digits
     * before the point.
     */
    public static BigDecimal usd(BigDecimal value, String field) {
        if (value == null) {
            return null;
        }
        notNegative(value, field);
        if (value.scale() > Limits.MONEY_SCALE || value.precision() - value.scale() > Limits.MONEY_INTEGER_DIGITS) {
            throw new IllegalArgumentException("field '" + field + "' is not a USD amount of at most "
                    + Limits.MONEY_INTEGER_DIGITS + " digits and cents: " + value.toPlainString());
        }
        return value;
    }

    /** A date field, when present, between {@link Limits#EARLIEST_DATE} and {@link Limits#LATEST_DATE}. */
    public static LocalDate inRange(LocalDate value, String field) {
        if (value != null && (value.isBefore(Limits.EARLIEST_DATE) || value.isAfter(Limits.LATEST_DATE))) {
            throw new IllegalArgumentException("field '" + field + "' is " + value + ", not between "
                    + Limits.EARLIEST_DATE + " and " + Limits.LATEST_DATE);
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
