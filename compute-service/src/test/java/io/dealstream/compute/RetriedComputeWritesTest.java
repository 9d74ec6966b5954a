package io.dealstream.compute;

import static io.dealstream.testsupport.RetriedWrites.assertAnotherBodyRefused;
import static io.dealstream.testsupport.RetriedWrites.assertOneAnswer;
import static io.dealstream.testsupport.RetriedWrites.assertSameAnswer;
import static io.dealstream.testsupport.RetriedWrites.atOnce;
import static io.dealstream.testsupport.RetriedWrites.count;
import static io.dealstream.testsupport.RetriedWrites.newId;
import static io.dealstream.testsupport.RetriedWrites.text;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.testsupport.InjectKafka;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.MutableClock;
import io.dealstream.testsupport.OwnPartnerRoundOnAClock;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.TestTokens;
import io.dealstream.testsupport.TrancheEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * compute-service's writes sent again with one Idempotency-Key (a commitment, the funding view's repairs) and its
 * ETags. The partner is a round of this class's own, funded $15B of $50B, so a new commitment of 1 GW releases
 * 0.300 GW at once and announces it with one capacity event; the clock is moved by hand past the keys' 24 h.
 */
@QuarkusTest
@TestProfile(RetriedComputeWritesTest.RetriedRound.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "compute"))
class RetriedComputeWritesTest {

    static final Duration WAIT = Duration.ofSeconds(45);
    /** Fixed, not random: the profile and the test methods see this class from different class loaders. */
    static final String ROUND = "retried-round";
    static final String KEY = "Idempotency-Key";
    static final String DLQ = "compute.tranche-events.dlq";

    public static class RetriedRound extends OwnPartnerRoundOnAClock {
        public RetriedRound() {
            super(ROUND);
        }
    }

    @InjectKafka
    KafkaCompanion kafka;

    @Inject
    MutableClock clock;

    @Inject
    DataSource database;

    /** Amazon's $15B of its $50B in the partner round, funded once for the class. */
    @BeforeEach
    void partnerFunded() {
        if (!new BigDecimal("15000000000.00").equals(fundedByThePartner())) {
            OwnPartnerRoundOnAClock.fundFirstTranche(kafka, ROUND, WAIT);
            await().atMost(WAIT).until(() -> new BigDecimal("15000000000.00").equals(fundedByThePartner()));
        }
    }

    private static BigDecimal fundedByThePartner() {
        return JsonPath.from(given().get("/capacity").then().statusCode(200).extract().asString())
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL))
                .getObject("funding.funded", BigDecimal.class);
    }

    @AfterEach
    void backToNow() {
        clock.setInstant(Instant.now());
    }

    static String commitment(String id) {
        return """
                {"id": "%s", "provider": "AWS", "customer": "OpenAI", "totalUsd": 300.00, "years": 3,
                 "startsOn": "2027-01-01", "capacityGw": 1}""".formatted(id);
    }

    static ExtractableResponse<Response> send(String token, String key, String path, String json) {
        var request = given().auth().oauth2(token).header(KEY, key);
        if (json != null) {
            request.contentType(ContentType.JSON).body(json);
        }
        return request.post(path).then().extract();
    }

    static ExtractableResponse<Response> send(String key, String path, String json) {
        return send(TestTokens.admin(), key, path, json);
    }

    // ---- POST /commitments

    @Test
    void aRepeatedAddAnswersTheFirst201AndLeavesOneCommitmentAndOneCapacityEvent() {
        String id = newId();
        String key = UUID.randomUUID().toString();
        ExtractableResponse<Response> first = send(key, "/commitments", commitment(id));
        ExtractableResponse<Response> again = send(key, "/commitments", commitment(id));

        assertEquals(201, first.statusCode(), first.asString());
        assertEquals("/commitments/" + id, first.header("Location"));
        assertEquals("\"1\"", first.header("ETag"));
        assertSameAnswer(first, again);
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(1, count(database, "select count(*) from compute_commitment where id = ?", id));
        assertEquals(1, count(database, "select count(*) from outbox_event where subject = ?", id));
        assertEquals("compute.capacity.released.v1",
                text(database, "select ce_type from outbox_event where subject = ?", id));
        String capacity = given().get("/capacity/" + id).then().statusCode(200).extract().asString();
        assertTrue(capacity.contains("\"releasedGw\":0.300,"), capacity);
    }

    @Test
    void theKeyWithAnotherBodyIsA422AndAddsNothing() {
        String key = UUID.randomUUID().toString();
        send(key, "/commitments", commitment(newId()));
        String other = newId();
        ExtractableResponse<Response> refused = send(key, "/commitments", commitment(other));
        assertAnotherBodyRefused(refused, key, "POST /commitments");
        given().get("/commitments/" + other).then().statusCode(404);
    }

    @Test
    void concurrentAddsWithOneKeyAddOnceAndAllGetTheSameAnswer() throws Exception {
        String id = newId();
        String key = UUID.randomUUID().toString();
        assertOneAnswer(atOnce(6, () -> send(key, "/commitments", commitment(id))), 201);
        assertEquals(1, count(database, "select count(*) from compute_commitment where id = ?", id));
        assertEquals(1, count(database, "select count(*) from outbox_event where subject = ?", id));
    }

    @Test
    void anotherCallersKeyIsItsOwn() {
        String key = UUID.randomUUID().toString();
        assertEquals(201, send(TestTokens.admin(), key, "/commitments", commitment(newId())).statusCode());
        String theirs = newId();
        ExtractableResponse<Response> someone = send(TestTokens.withRoles("deal-admin"), key, "/commitments",
                commitment(theirs));
        assertEquals(201, someone.statusCode(), someone.asString());
        assertNull(someone.header("Idempotent-Replayed"));
        assertEquals(1, count(database, "select count(*) from compute_commitment where id = ?", theirs));
    }

    @Test
    void aKeyOlderThanADayCountsAsNewSoItsRequestIsJudgedAgain() {
        String id = newId();
        String key = UUID.randomUUID().toString();
        assertEquals(201, send(key, "/commitments", commitment(id)).statusCode());
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        ExtractableResponse<Response> anew = send(key, "/commitments", commitment(id));
        assertEquals(409, anew.statusCode(), "judged again: the id is taken");
        String other = newId();
        assertEquals(201, send(key, "/commitments", commitment(other)).statusCode(), "the key now stands for this");
    }

    @Test
    void aMalformedKeyIsA400AndAddsNothing() {
        String id = newId();
        ExtractableResponse<Response> refused = send("k".repeat(1000), "/commitments", commitment(id));
        assertEquals(400, refused.statusCode());
        assertEquals(Map.of("field", "Idempotency-Key", "message", "is 1000 characters long; at most 255 are "
                + "accepted"), refused.path("errors[0]"));
        given().get("/commitments/" + id).then().statusCode(404);
    }

    // ---- ETags

    @Test
    void aCommitmentsETagIsItsOneVersionAndAViewedTranchesMovesWithItsEvents() {
        given().get("/commitments/aws-2026-02-expansion").then().statusCode(200).header("ETag", "\"1\"");
        TrancheSnapshot tranche = TrancheEvents.committed("tagged-" + UUID.randomUUID(), "tagged-round", "Tagger",
                "1000.00", TrancheKind.IMMEDIATE, "1000.00");
        kafka.produceStrings().fromRecords(TrancheEvents.record(TrancheEvents.opened(TrancheEvents.roundOf(tranche))),
                TrancheEvents.record(TrancheEvents.event(tranche))).awaitCompletion(WAIT);
        await().atMost(WAIT).untilAsserted(() -> given().get("/funding-view/tranches/" + tranche.trancheId()).then()
                .statusCode(200).header("ETag", "\"1\""));
        kafka.produceStrings().fromRecords(TrancheEvents.record(TrancheEvents.event(
                TrancheEvents.funded(tranche, LocalDate.of(2026, 3, 2))))).awaitCompletion(WAIT);
        await().atMost(WAIT).untilAsserted(() -> given().get("/funding-view/tranches/" + tranche.trancheId()).then()
                .statusCode(200).header("ETag", "\"2\"").body("state", equalTo("FUNDED")));
    }

    // ---- the funding view's repairs

    @Test
    void aRepeatedReDriveAnswersTheFirstReportAndReDrivesNothingMore() throws Exception {
        deadLetterAVersionGap();
        String key = UUID.randomUUID().toString();
        ExtractableResponse<Response> first = send(key, "/funding-view/redrive", null);
        assertEquals(200, first.statusCode(), first.asString());
        assertTrue(first.jsonPath().getInt("failedAgain") >= 1, first.asString());
        String positions = redrivePositions();

        ExtractableResponse<Response> again = send(key, "/funding-view/redrive", null);
        assertSameAnswer(first, again);
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(positions, redrivePositions(), "no re-drive ran again");

        // what failed again went back to the topic's end: a re-drive that does run reads on from there
        assertEquals(200, send(UUID.randomUUID().toString(), "/funding-view/redrive", null).statusCode());
        assertNotEquals(positions, redrivePositions());
    }

    @Test
    void concurrentReDrivesWithOneKeyRunOnceAndAllGetTheSameReport() throws Exception {
        deadLetterAVersionGap();
        String key = UUID.randomUUID().toString();
        List<ExtractableResponse<Response>> answers = atOnce(3, () -> send(key, "/funding-view/redrive", null));
        assertOneAnswer(answers, 200);
        assertEquals(2, answers.stream().filter(a -> "true".equals(a.header("Idempotent-Replayed"))).count());
    }

    @Test
    void aRepeatedRebuildAnswersTheFirstReportAndRebuildsNothingMore() {
        TrancheSnapshot tranche = TrancheEvents.committed("rebuilt-" + UUID.randomUUID(), "rebuilt-round", "Builder",
                "1000.00", TrancheKind.IMMEDIATE, "1000.00");
        kafka.produceStrings().fromRecords(TrancheEvents.record(TrancheEvents.opened(TrancheEvents.roundOf(tranche))),
                TrancheEvents.record(TrancheEvents.event(tranche))).awaitCompletion(WAIT);
        await().atMost(WAIT).untilAsserted(() -> given().get("/funding-view/tranches/" + tranche.trancheId()).then()
                .statusCode(200));
        String key = UUID.randomUUID().toString();
        ExtractableResponse<Response> first = send(key, "/funding-view/rebuild", null);
        assertEquals(200, first.statusCode(), first.asString());
        // a rebuild writes every row of the view anew: the row's transaction id tells whether one ran
        String written = text(database, "select xmin::text from funding_view_tranche where tranche_id = ?",
                tranche.trancheId());

        ExtractableResponse<Response> again = send(key, "/funding-view/rebuild", null);
        assertSameAnswer(first, again);
        assertEquals(written, text(database, "select xmin::text from funding_view_tranche where tranche_id = ?",
                tranche.trancheId()), "no rebuild ran again");
        assertEquals(200, send(UUID.randomUUID().toString(), "/funding-view/rebuild", null).statusCode());
        assertNotEquals(written, text(database, "select xmin::text from funding_view_tranche where tranche_id = ?",
                tranche.trancheId()));
    }

    @Test
    void aRepairsKeyOnAnotherRepairIsA422() {
        String key = UUID.randomUUID().toString();
        assertEquals(200, send(key, "/funding-view/redrive", null).statusCode());
        ExtractableResponse<Response> refused = send(key, "/funding-view/rebuild", null);
        assertEquals(422, refused.statusCode());
        assertEquals("'" + key + "' was sent before to POST /funding-view/redrive, not POST /funding-view/rebuild; "
                + "a key stands for one request: send a new key with a new request", refused.path("errors[0].message"));
    }

    @Test
    void theOpenApiDocumentShowsTheKeysAndTheTags() {
        JsonPath openApi = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        for (String write : List.of("/commitments", "/funding-view/redrive", "/funding-view/rebuild")) {
            String post = "paths.'" + write + "'.post";
            assertEquals(List.of("header"),
                    openApi.getList(post + ".parameters.findAll { it.name == 'Idempotency-Key' }.in"), write);
            assertTrue(openApi.getMap(post + ".responses").keySet().containsAll(List.of("400", "422")), write);
        }
        assertTrue(openApi.getMap("paths.'/commitments'.post.responses.'201'.headers").containsKey("ETag"));
        for (String read : List.of("/commitments/{id}", "/funding-view/tranches/{id}")) {
            assertTrue(openApi.getMap("paths.'" + read + "'.get.responses.'200'.headers").containsKey("ETag"), read);
        }
    }

    /** Version 1 and then version 3 of a tranche of its own: version 3 is dead-lettered, and fails again until 2. */
    private void deadLetterAVersionGap() {
        TrancheSnapshot committed = TrancheEvents.committed("gapped-" + UUID.randomUUID(), "gapped-round", "Gapper",
                "1000.00", TrancheKind.IMMEDIATE, "1000.00");
        TrancheSnapshot funded = TrancheEvents.funded(committed, LocalDate.of(2026, 3, 2));
        CloudEvent gap = TrancheEvents.event(new TrancheSnapshot(funded.trancheId(), funded.roundId(),
                funded.investor(), funded.amount(), funded.investorCommitment(), funded.kind(), funded.state(),
                funded.security(), funded.dueOn(), funded.expiresOn(), funded.trigger(), funded.fundedAmount(),
                funded.fundedOn(), funded.expiredOn(), 3));
        try (ConsumerTask<String, String> deadLetters = kafka.consumeStrings().fromTopics(DLQ)) {
            kafka.produceStrings().fromRecords(
                    TrancheEvents.record(TrancheEvents.opened(TrancheEvents.roundOf(committed)), 0),
                    TrancheEvents.record(TrancheEvents.event(committed), 0),
                    TrancheEvents.record(gap, 0)).awaitCompletion(WAIT);
            await().atMost(WAIT).until(() -> deadLetters.getRecords().stream().anyMatch(r -> r.headers()
                    .lastHeader(CloudEvent.H_ID) != null && gap.id().equals(new String(r.headers()
                    .lastHeader(CloudEvent.H_ID).value(), StandardCharsets.UTF_8))));
        }
    }

    private String redrivePositions() {
        return text(database, "select string_agg(partition || '@' || next_offset, ',' order by partition) from "
                + "funding_view_redrive where topic = ?", DLQ);
    }

}
