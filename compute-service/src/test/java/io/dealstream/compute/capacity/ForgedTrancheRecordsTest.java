package io.dealstream.compute.capacity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.EventJson;
import io.dealstream.events.Topics;
import io.dealstream.events.round.RoundCommitment;
import io.dealstream.events.round.RoundSnapshot;
import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.testsupport.InjectKafka;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.PrometheusScrape;
import io.dealstream.testsupport.TrancheEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Records a broker user could write to investment.tranche-events that once stopped the funding view for good, or
 * were taken as facts, each followed by a real event that must still be applied. Tranches of rounds of their own and
 * a non-partner investor, so nothing of the deal changes; each test writes to partition 0, in order.
 */
@QuarkusTest
@TestProfile(ForgedTrancheRecordsTest.StuckAfterTwoSeconds.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "compute"))
class ForgedTrancheRecordsTest {

    static final Duration WAIT = Duration.ofSeconds(45);
    static final String INVESTOR = "Forger Capital";
    static final String DLQ = "compute.tranche-events.dlq";
    static final String CHECK = "tranche-events consumer";
    /** Money in answers read exactly, scale included. */
    static final RestAssuredConfig EXACT = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    public static class StuckAfterTwoSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dealstream.funding-view.stuck-after", "2s",
                    "dealstream.funding-view.max-apply-attempts", "3");
        }
    }

    @InjectKafka
    KafkaCompanion kafka;

    @Inject
    DataSource dataSource;

    @Test
    void theFourRecordsThatOnceStoppedTheViewAreDeadLetteredAndTheNextRealEventIsApplied() {
        String round = round();
        TrancheSnapshot real = tranche("forged-" + UUID.randomUUID(), round);
        CloudEvent template = TrancheEvents.event(real);
        String body = template.data();

        RecordHeaders longCeId = headers(template);
        longCeId.remove(CloudEvent.H_ID).add(CloudEvent.H_ID, bytes("x".repeat(300)));
        RecordHeaders farTime = headers(template);
        farTime.remove(CloudEvent.H_TIME).add(CloudEvent.H_TIME, bytes("+300000-01-01T00:00:00Z"));
        String nulId = real.trancheId() + "\u0000";
        RecordHeaders nulSubject = headers(template);
        nulSubject.remove(CloudEvent.H_SUBJECT).add(CloudEvent.H_SUBJECT, bytes(nulId));
        String longId = "t".repeat(303);
        RecordHeaders longSubject = headers(template);
        longSubject.remove(CloudEvent.H_SUBJECT).add(CloudEvent.H_SUBJECT, bytes(longId));

        List<String> markers = List.of(marker(), marker(), marker(), marker());
        publish(opening(real),
                record(round, body, longCeId, markers.get(0)),
                record(round, body, farTime, markers.get(1)),
                record(round, body.replace(real.trancheId(), real.trancheId() + "\\u0000"), nulSubject,
                        markers.get(2)),
                record(round, body.replace(real.trancheId(), longId), longSubject, markers.get(3)),
                TrancheEvents.record(template, 0));

        assertEquals("NOT_A_CLOUD_EVENT: header ce_id is longer than 64 characters", reasonOf(markers.get(0)));
        assertEquals("NOT_A_CLOUD_EVENT: ce_time +300000-01-01T00:00Z is not between 2000-01-01 and 2199-12-31",
                reasonOf(markers.get(1)));
        assertEquals("NOT_A_CLOUD_EVENT: header ce_subject must not contain control characters or line breaks;"
                + " found U+0000 at character " + nulId.length(), reasonOf(markers.get(2)));
        assertEquals("NOT_A_CLOUD_EVENT: header ce_subject is longer than 64 characters", reasonOf(markers.get(3)));
        awaitView(real.trancheId(), 1, template.id());
    }

    @Test
    void aForgedLargestVersionIsRefusedAndTheRealNextVersionIsStillApplied() {
        TrancheSnapshot committed = tranche("forged-" + UUID.randomUUID(), round());
        TrancheSnapshot funded = TrancheEvents.funded(committed, LocalDate.of(2026, 3, 2));
        CloudEvent forged = TrancheEvents.event(withVersion(funded, Long.MAX_VALUE));
        CloudEvent realCommitted = TrancheEvents.event(committed);
        CloudEvent realFunded = TrancheEvents.event(funded);
        publish(opening(committed), TrancheEvents.record(realCommitted, 0), TrancheEvents.record(forged, 0),
                TrancheEvents.record(realFunded, 0));

        assertEquals("VERSION_GAP: version 9223372036854775807 of tranche '" + committed.trancheId()
                + "' is not the next one: the view holds version 1, so it needs version 2 first",
                reasonOf(r -> forged.id().equals(header(r, CloudEvent.H_ID))));
        awaitView(committed.trancheId(), 2, realFunded.id());
        given().get("/funding-view/tranches/" + committed.trancheId()).then()
                .body("state", equalTo("FUNDED"));
    }

    @Test
    void aFundedEventWhoseFundedAmountIsNotItsAmountIsDeadLettered() {
        TrancheSnapshot committed = tranche("forged-" + UUID.randomUUID(), round());
        CloudEvent realCommitted = TrancheEvents.event(committed);
        CloudEvent funded = TrancheEvents.event(TrancheEvents.funded(committed, LocalDate.of(2026, 3, 2)));
        String shortBody = funded.data().replace("\"fundedAmount\":15000000000.00", "\"fundedAmount\":1.00");
        publish(opening(committed), TrancheEvents.record(realCommitted, 0),
                new ProducerRecord<>(Topics.TRANCHE_EVENTS, 0, committed.roundId(), shortBody, headers(funded)));

        assertEquals("UNREADABLE_BODY: body is not a valid TrancheSnapshot: field 'fundedAmount' is 1.00 in state"
                + " FUNDED: it must be 'amount' (15000000000.00)",
                reasonOf(r -> funded.id().equals(header(r, CloudEvent.H_ID))));
        awaitView(committed.trancheId(), 1, realCommitted.id());
    }

    @Test
    void aTrancheCannotChangeHandsInALaterVersion() {
        TrancheSnapshot committed = tranche("forged-" + UUID.randomUUID(), round());
        TrancheSnapshot funded = TrancheEvents.funded(committed, LocalDate.of(2026, 3, 2));
        TrancheSnapshot elsewhere = new TrancheSnapshot(funded.trancheId(), funded.roundId(), "Someone Else",
                funded.amount(), funded.investorCommitment(), funded.kind(), funded.state(), funded.security(),
                funded.dueOn(), funded.expiresOn(), funded.trigger(), funded.fundedAmount(), funded.fundedOn(),
                funded.expiredOn(), funded.version());
        CloudEvent realCommitted = TrancheEvents.event(committed);
        CloudEvent moved = TrancheEvents.event(elsewhere);
        // both investors of the round, committing the same: the version alone moves the tranche
        publish(opening(committed, elsewhere), TrancheEvents.record(realCommitted, 0),
                TrancheEvents.record(moved, 0));

        assertEquals("IDENTITY_CHANGED: tranche '" + committed.trancheId() + "' is investor 'Forger Capital''s in round '"
                + committed.roundId() + "', not investor 'Someone Else''s in round '" + committed.roundId() + "'",
                reasonOf(r -> moved.id().equals(header(r, CloudEvent.H_ID))));
        awaitView(committed.trancheId(), 1, realCommitted.id());
    }

    @Test
    void forgedTranchesOfAnUnknownRoundOrInvestorOrCommitmentAndAChangedRoundAreDeadLetteredAndTheNextRealChangeApplies() {
        TrancheSnapshot committed = tranche("real-" + UUID.randomUUID(), round());
        String round = committed.roundId();
        CloudEvent realCommitted = TrancheEvents.event(committed);
        publish(opening(committed), TrancheEvents.record(realCommitted, 0));
        awaitView(committed.trancheId(), 1, realCommitted.id());
        PrometheusScrape before = scrape();

        String ghostRound = "ghost-round-" + UUID.randomUUID();
        CloudEvent ghost = TrancheEvents.event(tranche("ghost-" + UUID.randomUUID(), ghostRound));
        TrancheSnapshot mallorys = TrancheEvents.committed("mallory-" + UUID.randomUUID(), round, "Mallory",
                TrancheEvents.T1_AMOUNT, TrancheKind.IMMEDIATE, TrancheEvents.T1_AMOUNT);
        CloudEvent mallory = TrancheEvents.event(mallorys);
        TrancheSnapshot inflateds = TrancheEvents.committed("inflated-" + UUID.randomUUID(), round, INVESTOR,
                TrancheEvents.T1_AMOUNT, TrancheKind.IMMEDIATE, "150000000000.00");
        CloudEvent inflated = TrancheEvents.event(inflateds);
        CloudEvent reopened = TrancheEvents.opened(new RoundSnapshot(round, "round " + round,
                new BigDecimal("150000000000.00"), new BigDecimal("1000000000.00"), LocalDate.of(2026, 1, 1),
                List.of(new RoundCommitment(INVESTOR, new BigDecimal("150000000000.00")))));
        CloudEvent realFunded = TrancheEvents.event(TrancheEvents.funded(committed, LocalDate.of(2026, 3, 2)));
        publish(TrancheEvents.record(ghost, 0), TrancheEvents.record(mallory, 0), TrancheEvents.record(inflated, 0),
                TrancheEvents.record(reopened, 0), TrancheEvents.record(realFunded, 0));

        assertEquals("UNKNOWN_ROUND: tranche '" + ghost.subject() + "' is of round '" + ghostRound + "', which the"
                + " view does not know: no RoundOpened of it came before", reasonOf(ghost));
        assertEquals("UNKNOWN_INVESTOR: tranche '" + mallory.subject() + "' is investor 'Mallory''s, whom round '"
                + round + "' does not list", reasonOf(mallory));
        assertEquals("COMMITMENT_MISMATCH: tranche '" + inflated.subject() + "' states investor 'Forger Capital''s"
                + " commitment as 150000000000.00 USD; round '" + round + "' lists 15000000000.00 USD",
                reasonOf(inflated));
        assertEquals("ROUND_CHANGED: round '" + round + "' opened with amount 15000000000.00 USD, not"
                + " 150000000000.00 USD: a round never changes", reasonOf(reopened));
        awaitView(committed.trancheId(), 2, realFunded.id());

        for (CloudEvent forged : List.of(ghost, mallory, inflated)) {
            given().get("/funding-view/tranches/" + forged.subject()).then().statusCode(404);
        }
        given().config(EXACT).queryParam("roundId", round).get("/funding-view").then().statusCode(200)
                .body("investors.investor", equalTo(List.of(INVESTOR)))
                .body("investors[0].committed", equalTo(new BigDecimal("15000000000.00")))
                .body("investors[0].funded", equalTo(new BigDecimal("15000000000.00")))
                .body("tranches.trancheId", equalTo(List.of(committed.trancheId())));
        given().queryParam("roundId", ghostRound).get("/funding-view").then().statusCode(200)
                .body("investors", equalTo(List.of())).body("tranches", equalTo(List.of()));
        PrometheusScrape after = scrape();
        assertEquals(List.of(1.0, 1.0, 1.0, 1.0), Stream.of("unknown-round", "unknown-investor",
                "commitment-mismatch", "round-changed").map(reason -> after.value(
                        "dealstream_funding_view_dead_letters_total{reason=\"" + reason + "\"}")
                        - before.value("dealstream_funding_view_dead_letters_total{reason=\"" + reason + "\"}"))
                .toList());
    }

    @Test
    void aValueTheDatabaseRefusesIsDeadLetteredAfterThreeTriesAndTheOthersOfItsBatchAreApplied() throws Exception {
        String round = round();
        TrancheSnapshot refused = tranche("refused-" + UUID.randomUUID(), round);
        TrancheSnapshot accepted = tranche("accepted-" + UUID.randomUUID(), round);
        String constraint = "refuses_" + refused.trancheId().replace('-', '_');
        sql("alter table funding_view_tranche add constraint " + constraint + " check (tranche_id <> '"
                + refused.trancheId() + "')");
        try {
            CloudEvent refusedEvent = TrancheEvents.event(refused);
            CloudEvent acceptedEvent = TrancheEvents.event(accepted);
            publish(opening(refused), TrancheEvents.record(refusedEvent, 0), TrancheEvents.record(acceptedEvent, 0));

            String reason = reasonOf(r -> refusedEvent.id().equals(header(r, CloudEvent.H_ID)));
            assertEquals("APPLY_FAILED: applying it failed 3 times: ERROR: new row for relation \"funding_view_tranche\""
                    + " violates check constraint \"" + constraint + "\"", reason);
            awaitView(accepted.trancheId(), 1, acceptedEvent.id());
            given().get("/funding-view/tranches/" + refused.trancheId()).then().statusCode(404);
        } finally {
            sql("alter table funding_view_tranche drop constraint " + constraint);
        }
    }

    @Test
    void aDatabaseFailureThatPassesIsRetriedUntilItPassesAndHealthSaysWhereTheConsumerIsStuckMeanwhile()
            throws Exception {
        // caught up first: the records in hand when the table goes are then this test's alone
        TrancheSnapshot before = tranche("before-" + UUID.randomUUID(), round());
        CloudEvent beforeEvent = TrancheEvents.event(before);
        TrancheSnapshot tranche = tranche("waits-" + UUID.randomUUID(), before.roundId());
        publish(opening(before), TrancheEvents.record(beforeEvent, 0));
        awaitView(before.trancheId(), 1, beforeEvent.id());
        CloudEvent event = TrancheEvents.event(tranche);
        sql("alter table funding_view_event rename to funding_view_event_away");
        RecordMetadata sent;
        try {
            sent = publish(TrancheEvents.record(event, 0)).get(0);
            String position = Topics.TRANCHE_EVENTS + "-0@" + sent.offset();
            JsonPath stuck = await().atMost(WAIT).until(this::consumerCheck,
                    check -> "DOWN".equals(check.getString("status")));
            assertEquals("stuck", stuck.getString("data.reason"));
            assertEquals(position, stuck.getString("data.position"));
            assertTrue(stuck.getInt("data.attempts") >= 2, stuck.prettify());
            assertTrue(stuck.getLong("data.failingSeconds") >= 2, stuck.prettify());
            given().get("/q/health/ready").then().statusCode(200);
            given().get("/q/health").then().statusCode(503);
            assertTrue(PrometheusScrape.of(given().get("/q/metrics").then().extract().asString())
                    .value("dealstream_funding_view_failing_seconds") >= 2);
        } finally {
            sql("alter table funding_view_event_away rename to funding_view_event");
        }
        awaitView(tranche.trancheId(), 1, event.id());
        await().atMost(WAIT).until(() -> "UP".equals(consumerCheck().getString("status")));
    }

    private JsonPath consumerCheck() {
        JsonPath health = given().get("/q/health").then().extract().jsonPath();
        return new JsonPath(health.prettify()).setRootPath("checks.find { it.name == '" + CHECK + "' }");
    }

    static TrancheSnapshot tranche(String id, String round) {
        return TrancheEvents.committed(id, round, INVESTOR, TrancheEvents.T1_AMOUNT, TrancheKind.IMMEDIATE,
                TrancheEvents.T1_AMOUNT);
    }

    static TrancheSnapshot withVersion(TrancheSnapshot t, long version) {
        return new TrancheSnapshot(t.trancheId(), t.roundId(), t.investor(), t.amount(), t.investorCommitment(),
                t.kind(), t.state(), t.security(), t.dueOn(), t.expiresOn(), t.trigger(), t.fundedAmount(),
                t.fundedOn(), t.expiredOn(), version);
    }

    static String round() {
        return "forged-round-" + UUID.randomUUID();
    }

    /** The opening of the tranches' round, as investment-service publishes it, to partition 0 before them. */
    static ProducerRecord<String, String> opening(TrancheSnapshot... tranches) {
        return TrancheEvents.record(TrancheEvents.opened(TrancheEvents.roundOf(tranches)), 0);
    }

    private static String marker() {
        return UUID.randomUUID().toString();
    }

    /** A record on partition 0 as a forger writes it; {@code marker} tells its dead-letter copy apart. */
    private static ProducerRecord<String, String> record(String key, String body, RecordHeaders headers,
            String marker) {
        headers.add("forged-marker", bytes(marker));
        return new ProducerRecord<>(Topics.TRANCHE_EVENTS, 0, key, body, headers);
    }

    private static RecordHeaders headers(CloudEvent event) {
        RecordHeaders headers = new RecordHeaders();
        event.headers().forEach(headers::add);
        return headers;
    }

    private void awaitView(String trancheId, long version, String lastEventId) {
        await().atMost(WAIT).untilAsserted(() -> given().get("/funding-view/tranches/" + trancheId).then()
                .statusCode(200)
                .body("version", equalTo((int) version))
                .body("lastEventId", equalTo(lastEventId)));
    }

    @SafeVarargs
    private List<RecordMetadata> publish(ProducerRecord<String, String>... records) {
        return kafka.produceStrings().fromRecords(records).awaitCompletion(WAIT).getRecords();
    }

    /** The dead-letter-reason of {@code event}'s copy on the dead-letter topic. */
    private String reasonOf(CloudEvent event) {
        return reasonOf(r -> event.id().equals(header(r, CloudEvent.H_ID)));
    }

    private static PrometheusScrape scrape() {
        return PrometheusScrape.of(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private String reasonOf(String marker) {
        return reasonOf(r -> marker.equals(header(r, "forged-marker")));
    }

    /** The dead-letter-reason of the first record on the dead-letter topic that matches. */
    private String reasonOf(Predicate<ConsumerRecord<String, String>> match) {
        try (ConsumerTask<String, String> records = kafka.consumeStrings().fromTopics(DLQ)) {
            Optional<ConsumerRecord<String, String>> found = await().atMost(WAIT)
                    .until(() -> records.getRecords().stream().filter(match).findFirst(), Optional::isPresent);
            assertEquals(Topics.TRANCHE_EVENTS, header(found.get(), "dead-letter-topic"));
            return header(found.get(), "dead-letter-reason");
        }
    }

    private void sql(String statement) throws Exception {
        sql(dataSource, statement);
    }

    static void sql(DataSource dataSource, String statement) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
