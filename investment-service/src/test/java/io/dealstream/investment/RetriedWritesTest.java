package io.dealstream.investment;

import static io.dealstream.investment.InvestmentApi.PROBLEM_JSON;
import static io.dealstream.investment.InvestmentApi.get;
import static io.dealstream.investment.InvestmentApi.immediateTranche;
import static io.dealstream.investment.InvestmentApi.newRound;
import static io.dealstream.testsupport.RetriedWrites.assertAnotherBodyRefused;
import static io.dealstream.testsupport.RetriedWrites.assertOneAnswer;
import static io.dealstream.testsupport.RetriedWrites.assertSameAnswer;
import static io.dealstream.testsupport.RetriedWrites.atOnce;
import static io.dealstream.testsupport.RetriedWrites.count;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.MutableClock;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.RawHttp;
import io.dealstream.testsupport.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writes sent again with one Idempotency-Key: the first answer comes back and nothing is written twice; the key with
 * another request is a 422, a malformed one a 400; keys are each caller's own and count as new once kept longer than
 * {@code dealstream.idempotency.keep} (24 h), which the tests pass by moving the clock.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class RetriedWritesTest {

    static final String KEY = "Idempotency-Key";

    @Inject
    MutableClock clock;

    @Inject
    DataSource database;

    @TestHTTPResource
    URL base;

    @AfterEach
    void backToNow() {
        clock.setInstant(Instant.now());
    }

    /** An immediate $1000 tranche of SoftBank's in {@code round}, with no id: the service names it. */
    static String softBankTranche(String round) {
        return """
                {"roundId": "%s", "investor": "SoftBank", "amount": 1000, "kind": "IMMEDIATE"}""".formatted(round);
    }

    static ExtractableResponse<Response> send(String token, String key, String path, String json) {
        return InvestmentApi.given().auth().oauth2(token).header(KEY, key).contentType(ContentType.JSON).body(json)
                .post(path).then().extract();
    }

    static ExtractableResponse<Response> send(String key, String path, String json) {
        return send(TestTokens.admin(), key, path, json);
    }

    static String newKey() {
        return UUID.randomUUID().toString();
    }

    /** The ids of the tranches of {@code round}. */
    static List<String> tranchesOf(String round) {
        return get("/tranches?investor=SoftBank").statusCode(200).extract()
                .jsonPath().getList("findAll { it.roundId == '" + round + "' }.trancheId", String.class);
    }

    /** The same answer: status, body, and the headers that matter. */
    // ---- a repeat answers the first answer and writes nothing

    @Test
    void aRepeatedCommitAnswersTheFirstStatusBodyAndLocationAndLeavesOneTrancheAndOneEvent() {
        String round = newRound();
        String key = newKey();
        ExtractableResponse<Response> first = send(key, "/tranches", softBankTranche(round));
        ExtractableResponse<Response> again = send(key, "/tranches", softBankTranche(round));

        assertEquals(201, first.statusCode(), first.asString());
        String id = first.path("trancheId");
        assertEquals("/tranches/" + id, first.header("Location"));
        assertEquals("\"1\"", first.header("ETag"));
        assertNull(first.header("Idempotent-Replayed"));
        assertSameAnswer(first, again);
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(List.of(id), tranchesOf(round));
        get("/tranches/" + id + "/events").body("type", contains("investment.tranche.committed.v1"));
        assertEquals(1, outboxEventsOf(id));
    }

    @Test
    void aRepeatedFundingAnswersTheFirst200InsteadOfAConflictAndRecordsOneFunding() {
        String id = immediateTranche(newRound());
        String key = newKey();
        String funding = "{\"amount\": 15000000000, \"fundedOn\": \"2026-03-31\"}";
        ExtractableResponse<Response> first = send(key, "/tranches/" + id + "/funding", funding);
        ExtractableResponse<Response> again = send(key, "/tranches/" + id + "/funding", funding);

        assertEquals(200, first.statusCode(), first.asString());
        assertEquals("FUNDED", first.path("state"));
        assertEquals("\"2\"", first.header("ETag"));
        assertSameAnswer(first, again);
        get("/tranches/" + id + "/events")
                .body("type", contains("investment.tranche.committed.v1", "investment.tranche.funded.v1"));
        assertEquals(2, outboxEventsOf(id));
        // without the key, the same funding is what it always was: a conflict
        InvestmentApi.post("/tranches/" + id + "/funding", funding).statusCode(409);
    }

    @Test
    void aRepeatedTriggerAnswersTheFirst200AndRecordsOneObligation() {
        String id = InvestmentApi.contingentTranche(newRound(), "2099-12-31");
        String key = newKey();
        String trigger = "{\"type\": \"IPO\", \"occurredOn\": \"2026-11-02\"}";
        ExtractableResponse<Response> first = send(key, "/tranches/" + id + "/triggers", trigger);
        ExtractableResponse<Response> again = send(key, "/tranches/" + id + "/triggers", trigger);

        assertEquals(200, first.statusCode(), first.asString());
        assertSameAnswer(first, again);
        get("/tranches/" + id + "/events")
                .body("type", contains("investment.tranche.committed.v1", "investment.tranche.obligated.v1"));
    }

    @Test
    void aRepeatedRoundOpeningAnswersTheFirst201InsteadOfAConflict() {
        String id = "round-" + UUID.randomUUID().toString().substring(0, 8);
        String key = newKey();
        String round = """
                {"id": "%s", "name": "Series Z", "amount": 1000, "preMoneyValuation": 9000,
                 "investors": [{"investor": "Acme", "committed": 600}]}""".formatted(id);
        ExtractableResponse<Response> first = send(key, "/rounds", round);
        ExtractableResponse<Response> again = send(key, "/rounds", round);

        assertEquals(201, first.statusCode(), first.asString());
        assertEquals("/rounds/" + id, first.header("Location"));
        assertEquals("\"1\"", first.header("ETag"));
        assertSameAnswer(first, again);
        assertEquals(1, get("/rounds").extract().jsonPath().getList("findAll { it.id == '" + id + "' }").size());
    }

    @Test
    void theSameValuesInAnotherOrderAndSpacingAreTheSameBody() {
        String round = newRound();
        String key = newKey();
        ExtractableResponse<Response> first = send(key, "/tranches", softBankTranche(round));
        ExtractableResponse<Response> again = send(key, "/tranches", """
                {  "kind":"IMMEDIATE","amount":1000,
                   "investor":"SoftBank", "roundId":"%s"}""".formatted(round));
        assertSameAnswer(first, again);
        assertEquals(1, tranchesOf(round).size());
    }

    // ---- the key with another request

    @Test
    void theKeyWithAnotherBodyIsA422NamingItAndWritesNothing() {
        String round = newRound();
        String key = newKey();
        send(key, "/tranches", softBankTranche(round));
        String other = """
                {"roundId": "%s", "investor": "SoftBank", "amount": 2000, "kind": "IMMEDIATE"}""".formatted(round);
        ExtractableResponse<Response> refused = send(key, "/tranches", other);

        assertAnotherBodyRefused(refused, key, "POST /tranches");
        assertEquals(1, tranchesOf(round).size());
    }

    @Test
    void theKeyOnAnotherRouteIsA422AndWritesNothing() {
        String round = newRound();
        String key = newKey();
        String id = send(key, "/tranches", softBankTranche(round)).path("trancheId");
        ExtractableResponse<Response> refused = send(key, "/tranches/" + id + "/funding",
                "{\"amount\": 1000, \"fundedOn\": \"2026-03-31\"}");

        assertEquals(422, refused.statusCode());
        assertEquals("'" + key + "' was sent before to POST /tranches, not POST /tranches/" + id + "/funding; a key "
                + "stands for one request: send a new key with a new request", refused.path("errors[0].message"));
        get("/tranches/" + id).body("state", equalTo("COMMITTED")).body("version", equalTo(1));
    }

    @Test
    void aRefusedRequestIsNotKeptSoItsKeyIsJudgedAgain() {
        String id = immediateTranche(newRound());
        String key = newKey();
        String wrongAmount = "{\"amount\": 1, \"fundedOn\": \"2026-03-31\"}";
        assertEquals(422, send(key, "/tranches/" + id + "/funding", wrongAmount).statusCode());
        assertEquals(422, send(key, "/tranches/" + id + "/funding", wrongAmount).statusCode());
        ExtractableResponse<Response> corrected = send(key, "/tranches/" + id + "/funding",
                "{\"amount\": 15000000000, \"fundedOn\": \"2026-03-31\"}");
        assertEquals(200, corrected.statusCode(), corrected.asString());
        assertEquals(null, corrected.header("Idempotent-Replayed"));
        assertEquals(2, outboxEventsOf(id));
    }

    // ---- concurrency, callers and time

    @Test
    void concurrentRequestsWithOneKeyWriteOnceAndAllGetTheSameAnswer() throws Exception {
        String round = newRound();
        String key = newKey();
        assertOneAnswer(atOnce(6, () -> send(key, "/tranches", softBankTranche(round))), 201);
        List<String> tranches = tranchesOf(round);
        assertEquals(1, tranches.size(), tranches.toString());
        assertEquals(1, outboxEventsOf(tranches.getFirst()));
    }

    @Test
    void anotherCallersKeyIsItsOwnEvenWhenTheSame() {
        String round = newRound();
        String key = newKey();
        ExtractableResponse<Response> admin = send(TestTokens.admin(), key, "/tranches", softBankTranche(round));
        ExtractableResponse<Response> someone = send(TestTokens.withRoles("deal-admin"), key, "/tranches",
                softBankTranche(round));

        assertEquals(201, admin.statusCode());
        assertEquals(201, someone.statusCode());
        assertNotEquals((String) admin.path("trancheId"), someone.path("trancheId"));
        assertEquals(null, someone.header("Idempotent-Replayed"));
        assertEquals(2, tranchesOf(round).size());
        // and each caller's repeat gets its own answer back
        assertSameAnswer(someone, send(TestTokens.withRoles("deal-admin"), key, "/tranches", softBankTranche(round)));
        assertSameAnswer(admin, send(TestTokens.admin(), key, "/tranches", softBankTranche(round)));
    }

    @Test
    void aKeyKeptLongerThanADayCountsAsNewAndIsPurged() throws Exception {
        String round = newRound();
        String key = newKey();
        String first = send(key, "/tranches", softBankTranche(round)).path("trancheId");

        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertEquals(first, send(key, "/tranches", softBankTranche(round)).path("trancheId"), "kept for 24 h");

        clock.advance(Duration.ofSeconds(2));
        ExtractableResponse<Response> anew = send(key, "/tranches", softBankTranche(round));
        assertEquals(201, anew.statusCode());
        assertNotEquals(first, anew.path("trancheId"));
        assertEquals(2, tranchesOf(round).size());

        String older = newKey();
        send(older, "/tranches", softBankTranche(round));
        clock.advance(Duration.ofHours(25));
        send(newKey(), "/tranches", softBankTranche(round));
        assertEquals(0, keptRows(older), "purged by the next write that keeps a key");
    }

    // ---- malformed keys: a 400 naming the header, nothing written

    @Test
    void aThousandCharacterKeyIsA400AndWritesNothing() {
        String round = newRound();
        ExtractableResponse<Response> refused = send("k".repeat(1000), "/tranches", softBankTranche(round));
        assertEquals(400, refused.statusCode());
        assertEquals(PROBLEM_JSON, refused.contentType());
        assertEquals("Idempotency-Key", refused.path("errors[0].field"));
        assertEquals("is 1000 characters long; at most 255 are accepted", refused.path("errors[0].message"));
        assertEquals(List.of(), tranchesOf(round));
    }

    @Test
    void anEmptyKeyIsA400() {
        String round = newRound();
        ExtractableResponse<Response> refused = send("", "/tranches", softBankTranche(round));
        assertEquals(400, refused.statusCode());
        assertEquals("is empty; a key is 1 to 255 characters", refused.path("errors[0].message"));
        assertEquals(List.of(), tranchesOf(round));
    }

    @Test
    void aKeyWithAControlCharacterOrAQuoteIsA400NamingItsPosition() {
        String round = newRound();
        String only = "; a key is ASCII letters, digits and - _ . : ~ only";
        RawHttp.Answer tab = raw(round, "Idempotency-Key: abc\tdef".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(400, tab.status(), tab.body());
        assertEquals(PROBLEM_JSON, tab.header("Content-Type"));
        assertEquals("{\"field\":\"Idempotency-Key\",\"message\":\"contains the character U+0009 at position 4"
                + only + "\"}", errorOf(tab.body()));
        RawHttp.Answer c1 = raw(round, "Idempotency-Key: a\u0085b".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(400, c1.status(), c1.body());
        assertEquals("{\"field\":\"Idempotency-Key\",\"message\":\"contains the character U+0085 at position 2"
                + only + "\"}", errorOf(c1.body()));
        ExtractableResponse<Response> quoted = send("\"abc\"", "/tranches", softBankTranche(round));
        assertEquals(400, quoted.statusCode());
        assertEquals("contains '\"' at position 1" + only, quoted.path("errors[0].message"));
        assertEquals(List.of(), tranchesOf(round));
    }

    @Test
    void severalKeysAreA400WhetherOnSeveralLinesOrOne() {
        String round = newRound();
        ExtractableResponse<Response> twice = InvestmentApi.given().auth().oauth2(TestTokens.admin())
                .header(KEY, "a").header(KEY, "b").contentType(ContentType.JSON).body(softBankTranche(round))
                .post("/tranches").then().extract();
        assertEquals(400, twice.statusCode());
        assertEquals("is sent 2 times; a request has one key", twice.path("errors[0].message"));
        ExtractableResponse<Response> listed = send("a, b", "/tranches", softBankTranche(round));
        assertEquals(400, listed.statusCode());
        assertEquals("contains ',' at position 2; a key is ASCII letters, digits and - _ . : ~ only",
                listed.path("errors[0].message"));
        assertEquals(List.of(), tranchesOf(round));
    }

    @Test
    void aKeyOnAReadIsNotLookedAt() {
        InvestmentApi.given().header(KEY, "").get("/tranches/amazon-t1").then().statusCode(200);
    }

    /** POST /tranches written by hand, with this header line (bytes as they go on the wire). */
    private RawHttp.Answer raw(String round, byte[] keyLine) {
        byte[] body = softBankTranche(round).getBytes(StandardCharsets.UTF_8);
        return RawHttp.send(base, "POST", "/tranches", List.of("Authorization: Bearer " + TestTokens.admin(),
                "Content-Type: application/json", "Content-Length: " + body.length,
                new String(keyLine, StandardCharsets.ISO_8859_1)), body);
    }

    private static String errorOf(String problem) {
        return problem.substring(problem.indexOf("\"errors\":[") + 10, problem.indexOf("}]") + 1);
    }

    private long outboxEventsOf(String trancheId) {
        return count(database, "select count(*) from outbox_event where subject = ?", trancheId);
    }

    private long keptRows(String key) {
        return count(database, "select count(*) from idempotency_key where idempotency_key = ?", key);
    }
}
