package io.dealstream.events;

import java.time.LocalDate;

/**
 * The sizes every text of the deal's data may have, and the dates it may carry: one place for the services' columns,
 * their API's validation (and so the {@code maxLength} of their OpenAPI schemas) and the event contract's checks.
 * Lengths count characters as Java does (UTF-16 units), never more than PostgreSQL's {@code varchar(n)} counts.
 */
public final class Limits {

    /** Ids of rounds, tranches, commitments and rights: they go into URLs, Kafka keys and {@code varchar(64)}. */
    public static final int ID = 64;
    /** A round's name. */
    public static final int ROUND_NAME = 255;
    /**
     * The investors a round may list: more than any round has, while the round's opening event stays far below Kafka's
     * record size whatever their names.
     */
    public static final int ROUND_INVESTORS = 1000;
    /** An investor's name, in a round and on its tranches. */
    public static final int INVESTOR = 255;
    /** The security a tranche buys, e.g. Series C Preferred. */
    public static final int SECURITY = 255;
    /** A compute commitment's provider and customer. */
    public static final int PARTY = 255;
    /** A compute commitment's description. */
    public static final int COMMITMENT_DESCRIPTION = 1000;
    /** A chip generation's name, e.g. Trainium3. */
    public static final int GENERATION = 64;
    /** The company holding a distribution right. */
    public static final int HOLDER = 100;
    /** A distribution right's description. */
    public static final int RIGHT_DESCRIPTION = 500;
    /** A right's condition in words (the column keeps 100 more for the standard wordings). */
    public static final int CONDITION_TEXT = 500;

    /** A CloudEvent's {@code ce_type} and {@code ce_source}. */
    public static final int EVENT_ATTRIBUTE = 255;

    /** What an id may be made of: it goes into URLs, Kafka keys and log lines as it is. */
    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]*";
    public static final String ID_MESSAGE = "must be letters, digits, '.', '_' or '-', starting with a letter or digit";

    /** USD amounts are exact to the cent, with at most 17 digits before the point: PostgreSQL's numeric(19,2). */
    public static final int MONEY_SCALE = 2;
    public static final int MONEY_INTEGER_DIGITS = 17;

    /** The Bean Validation message of a {@code @Size(max = ...)} with one of these limits. */
    public static final String TOO_LONG = "must be at most {max} characters";

    /**
     * The first and last day any date of the API may be: the deal runs from 2025 to 2033 and a commitment at most 30
     * years, so these leave room on both sides while keeping every date and its arithmetic (a contract's last day, a
     * funding deadline) far inside what Java and PostgreSQL hold.
     */
    public static final LocalDate EARLIEST_DATE = LocalDate.of(2000, 1, 1);
    public static final LocalDate LATEST_DATE = LocalDate.of(2199, 12, 31);

    private Limits() {
    }

    /**
     * What is wrong with a text, or null: a C0 control (tabs and line breaks included), DEL, a C1 control, U+2028 or
     * U+2029, or half a surrogate pair. Every text of the deal is a one-line value (an id, a name, a label, a short
     * description) shown in a table cell, a log line and event bodies, so a control character or a line break in it
     * is an accident or an attempt to forge what is shown, and PostgreSQL refuses NUL outright.
     */
    public static String textFault(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                return "must not contain control characters or line breaks; found " + codePoint(c) + " at character "
                        + (i + 1);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode text; found half a surrogate pair " + codePoint(c) + " at character "
                        + (i + 1);
            }
        }
        return null;
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }
}
