package io.dealstream.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A catalogue of hostile request bodies, built from one body the endpoint accepts and what each of its fields is:
 * for each field the values of other JSON types, control characters, texts too long, dates out of range, numbers
 * too long..., and for the body trailing content, unknown and repeated fields, and bodies that are not JSON. Each case
 * changes one thing and knows the status, the field (its JSON path) and the message the API answers with.
 */
public final class HostileBodies {

    /** One hostile body: what the API answers, the field at fault and its message (or the message's start). */
    public record Case(String name, byte[] body, int status, String field, String message, boolean wholeMessage) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static final String NOT_A_STRING = "must be a JSON string";
    public static final String NOT_A_NUMBER = "must be a JSON number";
    public static final String NOT_WHOLE = "must be a whole JSON number";
    public static final String NOT_A_BOOLEAN = "must be true or false";
    public static final String NOT_AN_ARRAY = "must be a JSON array";
    public static final String NOT_AN_OBJECT = "must be a JSON object";
    public static final String BAD_NUMBER = "must be a JSON number (digits, an optional fraction and exponent; no NaN, "
            + "Infinity or leading zeros)";
    /** Platform's JsonLimits.MAX_NUMBER_LENGTH: money has 19 digits at most, so 40 characters fit any number. */
    public static final int MAX_NUMBER_LENGTH = 40;
    public static final String TOO_MANY_DIGITS = "must be a number of at most " + MAX_NUMBER_LENGTH + " digits";
    public static final String OUT_OF_INT = "must be a whole number from -2147483648 to 2147483647";
    public static final String CONTROL = "must not contain control characters or line breaks; found ";
    public static final String DATE_RANGE = "must be between 2000-01-01 and 2199-12-31";
    public static final String DATE_SHAPE = "must be a date written as a JSON string YYYY-MM-DD, e.g. 2026-03-31";
    public static final String NO_SUCH_DAY = "must be a day of the calendar, YYYY-MM-DD";
    public static final String ONE_VALUE = "must be one JSON value with nothing after it";
    public static final String NOT_JSON = "is not valid JSON";
    public static final String UNKNOWN_FIELD = "is not a field of this body; its fields are ";

    /**
     * What an error detail must never show: a Java type, package or library method, Jackson's own phrasing, or the
     * names of the request records.
     */
    public static final List<Pattern> LEAKS = List.of(
            Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z][A-Za-z0-9_$]*"),
            Pattern.compile("java\\."),
            Pattern.compile("com\\.fasterxml"),
            Pattern.compile("Exception"),
            Pattern.compile("ArrayList"),
            Pattern.compile("LinkedHashMap"),
            Pattern.compile("StreamReadConstraints"),
            Pattern.compile("\\bget[A-Z][A-Za-z]*"),
            Pattern.compile("Cannot deserialize"),
            Pattern.compile("Cannot construct"),
            Pattern.compile("Cannot coerce"),
            Pattern.compile("CoercionConfig"),
            Pattern.compile("DeserializationFeature|MapperFeature|JsonReadFeature"),
            Pattern.compile("JsonToken|START_OBJECT|START_ARRAY|VALUE_[A-Z_]+"),
            Pattern.compile("`"),
            Pattern.compile("\\$[A-Z]"),
            Pattern.compile("\\b(BigDecimal|LocalDate|Integer|Boolean|String)\\b"),
            Pattern.compile("reference chain|through reference|Source: "));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARK = "\u0000hostile-value\u0000";

    private final ObjectNode valid;
    private final List<Case> cases = new ArrayList<>();

    private HostileBodies(ObjectNode valid) {
        this.valid = valid;
    }

    /** A catalogue around {@code validJson}, a JSON object the endpoint accepts. */
    public static HostileBodies around(String validJson) {
        try {
            return new HostileBodies((ObjectNode) JSON.readTree(validJson));
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalArgumentException("not a JSON object: " + validJson, e);
        }
    }

    /** The first leak of {@link #LEAKS} in {@code detail}, or null when it shows none. */
    public static String leak(String detail) {
        for (Pattern leak : LEAKS) {
            var m = leak.matcher(detail);
            if (m.find()) {
                return "'" + m.group() + "' (" + leak.pattern() + ")";
            }
        }
        return null;
    }

    /**
     * POSTs the case to {@code path} as the admin and checks the answer is the case's problem+json: its status, the
     * field at fault and its message, and a detail that shows no {@link #leak}.
     */
    public static void assertRefused(String path, Case c) {
        String detail = given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(c.body())
                .post(path).then()
                .statusCode(c.status())
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(c.status()))
                .body("errors[0].field", equalTo(c.field()))
                .body("errors[0].message", c.wholeMessage() ? equalTo(c.message()) : startsWith(c.message()))
                .extract().path("detail");
        assertNull(leak(detail), detail);
    }

    /** A text field of at most {@code max} characters, e.g. {@code investors[0].investor}. */
    public HostileBodies text(String path, int max) {
        valuesOfType(path, NOT_A_STRING, "123", "12.5", "true", "{}", "[\"a\"]");
        for (String code : List.of("0000", "0007", "0009", "000A", "000D", "001B", "007F", "0085", "009B", "2028")) {
            raw(path, "U+" + code + " escaped", "\"a\\u" + code + "b\"", CONTROL + "U+" + code + " at character 2");
        }
        raw(path, "NUL unescaped", "\"a\u0000b\"", CONTROL + "U+0000");
        raw(path, "ESC unescaped", "\"a\u001bb\"", CONTROL + "U+001B");
        raw(path, "half a surrogate pair", "\"a\\ud800b\"",
                "must be valid Unicode text; found half a surrogate pair U+D800 at character 2");
        add(path + ": bytes that are not UTF-8", bytes(path, "\"a\u00ff\u00feb\""), 400, path, "must be UTF-8 text", true);
        raw(path, "longer than " + max, "\"" + "a".repeat(max + 1) + "\"", "must be at most " + max + " characters");
        return this;
    }

    /** A decimal number (money, GW). */
    public HostileBodies number(String path) {
        valuesOfType(path, NOT_A_NUMBER, "\"1000.00\"", "\"\"", "true", "{}", "[1]");
        raw(path, "NaN", "NaN", BAD_NUMBER);
        raw(path, "Infinity", "Infinity", BAD_NUMBER);
        raw(path, "leading zeros", "007", BAD_NUMBER);
        raw(path, "41 digits", "9".repeat(MAX_NUMBER_LENGTH + 1), TOO_MANY_DIGITS);
        raw(path, "41 decimals", "0." + "1".repeat(MAX_NUMBER_LENGTH + 1), TOO_MANY_DIGITS);
        raw(path, "1001 digits", "9".repeat(1001), TOO_MANY_DIGITS);
        raw(path, "the largest exponent", "1E+2147483648", TOO_MANY_DIGITS);
        raw(path, "an exponent beyond any", "1e-2147483649", TOO_MANY_DIGITS);
        return this;
    }

    /** A whole number (years). */
    public HostileBodies count(String path) {
        valuesOfType(path, NOT_WHOLE, "2.5", "3.0", "3e0", "\"3\"", "true", "[3]");
        raw(path, "beyond an int", "99999999999", OUT_OF_INT);
        raw(path, "1001 digits", "9".repeat(1001), TOO_MANY_DIGITS);
        return this;
    }

    /** One of the named constants. */
    public HostileBodies choice(String path, List<String> constants) {
        String oneOf = "must be one of " + constants;
        valuesOfType(path, oneOf, "1", "0", "1.5", "\"1\"", "\"\"", "\"NO_SUCH_CONSTANT\"", "true", "{}",
                "\" " + constants.getFirst() + "\"");
        raw(path, "a constant and a NUL", "\"" + constants.getFirst() + "\\u0000\"", oneOf);
        return this;
    }

    /** true or false. */
    public HostileBodies flag(String path) {
        valuesOfType(path, NOT_A_BOOLEAN, "\"true\"", "\"false\"", "1", "0", "\"yes\"", "{}");
        return this;
    }

    /** A date, YYYY-MM-DD within the API's range. */
    public HostileBodies date(String path) {
        valuesOfType(path, DATE_RANGE, "\"-9999999-01-01\"", "\"+9999999-12-31\"", "\"0000-01-01\"", "\"10000-01-01\"",
                "\"1999-12-31\"", "\"2200-01-01\"");
        valuesOfType(path, DATE_SHAPE, "20260331", "[2026, 3, 31]", "\"31/03/2026\"", "\"2026-03-31T00:00:00Z\"",
                "\"\"");
        valuesOfType(path, NO_SUCH_DAY, "\"2026-02-30\"");
        return this;
    }

    /** An array. */
    public HostileBodies array(String path) {
        valuesOfType(path, NOT_AN_ARRAY, "{}", "\"x\"", "1");
        return this;
    }

    /** An object; {@code fields} are all it may have, in alphabetical order. */
    public HostileBodies object(String path, List<String> fields) {
        valuesOfType(path, NOT_AN_OBJECT, "[]", "\"x\"", "1");
        unknownField(path, fields);
        return this;
    }

    /** The body as a whole: the root may have {@code fields} (all of them, in alphabetical order). */
    public List<Case> cases(List<String> fields) {
        List<Case> all = new ArrayList<>();
        String body = valid.toString();
        String first = valid.fieldNames().next();
        all.add(whole("a second JSON value after the body", body + " " + body, "$", ONE_VALUE, true));
        all.add(whole("text after the body", body + "garbage", "$", ONE_VALUE, true));
        all.add(whole("a closing bracket after the body", body + "]", "$", NOT_JSON + " at line 1, column ", false));
        all.add(whole("a field given twice", "{\"" + first + "\": " + valid.get(first) + ", " + body.substring(1),
                first, "is given twice", true));
        all.add(whole("an array", "[]", "$", NOT_AN_OBJECT, true));
        all.add(whole("the body in an array", "[" + body + "]", "$", NOT_AN_OBJECT, true));
        all.add(whole("a string", "\"" + first + "\"", "$", NOT_AN_OBJECT, true));
        all.add(whole("a number", "1", "$", NOT_AN_OBJECT, true));
        all.add(whole("true", "true", "$", NOT_AN_OBJECT, true));
        all.add(whole("null", "null", "$", NOT_AN_OBJECT, true));
        all.add(whole("empty", "", "$", NOT_AN_OBJECT, true));
        all.add(whole("blank", " \n ", "$", NOT_AN_OBJECT, true));
        all.add(whole("cut short", body.substring(0, body.length() - 1), "$",
                NOT_JSON + ": it ends before its value is complete", true));
        all.add(whole("not JSON", "amount=5&kind=IMMEDIATE", "$", NOT_JSON, false));
        all.add(whole("single quotes", body.replace('"', '\''), "$", NOT_JSON, false));
        all.add(whole("a comment", "/* hostile */ " + body, "$", NOT_JSON, false));
        all.add(whole("a trailing comma", body.substring(0, body.length() - 1) + ",}", "$", NOT_JSON, false));
        all.add(whole("a NUL after the body", body + "\u0000", "$", NOT_JSON + " at line 1, column ", false));
        all.add(whole("arrays nested 2000 deep", "[".repeat(2000) + "]".repeat(2000), "$", NOT_AN_OBJECT, true));
        all.add(whole("the body inside a field", "{\"hostileBody\": " + body + "}", "hostileBody", UNKNOWN_FIELD + fields,
                true));
        unknownField("", fields);
        all.addAll(cases);
        return List.copyOf(all);
    }

    private void unknownField(String path, List<String> fields) {
        ObjectNode copy = valid.deepCopy();
        ObjectNode target = path.isEmpty() ? copy : (ObjectNode) at(copy, path);
        target.put("hostileExtra", 1);
        String field = path.isEmpty() ? "hostileExtra" : path + ".hostileExtra";
        add(field + ": a field the body does not have", copy.toString().getBytes(StandardCharsets.UTF_8), 400, field,
                UNKNOWN_FIELD + fields, true);
    }

    /** Each of {@code jsons} in place of the value at {@code path}, all answered with {@code message}. */
    private void valuesOfType(String path, String message, String... jsons) {
        for (String json : jsons) {
            raw(path, json.length() > 40 ? json.substring(0, 40) + "..." : json, json, message);
        }
    }

    /** The valid body with the value at {@code path} replaced by {@code json}, written as is. */
    private void raw(String path, String label, String json, String message) {
        add(path + ": " + printable(label), bytes(path, json), 400, path, message, true);
    }

    private byte[] bytes(String path, String json) {
        ObjectNode copy = valid.deepCopy();
        set(copy, path, JsonNodeFactory.instance.textNode(MARK));
        String marked = copy.toString();
        String quotedMark = JsonNodeFactory.instance.textNode(MARK).toString();
        int at = marked.indexOf(quotedMark);
        // latin-1 keeps each char below 256 as one byte, so that "\u00ff" is the byte 0xff, not its UTF-8 form
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(marked.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(json.getBytes(json.chars().anyMatch(c -> c > 0x7f && c < 0x100)
                ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
        out.writeBytes(marked.substring(at + quotedMark.length()).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private void add(String name, byte[] body, int status, String field, String message, boolean whole) {
        cases.add(new Case(name, body, status, field, message, whole));
    }

    private static Case whole(String name, String body, String field, String message, boolean whole) {
        return new Case("body: " + name, body.getBytes(StandardCharsets.UTF_8), 400, field, message, whole);
    }

    private static void set(ObjectNode root, String path, JsonNode value) {
        int dot = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        if (dot < 0) {
            root.set(path, value);
            return;
        }
        ContainerNode<?> parent = (ContainerNode<?>) at(root, path.substring(0, dot));
        String last = path.substring(dot);
        if (last.startsWith("[")) {
            ((ArrayNode) parent).set(Integer.parseInt(last.substring(1, last.length() - 1)), value);
        } else {
            ((ObjectNode) parent).set(last.substring(1), value);
        }
    }

    private static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String step : path.replace("[", ".[").split("\\.")) {
            if (step.isEmpty()) {
                continue;
            }
            node = step.startsWith("[") ? node.get(Integer.parseInt(step.substring(1, step.length() - 1))) : node.get(step);
            if (node == null) {
                throw new IllegalArgumentException("the valid body has no " + path);
            }
        }
        return node;
    }

    private static String printable(String label) {
        StringBuilder shown = new StringBuilder();
        label.chars().forEach(c -> shown.append(c < 0x20 || c == 0x7f ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        return shown.toString();
    }

    /** Each case of {@code cases} with {@code check} run on it; the failures of all, together. */
    public static void checkAll(List<Case> cases, Consumer<Case> check) {
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            try {
                check.accept(c);
            } catch (AssertionError | RuntimeException e) {
                failures.add(c.name() + ": " + e.getMessage().lines().limit(3).reduce((a, b) -> a + " " + b).orElse(""));
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + cases.size() + " hostile bodies answered otherwise:\n"
                    + String.join("\n", failures));
        }
    }
}
