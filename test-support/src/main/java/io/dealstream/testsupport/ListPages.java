package io.dealstream.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * A list of the API read as a client reads it: page by page, each page's {@code Link: <target>; rel="next"} sent on
 * as it is (over {@link RawHttp}, so no client re-encodes it), until a page has none. A page that is not a 200 with a
 * JSON array, or a Link of any other form or with an absolute target, fails the test.
 */
public final class ListPages {

    /** RFC 8288's form as the services write it: one link, a relative target, rel="next". */
    private static final Pattern NEXT = Pattern.compile("<(/[^/>][^>]*)>; rel=\"next\"");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** More pages than any list here has: a Link that never ends fails instead of looping. */
    private static final int MOST_PAGES = 10_000;

    /** One page: its items and its next page's target, null on the last page. */
    public record Page(List<JsonNode> items, String next) {

        /** Each item's {@code field} as text, in order. */
        public List<String> texts(String field) {
            return items.stream().map(item -> item.path(field).asText()).toList();
        }
    }

    private ListPages() {
    }

    /** GET {@code target} (sent as written), which must answer 200 with a JSON array. */
    public static Page read(URL base, String target) {
        RawHttp.Answer answer = RawHttp.get(base, target);
        if (answer.status() != 200) {
            throw new AssertionError("GET " + target + " answered " + answer.status() + ": " + answer.body());
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + target + " answered no JSON: " + answer.body(), e);
        }
        if (!body.isArray()) {
            throw new AssertionError("GET " + target + " answered no JSON array: " + answer.body());
        }
        List<JsonNode> items = new ArrayList<>();
        body.forEach(items::add);
        return new Page(items, next(answer.header("Link")));
    }

    /** Every page from {@code first} on, following each page's Link. */
    public static List<Page> walk(URL base, String first) {
        List<Page> pages = new ArrayList<>();
        for (String target = first; target != null; target = pages.getLast().next()) {
            if (pages.size() == MOST_PAGES) {
                throw new AssertionError("no last page after " + MOST_PAGES + " pages from " + first);
            }
            pages.add(read(base, target));
        }
        return pages;
    }

    /** Each item's {@code field} as text over all the pages, in order. */
    public static List<String> texts(List<Page> pages, String field) {
        return pages.stream().flatMap(page -> page.texts(field).stream()).toList();
    }

    /** How many items each page holds, in order. */
    public static List<Integer> sizes(List<Page> pages) {
        return pages.stream().map(page -> page.items().size()).toList();
    }

    /**
     * Walks {@code list} three items a page and checks that it lists what one page of a thousand does, each item once
     * by its {@code key}: the {@code added} ones in order with nothing between them, three a page, and a Link to the
     * next page on all but the last. The keys walked, in order.
     */
    public static List<String> walkByThrees(URL base, String list, String key, List<String> added) {
        Page whole = read(base, list + "?limit=1000");
        List<Page> pages = walk(base, list + "?limit=3");

        List<String> walked = texts(pages, key);
        assertEquals(whole.texts(key), walked);
        assertEquals(null, whole.next());
        assertEquals(walked.size(), new HashSet<>(walked).size(), "no item of " + list + " twice");
        int first = walked.indexOf(added.getFirst());
        assertEquals(added, walked.subList(first, first + added.size()), "the added ones in order, nothing between");
        for (int i = 0; i < pages.size() - 1; i++) {
            assertEquals(3, pages.get(i).items().size());
            assertEquals(list + "?limit=3&after=" + pages.get(i).texts(key).getLast(), pages.get(i).next());
        }
        assertEquals(walked.size() % 3 == 0 ? 3 : walked.size() % 3, pages.getLast().items().size());
        assertEquals(null, pages.getLast().next());
        return walked;
    }

    /**
     * Adds items 10, 20 ... 70 with {@code add} (which answers item n's {@code key}), reads {@code firstPage} (three a
     * page, from just before item 10), then adds 15 and 35 between two reads and follows the Links: the first page
     * holds 10, 20, 30; the next 35, 40, 50, as 15 is now before the cursor; the one after starts with 60, 70. The
     * three pages read.
     */
    public static List<Page> addedBeforeTheCursor(URL base, String firstPage, String key, IntFunction<String> add) {
        Map<Integer, String> keys = new TreeMap<>();
        for (int n = 10; n <= 70; n += 10) {
            keys.put(n, add.apply(n));
        }
        Page first = read(base, firstPage);
        assertEquals(List.of(keys.get(10), keys.get(20), keys.get(30)), first.texts(key));

        keys.put(15, add.apply(15));
        keys.put(35, add.apply(35));
        Page second = read(base, first.next());
        Page third = read(base, second.next());

        assertEquals(List.of(keys.get(35), keys.get(40), keys.get(50)), second.texts(key));
        assertEquals(List.of(keys.get(60), keys.get(70)), third.texts(key).subList(0, 2));
        return List.of(first, second, third);
    }

    /**
     * Checks that {@code GET list?query} (the query sent as written) is a 400 problem of {@code list} naming
     * {@code field} alone, with {@code message}: a case of {@link #refusedIdCursors} or {@link #refusedPositionCursors}.
     */
    public static void assertRefused(URL base, String list, String query, String field, String message) {
        RawHttp.Answer answer = RawHttp.get(base, list + "?" + query);
        assertEquals(400, answer.status(), answer.body());
        String type = answer.header("Content-Type");
        assertTrue(type != null && type.startsWith("application/problem+json"), "Content-Type " + type);
        JsonNode problem;
        try {
            problem = JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + list + "?" + query + " answered no JSON: " + answer.body(), e);
        }
        assertEquals(list, problem.path("instance").asText());
        assertEquals(field + ": " + message, problem.path("detail").asText());
        List<JsonNode> errors = new ArrayList<>();
        problem.path("errors").forEach(errors::add);
        assertEquals(List.of(field), errors.stream().map(e -> e.path("field").asText()).toList());
        assertEquals(List.of(message), errors.stream().map(e -> e.path("message").asText()).toList());
    }

    /**
     * Paging parameters every list refuses with a 400 naming the parameter: each case's query (as sent, percent-encoded),
     * the parameter and the message. {@code after} with a control character is refused by the edge, before the list.
     */
    public static Stream<Arguments> refusedLimits() {
        return Stream.of(
                Arguments.of("limit=0", "limit", "must be 1 or more, not 0"),
                Arguments.of("limit=1001", "limit", "must be 1000 or less, not 1001"),
                Arguments.of("limit=abc", "limit", "'abc' is not a whole number"),
                Arguments.of("limit=1&limit=2", "limit", "is given 2 times; give it once"),
                Arguments.of("limit=3&after=p%00", "after", EdgeProblems.controlCharacter(0, 2)));
    }

    /** {@link #refusedLimits}, and an {@code after} that is no id: too long, other characters, repeated. */
    public static Stream<Arguments> refusedIdCursors() {
        String notAnId = "is not an id: it must be letters, digits, '.', '_' or '-', starting with a letter or digit";
        return Stream.concat(refusedLimits(), Stream.of(
                Arguments.of("after=" + "a".repeat(65), "after", "is 65 characters long; an id is at most 64"),
                Arguments.of("after=" + "a".repeat(2000), "after", "is 2000 characters long; an id is at most 64"),
                Arguments.of("after=a%20b", "after", "'a b' " + notAnId),
                Arguments.of("after=a&after=b", "after", "is given 2 times; give it once")));
    }

    /** {@link #refusedLimits}, and an {@code after} that is no position: below 0, not a whole number, repeated. */
    public static Stream<Arguments> refusedPositionCursors() {
        return Stream.concat(refusedLimits(), Stream.of(
                Arguments.of("after=-1", "after", "must be 0 or more, not -1"),
                Arguments.of("after=t-3", "after", "'t-3' is not a whole number"),
                Arguments.of("after=1&after=2", "after", "is given 2 times; give it once")));
    }

    /**
     * Checks that the served OpenAPI document pages {@code GET path}: a limit of 1 to {@code most}, {@code usual} when
     * not given, and a 200 of a JSON array with a Link header.
     */
    public static void assertPagingDocumented(String path, int most, int usual) {
        String op = "paths.'" + path + "'.get";
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(op + ".parameters.find { it.name == 'limit' }.schema.minimum", equalTo(1))
                .body(op + ".parameters.find { it.name == 'limit' }.schema.maximum", equalTo(most))
                .body(op + ".parameters.find { it.name == 'limit' }.schema.default", equalTo(usual))
                .body(op + ".responses.'200'.headers.Link.schema.type", equalTo("string"))
                .body(op + ".responses.'200'.content.'application/json'.schema.type", equalTo("array"));
    }

    /** The target of a {@code Link} header's next page; null for no header; a Link of another form fails. */
    static String next(String link) {
        if (link == null) {
            return null;
        }
        Matcher m = NEXT.matcher(link);
        if (!m.matches() || URI.create(m.group(1)).isAbsolute()) {
            throw new AssertionError("not a Link to a relative next page: " + link);
        }
        return m.group(1);
    }
}
