package io.dealstream.investment;

import static io.dealstream.investment.InvestmentApi.PROBLEM_JSON;
import static io.dealstream.investment.InvestmentApi.contingentTranche;
import static io.dealstream.investment.InvestmentApi.get;
import static io.dealstream.investment.InvestmentApi.given;
import static io.dealstream.investment.InvestmentApi.immediateTranche;
import static io.dealstream.investment.InvestmentApi.newRound;
import static io.dealstream.investment.InvestmentApi.post;
import static io.dealstream.investment.InvestmentApi.trancheAndEvents;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dealstream.testsupport.EdgeProblems;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.LogCapture;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.RawHttp;
import io.dealstream.testsupport.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests against the service's HTTP edge (platform's RequestParameters, RequestGate, Created, the header
 * filters, JsonLimits and HealthDetails): each refused as a problem naming what is at fault, with nothing written and
 * nothing forged in the log. In process only: it reads the service's log and its JSON settings.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class InvestmentHttpEdgeTest {

    static final String SWAGGER_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' "
            + "'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    @TestHTTPResource("/")
    URL base;

    @Inject
    ObjectMapper mapper;

    static String fault(char c, int position) {
        return EdgeProblems.controlCharacter(c, position);
    }

    // ---- control characters in path and query parameters

    static Stream<Arguments> hostileIds() {
        List<Arguments> cases = new ArrayList<>();
        for (String path : List.of("/tranches/{id}", "/tranches/{id}/events", "/rounds/{id}",
                "/rounds/{id}/cap-table")) {
            cases.add(Arguments.of(path, "amazon-t1\u0000", '\u0000', 10));
            cases.add(Arguments.of(path, "x\r\nFORGED", '\r', 2));
            cases.add(Arguments.of(path, "x\nFORGED", '\n', 2));
            cases.add(Arguments.of(path, "tab\there", '\t', 4));
            cases.add(Arguments.of(path, "\u007F", '\u007F', 1));
            cases.add(Arguments.of(path, "c1\u0085", '\u0085', 3));
            cases.add(Arguments.of(path, "esc\u001B[2J", '\u001B', 4));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} id={1}")
    @MethodSource("hostileIds")
    void aControlCharacterInAPathParameterIsA400NamingIt(String path, String id, char c, int position) {
        given().pathParam("id", id).get(path).then()
                .statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("title", equalTo("Bad Request"))
                .body("detail", equalTo("id: " + fault(c, position)))
                .body("instance", equalTo(path.replace("{id}", encoded(id))))
                .body("errors.field", contains("id"))
                .body("errors.message", contains(fault(c, position)));
    }

    @Test
    void aWriteToAnIdWithAControlCharacterIsA400AndLeavesTheTrancheAlone() {
        String id = contingentTranche(newRound(), "2099-12-31");
        String before = trancheAndEvents(id);
        for (String hostile : List.of(id + "\u0000", id + "\r\n", "\n" + id)) {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).pathParam("id", hostile)
                    .body("{\"amount\": 35000000000, \"fundedOn\": \"2026-03-31\"}")
                    .post("/tranches/{id}/funding").then()
                    .statusCode(400).contentType(startsWith(PROBLEM_JSON)).body("errors.field", contains("id"));
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).pathParam("id", hostile)
                    .body("{\"type\": \"IPO\", \"occurredOn\": \"2026-11-02\"}")
                    .post("/tranches/{id}/triggers").then()
                    .statusCode(400).contentType(startsWith(PROBLEM_JSON)).body("errors.field", contains("id"));
        }
        assertEquals(before, trancheAndEvents(id));
    }

    @Test
    void aControlCharacterInAQueryParameterIsA400NamingEachParameterAtFault() {
        given().queryParam("investor", "Amazon\u0000").get("/tranches").then()
                .statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("detail", equalTo("investor: " + fault('\u0000', 7)))
                .body("instance", equalTo("/tranches"))
                .body("errors.field", contains("investor"));
        given().queryParam("investor", "Amazon\r\nFORGED").queryParam("state", "funded\u0085").get("/tranches")
                .then()
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("investor", "state"))
                .body("errors.message", containsInAnyOrder(fault('\r', 7), fault('\u0085', 7)));
        given().queryParam("state", "funded", "x\u0007").get("/tranches").then()
                .statusCode(400)
                .body("errors.field", contains("state"))
                .body("errors.message", contains(fault('\u0007', 2)));
    }

    @Test
    void aParameterWhoseNameHasAControlCharacterIsNamedEscaped() {
        // the name is given as in\rvestor, its control character written out; the JSON text escapes the backslash
        EdgeProblems.assertBadRequest(RawHttp.get(base, "/tranches?in%0Dvestor=Amazon"), "/tranches", "in\\\\rvestor",
                "the parameter's name " + fault('\r', 3));
    }

    @Test
    void aControlCharacterInAnyQueryParameterRefusesTheWriteAndWritesNothing() {
        String id = "round-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).queryParam("note", "hi\u0000")
                .body(roundJson(id)).post("/rounds").then()
                .statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("errors.field", contains("note"));
        get("/rounds/" + id).statusCode(404);
    }

    @Test
    void textWithoutControlCharactersPasses() {
        given().queryParam("investor", "Zoë Ltd. 日本 (\u00A0)").get("/tranches").then().statusCode(200)
                .body("size()", equalTo(0));
        given().pathParam("id", "été t1").get("/tranches/{id}").then().statusCode(404)
                .body("detail", equalTo("no tranche 'été t1'"));
    }

    // ---- nothing the caller sends forges a line in the log

    @Test
    void aRequestWhoseIdHoldsCrLfForgesNoLogLine() {
        String round;
        List<String> lines;
        try (LogCapture log = LogCapture.start()) {
            RawHttp.get(base, "/tranches/x%0d%0aFORGED%20INFO%20all%20is%20well");
            RawHttp.get(base, "/tranches?investor=%0d%0aFORGED&state=%0aFORGED");
            RawHttp.get(base, "/rounds/x%0aFORGED/cap-table");
            RawHttp.send(base, "POST", "/tranches/amazon-t1%0d%0aFORGED/funding",
                    List.of("Authorization: Bearer " + TestTokens.admin(), "Content-Type: application/json",
                            "Content-Length: 2"), "{}".getBytes(StandardCharsets.UTF_8));
            // a body cannot carry a line break into a log line: its texts refuse control characters
            round = "round-" + UUID.randomUUID().toString().substring(0, 8);
            post("/rounds", """
                    {"id": "%s", "name": "n", "amount": 100, "preMoneyValuation": 500, "openedOn": "2026-01-01",
                     "investors": [{"investor": "Acme\\r\\nFORGED INFO [io.de.in.tr.TrancheService] x",
                                    "committed": 60}]}""".formatted(round)).statusCode(400)
                    .body("errors[0].field", equalTo("investors[0].investor"));
            lines = log.lines();
        }
        assertTrue(lines.stream().noneMatch(line -> line.startsWith("FORGED")), String.join("\n", lines));
        get("/rounds/" + round).statusCode(404);
    }

    // ---- sizes: URI, headers, body; JSON nesting and numbers

    @Test
    void aUriOverTheLimitIsA414Problem() {
        String longest = "/tranches/" + "a".repeat(2048 - "/tranches/".length());
        assertEquals(404, RawHttp.get(base, longest).status(), "2048 characters are accepted");

        RawHttp.Answer answer = RawHttp.get(base, longest + "a");
        assertEquals(414, answer.status());
        assertEquals(PROBLEM_JSON, answer.header("Content-Type"));
        assertEquals("{\"type\":\"about:blank\",\"title\":\"URI Too Long\",\"status\":414,\"detail\":\"uri: is 2049 "
                + "characters long; at most 2048 are accepted\",\"errors\":[{\"field\":\"uri\",\"message\":\"is 2049 "
                + "characters long; at most 2048 are accepted\"}]}", answer.body());
        EdgeProblems.assertApiHeaders(answer, "the 414");

        RawHttp.Answer query = RawHttp.get(base, "/tranches?investor=" + "b".repeat(2100));
        assertEquals(414, query.status(), "the query counts");
    }

    @Test
    void aUriOverVertxsOwnLimitIsRefusedByVertxWithAnEmptyAnswer() {
        RawHttp.Answer answer = RawHttp.get(base, "/tranches/" + "a".repeat(8200));
        assertEquals(414, answer.status());
        assertEquals("", answer.body());
    }

    @Test
    void headersOverTheLimitAreA431ProblemNamingTheLargest() {
        // Host: localhost (17 bytes with ": " and CRLF) + Connection: close (19) + X-Big: v (9 + v)
        RawHttp.Answer fits = RawHttp.get(base, "/rounds/openai-2026", "X-Big: " + "b".repeat(16384 - 45));
        assertEquals(200, fits.status(), "16384 bytes of headers are accepted");

        RawHttp.Answer answer = RawHttp.get(base, "/rounds/openai-2026", "X-Small: 1",
                "X-Big: " + "b".repeat(16384 - 45));
        assertEquals(431, answer.status());
        assertEquals(PROBLEM_JSON, answer.header("Content-Type"));
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Request Header Fields Too Large\",\"status\":431,"
                + "\"detail\":\"X-Big: is 16348 bytes of the request's 16396 bytes of headers; at most 16384 bytes of "
                + "headers are accepted\",\"instance\":\"/rounds/openai-2026\",\"errors\":[{\"field\":\"X-Big\","
                + "\"message\":\"is 16348 bytes of the request's 16396 bytes of headers; at most 16384 bytes of "
                + "headers are accepted\"}]}", answer.body());
        EdgeProblems.assertApiHeaders(answer, "the 431");

        assertEquals(431, RawHttp.get(base, "/rounds", "X-Huge: " + "h".repeat(70_000)).status(),
                "past Vert.x's own 64K, Vert.x refuses");
    }

    @Test
    void aDeclaredBodyOverTheLimitIsA413ProblemAndWritesNothing() {
        String id = "round-" + UUID.randomUUID().toString().substring(0, 8);
        for (int size : List.of(65_537, 5 * 1024 * 1024)) {
            RawHttp.Answer answer = postRound(padded(roundJson(id), size), false);
            assertEquals(413, answer.status());
            assertEquals(PROBLEM_JSON, answer.header("Content-Type"));
            assertEquals("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,\"detail\":\"$: is "
                    + size + " bytes; at most 65536 bytes are accepted\",\"instance\":\"/rounds\",\"errors\":[{"
                    + "\"field\":\"$\",\"message\":\"is " + size + " bytes; at most 65536 bytes are accepted\"}]}",
                    answer.body());
            EdgeProblems.assertApiHeaders(answer, "the 413 of " + size + " bytes");
        }
        get("/rounds/" + id).statusCode(404);

        assertEquals(201, postRound(padded(roundJson(id), 65_536), false).status(), "65536 bytes are accepted");
        get("/rounds/" + id).statusCode(200);
    }

    @Test
    void aStreamedBodyIsReadUpToTheLimitAndRefusedPastItAsA413Problem() {
        String id = "round-" + UUID.randomUUID().toString().substring(0, 8);
        RawHttp.Answer answer = postRound(padded(roundJson(id), 120_000), true);
        assertEquals(413, answer.status());
        assertEquals(PROBLEM_JSON, answer.header("Content-Type"));
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,\"detail\":\"$: is more "
                + "than 65536 bytes; at most that many are accepted\",\"instance\":\"/rounds\",\"errors\":[{\"field\":"
                + "\"$\",\"message\":\"is more than 65536 bytes; at most that many are accepted\"}]}", answer.body());
        get("/rounds/" + id).statusCode(404);

        RawHttp.Answer fits = postRound(padded(roundJson(id), 60_000), true);
        assertEquals(201, fits.status(), fits.body());
        get("/rounds/" + id).statusCode(200).body("name", equalTo("test round " + id));
    }

    @Test
    void jsonNestsAtMost32LevelsAndNumbersHaveAtMost40Characters() throws Exception {
        assertEquals(32, depth(mapper.readTree("[".repeat(32) + "]".repeat(32))));
        StreamConstraintsException deep = assertThrows(StreamConstraintsException.class,
                () -> mapper.readTree("[".repeat(33) + "]".repeat(33)));
        assertTrue(deep.getMessage().startsWith("Document nesting depth (33) exceeds the maximum allowed (32"),
                deep.getMessage());

        assertEquals(40, mapper.readTree("1" + "0".repeat(39)).asText().length());
        StreamConstraintsException longNumber = assertThrows(StreamConstraintsException.class,
                () -> mapper.readTree("{\"amount\": 1" + "0".repeat(40) + "}"));
        assertTrue(longNumber.getMessage().startsWith("Number value length (41) exceeds the maximum allowed (40"),
                longNumber.getMessage());

        // a body nested deeper than that is refused before any of it is bound, even where it would be ignored
        String id = "round-" + UUID.randomUUID().toString().substring(0, 8);
        String deepBody = roundJson(id).replace("\"openedOn\"", "\"padding\": " + "[".repeat(40) + "]".repeat(40)
                + ", \"openedOn\"");
        post("/rounds", deepBody).statusCode(400).contentType(startsWith(PROBLEM_JSON));
        get("/rounds/" + id).statusCode(404);
    }

    // ---- Location: relative, whatever Host and forwarded headers say

    @Test
    void theLocationOfANewResourceIgnoresAHostileHostAndForwardedHeaders() {
        String round = "round-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> hostile = List.of("Host: evil.example", "X-Forwarded-Host: evil2.example",
                "X-Forwarded-Proto: https", "X-Forwarded-Prefix: /evil", "Forwarded: host=evil3.example;proto=https",
                "Authorization: Bearer " + TestTokens.admin(), "Content-Type: application/json");
        RawHttp.Answer opened = send("POST", "/rounds", hostile, roundJson(round));
        assertEquals(201, opened.status(), opened.body());
        assertEquals("/rounds/" + round, opened.header("Location"));

        String tranche = "t-" + UUID.randomUUID();
        RawHttp.Answer committed = send("POST", "/tranches", hostile, """
                {"id": "%s", "roundId": "%s", "investor": "Amazon", "amount": 1, "kind": "IMMEDIATE"}"""
                .formatted(tranche, round));
        assertEquals(201, committed.status(), committed.body());
        assertEquals("/tranches/" + tranche, committed.header("Location"));
        get(committed.header("Location")).statusCode(200).body("trancheId", equalTo(tranche));
    }

    @Test
    void aHostThatIsNoHostIsA400ProblemNamingHost() {
        EdgeProblems.assertBadRequest(RawHttp.get(base, "/rounds", "Host: evil example{}"), "/rounds", "Host",
                "is missing or is not a host[:port]");
    }

    // ---- security headers

    static Stream<Arguments> answers() {
        String token = "Authorization: Bearer " + TestTokens.admin();
        String json = "Content-Type: application/json";
        String round = "round-" + UUID.randomUUID().toString().substring(0, 8);
        return Stream.of(
                Arguments.of("a read", "GET", "/rounds/openai-2026", List.of(), null, 200),
                Arguments.of("a write", "POST", "/rounds", List.of(token, json), roundJson(round), 201),
                Arguments.of("a 404 problem", "GET", "/tranches/no-such-tranche", List.of(), null, 404),
                Arguments.of("a 400 problem", "GET", "/tranches?state=PAID", List.of(), null, 400),
                Arguments.of("a 401 problem", "POST", "/rounds", List.of(json), roundJson(round), 401),
                Arguments.of("a 422 problem", "POST", "/rounds", List.of(token, json),
                        roundJson(round).replace("2026-01-01", "2099-01-01"), 422),
                Arguments.of("health", "GET", "/q/health/ready", List.of(), null, 200),
                Arguments.of("the OpenAPI document", "GET", "/q/openapi", List.of(), null, 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void everyApiAnswerIsNeitherSniffedNorFramedNorStored(String label, String method, String target,
            List<String> headers, String body, int status) {
        RawHttp.Answer answer = send(method, target, headers, body);
        assertEquals(status, answer.status(), answer.body());
        EdgeProblems.assertApiHeaders(answer, label);
    }

    @Test
    void swaggerUiGetsAPolicyThatLetsItsOwnPageWork() {
        RawHttp.Answer page = RawHttp.get(base, "/q/swagger-ui/");
        assertEquals(200, page.status());
        assertEquals(SWAGGER_POLICY, page.header("Content-Security-Policy"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        assertEquals("DENY", page.header("X-Frame-Options"));
        // every script and style sheet is the service's own ('self'); the set-up scripts are inline ('unsafe-inline')
        List<String> sources = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(page.body());
        while (m.find()) {
            sources.add(m.group(1));
        }
        assertFalse(sources.isEmpty(), page.body());
        for (String source : sources) {
            URI uri = URI.create(source);
            assertNull(uri.getHost(), "from another origin: " + source);
            if (!source.startsWith("/")) {
                assertEquals(200, RawHttp.send(base, "HEAD", "/q/swagger-ui/" + source, List.of(), null).status(),
                        source);
            }
        }
        RawHttp.Answer script = RawHttp.send(base, "HEAD", "/q/swagger-ui/swagger-ui-bundle.js", List.of(), null);
        assertEquals(SWAGGER_POLICY, script.header("Content-Security-Policy"));
    }

    // ---- health: the status for anyone, no addresses

    @Test
    void healthTellsNoAddresses() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        URI jdbc = URI.create(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class)
                .substring("jdbc:".length()));
        for (String path : List.of("/q/health", "/q/health/ready", "/q/health/live", "/q/health/started",
                "/q/health/well")) {
            RawHttp.Answer answer = RawHttp.get(base, path);
            assertEquals(200, answer.status(), path + ": " + answer.body());
            for (String address : List.of(bootstrap, jdbc.getHost() + ":" + jdbc.getPort(), "bootstrap.servers",
                    "jdbc:")) {
                assertFalse(answer.body().contains(address), path + " tells " + address + ": " + answer.body());
            }
        }
        get("/q/health").statusCode(200)
                .body("checks.find { it.name == 'Kafka broker' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Kafka broker' }.data", equalTo(Map.of("brokers", 1)))
                .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Database connections health check' }.data", equalTo(null));
    }

    // ----

    private RawHttp.Answer send(String method, String target, List<String> headers, String body) {
        List<String> all = new ArrayList<>(headers);
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        if (bytes != null) {
            all.add("Content-Length: " + bytes.length);
        }
        return RawHttp.send(base, method, target, all, bytes);
    }

    /** POSTs a round; streamed, in chunks of at most 4096 bytes and no Content-Length. */
    private RawHttp.Answer postRound(String json, boolean streamed) {
        List<String> headers = List.of("Authorization: Bearer " + TestTokens.admin(), "Content-Type: application/json");
        if (!streamed) {
            return send("POST", "/rounds", headers, json);
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder chunked = new StringBuilder();
        for (int at = 0; at < bytes.length; at += 4096) {
            int size = Math.min(4096, bytes.length - at);
            chunked.append(Integer.toHexString(size)).append("\r\n")
                    .append(new String(bytes, at, size, StandardCharsets.UTF_8)).append("\r\n");
        }
        chunked.append("0\r\n\r\n");
        List<String> all = new ArrayList<>(headers);
        all.add("Transfer-Encoding: chunked");
        return RawHttp.send(base, "POST", "/rounds", all, chunked.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String roundJson(String id) {
        return """
                {"id": "%s", "name": "test round %s", "amount": 110000000000, "preMoneyValuation": 730000000000,
                 "investors": [{"investor": "Amazon", "committed": 50000000000}], "openedOn": "2026-01-01"}"""
                .formatted(id, id);
    }

    /** The JSON with spaces before its last brace, {@code size} bytes in all. */
    static String padded(String json, int size) {
        return json.substring(0, json.length() - 1) + " ".repeat(size - json.length()) + "}";
    }

    private static int depth(JsonNode node) {
        return node.isEmpty() ? 1 : 1 + depth(node.get(0));
    }

    private static String encoded(String id) {
        return URI.create("x:/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"))
                .getRawPath().substring(1);
    }
}
