package io.dealstream.platform.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.dealstream.events.Limits;
import io.dealstream.platform.json.InputRules;
import io.dealstream.platform.json.RefusedValue;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request body Jackson could not read, as a 400 naming the JSON path of the value at fault ({@code $} for the body
 * as a whole) and the rule it breaks, in the API's words: never a Java type, a library's method or its message.
 */
public final class JsonProblems {

    private static final Pattern CONTROL_CODE = Pattern.compile("code (\\d+)");

    private JsonProblems() {
    }

    public static Problem of(JsonProcessingException e) {
        RefusedValue refused = find(e, RefusedValue.class);
        if (refused != null) {
            return Problem.badRequest(field(refused), refused.rule());
        }
        UnrecognizedPropertyException unknown = find(e, UnrecognizedPropertyException.class);
        if (unknown != null) {
            return Problem.badRequest(field(unknown), "is not a field of this body; its fields are "
                    + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList());
        }
        StreamConstraintsException tooBig = find(e, StreamConstraintsException.class);
        if (tooBig != null) {
            return Problem.badRequest(field(e), InputRules.sizeFault(tooBig, StreamReadConstraints.defaults()));
        }
        InputCoercionException outOfRange = find(e, InputCoercionException.class);
        if (outOfRange != null) {
            return Problem.badRequest(at(outOfRange, e), wholeNumberRange(outOfRange.getTargetType()));
        }
        StreamReadException syntax = find(e, StreamReadException.class);
        if (syntax != null) {
            return syntax(syntax, e);
        }
        if (e instanceof MismatchedInputException mismatch) {
            return mismatched(mismatch);
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException why) {
            // a record's own check: its message is ours
            return Problem.badRequest(field(e), why.getMessage());
        }
        return Problem.badRequest(field(e), "is not valid here");
    }

    private static Problem mismatched(MismatchedInputException e) {
        String field = field(e);
        String said = Objects.toString(e.getOriginalMessage(), "");
        if (e.getPath().isEmpty() && said.startsWith("Trailing token")) {
            return Problem.badRequest("$", "must be one JSON value with nothing after it");
        }
        if (e.getPath().isEmpty() && said.startsWith("No content to map")) {
            return Problem.badRequest("$", "is empty; the body must be a JSON object");
        }
        return Problem.badRequest(field, expected(e.getTargetType()));
    }

    /** JSON that does not parse: the value's path when the fault is in a value, else the body's, with where it is. */
    private static Problem syntax(StreamReadException e, JsonProcessingException outer) {
        String said = Objects.toString(e.getOriginalMessage(), "");
        if (said.startsWith("Illegal unquoted character")) {
            Matcher code = CONTROL_CODE.matcher(said);
            return Problem.badRequest(at(e, outer), "must not contain control characters or line breaks; found "
                    + (code.find() ? String.format("U+%04X", Integer.parseInt(code.group(1))) : "one"));
        }
        if (said.startsWith("Duplicate field")) {
            return Problem.badRequest(at(e, outer), "is given twice");
        }
        if (said.startsWith("Non-standard token") || said.contains("numeric value") || said.startsWith("Leading zeroes")
                || said.contains("Leading zeroes")) {
            return Problem.badRequest(at(e, outer), "must be a JSON number (digits, an optional fraction and exponent; "
                    + "no NaN, Infinity or leading zeros)");
        }
        if (said.contains("Invalid UTF-8") || said.contains("Invalid UTF8")) {
            return Problem.badRequest(at(e, outer), "must be UTF-8 text");
        }
        JsonStreamContext at = e.getProcessor() instanceof JsonParser p ? p.getParsingContext() : null;
        // a second value at the root: its place is counted before it is read
        if (at != null && at.inRoot() && at.getEntryCount() > 1) {
            return Problem.badRequest("$", "must be one JSON value with nothing after it");
        }
        if (said.startsWith("Unexpected end-of-input")) {
            return Problem.badRequest("$", "is not valid JSON: it ends before its value is complete");
        }
        return Problem.badRequest("$", e.getLocation() == null ? "is not valid JSON"
                : "is not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr());
    }

    /** What a value of this Java type must be, in JSON's terms. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "is not valid here";
        }
        if (type.isEnum()) {
            return InputRules.oneOf(type);
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "must be a JSON string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "must be a whole JSON number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "must be a JSON number";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return InputRules.DATE_SHAPE;
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be a JSON array";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "must be a JSON object";
        }
        return "must be a JSON object";
    }

    private static String wholeNumberRange(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == Long.class || type == long.class) {
            return "must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        return "is out of range";
    }

    /**
     * The JSON path of the value a mapping failed on, e.g. {@code amount} or {@code investors[1].committed}, as Jackson
     * built it while it unwound; {@code $} for the body itself.
     */
    static String field(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                return path(mapping);
            }
        }
        return "$";
    }

    /**
     * The JSON path of the value the parser failed on: where it stood, which is exact even where Jackson's readers
     * added only part of the path as they unwound (a list adds its index only for what fails inside an element).
     */
    private static String at(StreamReadException e, Throwable outer) {
        return e.getProcessor() instanceof JsonParser p ? path(p.getParsingContext()) : field(outer);
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(printable(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }

    private static String path(JsonStreamContext at) {
        Deque<JsonStreamContext> chain = new ArrayDeque<>();
        for (JsonStreamContext c = at; c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c : chain) {
            if (c.inArray()) {
                path.append('[').append(Math.max(c.getCurrentIndex(), 0)).append(']');
            } else if (c.getCurrentName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(printable(c.getCurrentName()));
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }

    /** A field name as sent, cut at 64 characters, its control characters written as \\uXXXX so the problem shows them. */
    private static String printable(String name) {
        if (name.length() > 64) {
            return printable(name.substring(0, 64)) + "...";
        }
        if (Limits.textFault(name) == null) {
            return name;
        }
        StringBuilder shown = new StringBuilder();
        name.chars().forEach(c -> shown.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
                || Character.isSurrogate((char) c) ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        return shown.toString();
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
