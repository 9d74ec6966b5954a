package io.dealstream.compute.capacity;

import io.dealstream.testsupport.TestTokens;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.compute.deal.ComputeTerms;
import io.dealstream.events.CloudEvent;
import io.dealstream.events.EventJson;
import io.dealstream.events.Topics;
import io.dealstream.events.capacity.CapacitySnapshot;
import io.dealstream.events.capacity.GenerationCapacity;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.testsupport.InjectKafka;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.LogCapture;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.PrometheusScrape;
import io.dealstream.testsupport.TrancheEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.DisabledOnIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.ProducerTask;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The deal's story over the real broker, as investment-service would tell it: Amazon's tranches committed,
 * $15B funded, the $35B expiring, with repeats, an old version and a poison message in between. The steps build
 * on each other (one database per test run), so they run in order; only this class publishes tranches of the
 * partner investor (Amazon in openai-2026).
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "compute"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CapacityFlowTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String EXPANSION = ComputeTerms.EXPANSION;
    static final String ROUND = "openai-2026";

    static final TrancheSnapshot T1 = TrancheEvents.amazonT1("amazon-t1", ROUND);
    static final TrancheSnapshot T2 = TrancheEvents.amazonT2("amazon-t2", ROUND);
    static final TrancheSnapshot T1_FUNDED = TrancheEvents.funded(T1, LocalDate.of(2026, 3, 2));
    static final TrancheSnapshot T2_EXPIRED = TrancheEvents.expired(T2);

    static CloudEvent t1Committed;
    static CloudEvent t1Funded;

    @InjectKafka
    KafkaCompanion kafka;

    @BeforeAll
    static void exactNumbers() {
        RestAssured.config = RestAssured.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    @Test
    @Order(1)
    void theExpansionStartsWithTwoGwContractedAndNothingReleased() {
        given().get("/capacity").then()
                .statusCode(200)
                .body("commitments.commitmentId", hasItem(EXPANSION))
                // the sources state no capacity for the November 2025 agreement
                .body("commitments.commitmentId", not(hasItem(ComputeTerms.EXISTING)))
                .body("funding.roundId", equalTo(ROUND))
                .body("funding.investor", equalTo("Amazon"))
                .body("releaseOn", equalTo("FUNDED"));
        given().get("/capacity/" + EXPANSION).then()
                .statusCode(200)
                .body("contractedGw", equalTo(gw("2.000")))
                .body("releasedGw", equalTo(gw("0.000")))
                .body("lapsedGw", equalTo(gw("0.000")))
                .body("pendingGw", equalTo(gw("2.000")))
                .body("version", equalTo(0))
                .body("generations.generation", equalTo(List.of("Trainium3", "Trainium4")))
                .body("generations.contractedGw", equalTo(List.of(gw("1.000"), gw("1.000"))))
                .body("generations[1].availableFrom", equalTo("2027-01-01"));
    }

    @Test
    @Order(2)
    void committedTranchesReleaseNothing() {
        t1Committed = TrancheEvents.event(T1);
        // the round's opening first, in the partition of its key as every record of the round
        publish(TrancheEvents.record(TrancheEvents.opened(TrancheEvents.dealRound())),
                TrancheEvents.record(t1Committed), TrancheEvents.record(TrancheEvents.event(T2)));

        await().atMost(WAIT).untilAsserted(() -> given().get("/capacity").then()
                .body("funding.committed", equalTo(usd("50000000000.00")))
                .body("funding.commitmentStated", equalTo(true))
                .body("funding.contingent", equalTo(usd("35000000000.00")))
                .body("funding.tranches", equalTo(2)));
        given().get("/capacity/" + EXPANSION).then()
                .body("releasedGw", equalTo(gw("0.000")))
                .body("version", equalTo(0));
    }

    @Test
    @Order(3)
    void fundingTheFirstTrancheReleasesPointSixGwAndPublishesCapacityReleased() {
        t1Funded = TrancheEvents.event(T1_FUNDED);
        publish(TrancheEvents.record(t1Funded));

        await().atMost(WAIT).untilAsserted(() -> given().get("/capacity/" + EXPANSION).then()
                .body("releasedGw", equalTo(gw("0.600"))));
        given().get("/capacity/" + EXPANSION).then()
                .body("lapsedGw", equalTo(gw("0.000")))
                .body("pendingGw", equalTo(gw("1.400")))
                .body("generations[0].releasedGw", equalTo(gw("0.600")))
                .body("generations[1].releasedGw", equalTo(gw("0.000")))
                .body("version", equalTo(1))
                .body("causeEventId", equalTo(t1Funded.id()));
        await().atMost(WAIT).untilAsserted(() -> given().get("/capacity").then()
                .body("funding.funded", equalTo(usd("15000000000.00")))
                .body("funding.committed", equalTo(usd("50000000000.00")))
                .body("lastEvent.id", equalTo(t1Funded.id()))
                .body("lastEvent.type", equalTo("investment.tranche.funded.v1")));
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape scrape = scrape();
            assertEquals(0.6, scrape.value("dealstream_capacity_released_gw{commitment=\"" + EXPANSION + "\"}"));
            assertEquals(0.0, scrape.value("dealstream_capacity_lapsed_gw{commitment=\"" + EXPANSION + "\"}"));
        });
        // the view is as old as t1's funding: between the event time and now, whatever time the scrape took
        await().atMost(WAIT).untilAsserted(() -> {
            double before = secondsSince(t1Funded.time());
            double staleness = scrape().value("dealstream_funding_view_staleness_seconds");
            double after = secondsSince(t1Funded.time());
            assertTrue(staleness >= before - 0.001 && staleness <= after + 0.001,
                    () -> staleness + " s not within " + before + ".." + after + " s");
        });

        ConsumerRecord<String, String> released = awaitRecord(Topics.CAPACITY_EVENTS,
                r -> EXPANSION.equals(r.key()) && r.value().contains(t1Funded.id()));
        assertEquals("1.0", header(released, "ce_specversion"));
        assertEquals("compute.capacity.released.v1", header(released, "ce_type"));
        assertEquals("/compute-service", header(released, "ce_source"));
        assertEquals(EXPANSION, header(released, "ce_subject"));
        assertEquals("application/json", header(released, "content-type"));
        UUID.fromString(header(released, "ce_id"));
        OffsetDateTime.parse(header(released, "ce_time"));

        CapacitySnapshot body = EventJson.read(released.value(), CapacitySnapshot.class);
        assertEquals(EXPANSION, body.commitmentId());
        assertEquals(List.of(gw("2.000"), gw("0.600"), gw("0.000"), gw("1.400")),
                List.of(body.contractedGw(), body.releasedGw(), body.lapsedGw(), body.pendingGw()));
        assertEquals(t1Funded.id(), body.causeEventId());
        assertEquals(1, body.version());
        GenerationCapacity trainium3 = body.generations().get(0);
        assertEquals("Trainium3", trainium3.generation());
        assertEquals(List.of(gw("1.000"), gw("0.600"), gw("0.000"), gw("0.400")), List.of(trainium3.contractedGw(),
                trainium3.releasedGw(), trainium3.lapsedGw(), trainium3.pendingGw()));
        assertEquals(LocalDate.of(2027, 1, 1), body.generations().get(1).availableFrom());
        assertEquals(gw("0.000"), body.generations().get(1).availableGw(), "no Trainium4 before 2027");
    }

    @Test
    @Order(4)
    void aRepeatAndAnOlderVersionChangeNothing() {
        // all of the round, so in one partition, after them an event of another investor: once that is applied, so
        // are they. The marker is a record published before the contract stated commitments
        TrancheSnapshot marker = TrancheEvents.withoutCommitment(TrancheEvents.committed(
                "softbank-" + UUID.randomUUID(), ROUND, "SoftBank", "30000000000.00", TrancheKind.IMMEDIATE,
                "30000000000.00"));
        CloudEvent olderVersion = TrancheEvents.event(T1);
        PrometheusScrape before = scrape();
        ProducerTask sent = publish(TrancheEvents.record(t1Funded), TrancheEvents.record(olderVersion),
                TrancheEvents.record(TrancheEvents.event(marker)));

        await().atMost(WAIT).untilAsserted(() -> given().get("/funding-view/tranches/" + marker.trancheId()).then()
                .statusCode(200));
        // counted once the batch committed: the repeat, the older version and the marker, exactly once each
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape after = scrape();
            assertEquals(List.of(1.0, 1.0, 1.0), List.of(grew(before, after, outcome("applied")),
                    grew(before, after, outcome("duplicate")), grew(before, after, outcome("stale"))));
            assertEquals((double) sent.getLastRecord().offset(), after.value("dealstream_funding_view_last_offset{"
                    + "partition=\"" + sent.getLastRecord().partition() + "\",topic=\"" + Topics.TRANCHE_EVENTS
                    + "\"}"));
        });
        // the consumer's own metrics, through Quarkus' Kafka binder (the per-partition lag follows within Micrometer's
        // refresh of a client's metrics, a minute)
        PrometheusScrape scrape = scrape();
        assertTrue(scrape.has("kafka_consumer_fetch_manager_records_lag_max"), "the consumer's lag");
        assertTrue(scrape.has("kafka_consumer_fetch_manager_fetch_total"), "the consumer's fetches");
        assertTrue(scrape.has("kafka_producer_record_send_total"), "the relay's and dead-letter writer's producers");
        given().get("/funding-view/tranches/amazon-t1").then()
                .body("state", equalTo("FUNDED"))
                .body("version", equalTo(2))
                .body("lastEventId", equalTo(t1Funded.id()));
        given().get("/capacity/" + EXPANSION).then()
                .body("releasedGw", equalTo(gw("0.600")))
                .body("version", equalTo(1))
                .body("causeEventId", equalTo(t1Funded.id()));
        // another investor's money is in the view but releases nothing
        given().get("/capacity").then()
                .body("funding.committed", equalTo(usd("50000000000.00")))
                .body("funding.funded", equalTo(usd("15000000000.00")));
        // the view as served: Amazon's totals, its two tranches, and the last event applied (the marker)
        given().queryParam("roundId", ROUND).queryParam("investor", "Amazon").get("/funding-view").then()
                .statusCode(200)
                .body("investors.size()", equalTo(1))
                .body("investors[0].committed", equalTo(usd("50000000000.00")))
                .body("investors[0].funded", equalTo(usd("15000000000.00")))
                .body("investors[0].tranches", equalTo(2))
                .body("tranches.trancheId", equalTo(List.of("amazon-t1", "amazon-t2")))
                .body("lastEvent.subject", equalTo(marker.trancheId()));
        given().get("/funding-view").then()
                .statusCode(200)
                .body("investors.investor", hasItem("SoftBank"));
        // with no commitment stated, the view counts the tranche it has seen as SoftBank's commitment
        given().queryParam("roundId", ROUND).queryParam("investor", "SoftBank").get("/funding-view").then()
                .statusCode(200)
                .body("investors[0].committed", equalTo(usd("30000000000.00")))
                .body("investors[0].commitmentStated", equalTo(false))
                .body("investors[0].tranches", equalTo(1))
                .body("tranches[0].investorCommitment", equalTo(null));
    }

    @Test
    @Order(5)
    void aPoisonMessageIsDeadLetteredAndTheExpiryAfterItLapsesOnePointFourGw() {
        String poisonBody = "{\"trancheId\": \"amazon-t2\", \"broken\": " + UUID.randomUUID();
        // keyed by the round, as the expiry after it: in its partition, before it
        ProducerRecord<String, String> poison = new ProducerRecord<>(Topics.TRANCHE_EVENTS, ROUND, poisonBody);
        TrancheEvents.event(T2_EXPIRED).headers()
                .forEach((name, value) -> poison.headers().add(new RecordHeader(name, value)));
        CloudEvent t2Expired = TrancheEvents.event(T2_EXPIRED);
        PrometheusScrape before = scrape();
        publish(poison, TrancheEvents.record(t2Expired));

        ConsumerRecord<String, String> dead = awaitRecord("compute.tranche-events.dlq",
                r -> poisonBody.equals(r.value()));
        assertEquals(ROUND, dead.key());
        String reason = header(dead, "dead-letter-reason");
        assertTrue(reason != null && reason.contains("TrancheSnapshot"), "dead-letter-reason: " + reason);
        assertEquals(Topics.TRANCHE_EVENTS, header(dead, "dead-letter-topic"));
        assertEquals("investment.tranche.expired.v1", header(dead, "ce_type"), "the original headers are kept");

        await().atMost(WAIT).untilAsserted(() -> given().get("/capacity/" + EXPANSION).then()
                .body("lapsedGw", equalTo(gw("1.400"))));
        given().get("/capacity/" + EXPANSION).then()
                .body("releasedGw", equalTo(gw("0.600")))
                .body("pendingGw", equalTo(gw("0.000")))
                .body("generations[0].lapsedGw", equalTo(gw("0.400")))
                .body("generations[1].lapsedGw", equalTo(gw("1.000")))
                .body("generations[1].releasedGw", equalTo(gw("0.000")))
                .body("version", equalTo(2))
                .body("causeEventId", equalTo(t2Expired.id()));
        await().atMost(WAIT).untilAsserted(() -> given().get("/capacity").then()
                .body("funding.expired", equalTo(usd("35000000000.00")))
                .body("lastEvent.id", equalTo(t2Expired.id())));
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape after = scrape();
            assertEquals(1.0, grew(before, after, deadLetters("unreadable-body")));
            assertEquals(0.0, grew(before, after, deadLetters("not-a-cloud-event")));
            assertEquals(1.0, grew(before, after, outcome("applied")));
            assertEquals(0.6, after.value("dealstream_capacity_released_gw{commitment=\"" + EXPANSION + "\"}"));
            assertEquals(1.4, after.value("dealstream_capacity_lapsed_gw{commitment=\"" + EXPANSION + "\"}"));
        });

        ConsumerRecord<String, String> lapsed = awaitRecord(Topics.CAPACITY_EVENTS,
                r -> EXPANSION.equals(r.key()) && r.value().contains(t2Expired.id()));
        assertEquals("compute.capacity.lapsed.v1", header(lapsed, "ce_type"));
        CapacitySnapshot body = EventJson.read(lapsed.value(), CapacitySnapshot.class);
        assertEquals(2, body.version());
        assertEquals(gw("1.400"), body.lapsedGw());
    }

    @Test
    @Order(6)
    void aCommitmentAddedAfterTheFundingIsReleasedFromItAtOnce() {
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("""
                        {"id": "flow-pilot", "provider": "AWS", "customer": "OpenAI", "totalUsd": 1000000.00,
                         "years": 1, "startsOn": "2026-03-01", "capacityGw": 0.5}""")
                .post("/commitments").then().statusCode(201);
        given().get("/capacity/flow-pilot").then()
                .statusCode(200)
                .body("releasedGw", equalTo(gw("0.150")))
                .body("lapsedGw", equalTo(gw("0.350")))
                .body("generations[0].generation", equalTo("unspecified"))
                .body("version", equalTo(2));
        // its gauges exist from its commit
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape scrape = scrape();
            assertEquals(0.15, scrape.value("dealstream_capacity_released_gw{commitment=\"flow-pilot\"}"));
            assertEquals(0.35, scrape.value("dealstream_capacity_lapsed_gw{commitment=\"flow-pilot\"}"));
        });
    }

    /**
     * The view times every event it applies, from its ce_time to the commit that applied it, once: an event recorded
     * two hours ago lands past the last bucket (300 s), a fresh one and its round's opening within it, and the repeat
     * of the old one is not timed. Another round and investor, so that nothing of the deal changes.
     */
    @Test
    @Order(7)
    void eachAppliedEventIsTimedOnceFromItsCeTimeAndARepeatIsNot() {
        String round = "propagation-" + UUID.randomUUID();
        TrancheSnapshot old = TrancheEvents.committed("thrive-old-" + UUID.randomUUID(), round, "Thrive Capital",
                "1000000000.00", TrancheKind.IMMEDIATE, "2000000000.00");
        TrancheSnapshot fresh = TrancheEvents.committed("thrive-fresh-" + UUID.randomUUID(), round, "Thrive Capital",
                "1000000000.00", TrancheKind.IMMEDIATE, "2000000000.00");
        PrometheusScrape before = scrape();
        long t0 = System.nanoTime();
        OffsetDateTime twoHoursAgo = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2);
        CloudEvent oldEvent = CloudEvent.create(TrancheEventType.COMMITTED, TrancheEvents.SOURCE, old.trancheId(),
                twoHoursAgo, EventJson.write(old));
        CloudEvent freshEvent = TrancheEvents.event(fresh);
        // one round, so one partition, in this order: once the fresh event is in the view, the others were taken
        publish(TrancheEvents.record(TrancheEvents.opened(TrancheEvents.roundOf(old, fresh))),
                TrancheEvents.record(oldEvent), TrancheEvents.record(oldEvent), TrancheEvents.record(freshEvent));

        await().atMost(WAIT).untilAsserted(() -> given().get("/funding-view/tranches/" + fresh.trancheId()).then()
                .statusCode(200));
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape after = scrape();
            assertEquals(List.of(3.0, 1.0), List.of(grew(before, after, outcome("applied")),
                    grew(before, after, outcome("duplicate"))));
            assertEquals(List.of(3.0, 2.0, 3.0), List.of(grew(before, after, PROPAGATION + "_count"),
                    grew(before, after, PROPAGATION + "_bucket{le=\"300.0\"}"),
                    grew(before, after, PROPAGATION + "_bucket{le=\"+Inf\"}")), "timed, within 300 s, in all");
        });
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double sum = grew(before, scrape(), PROPAGATION + "_sum");
        double oldest = Duration.between(twoHoursAgo.toInstant(), freshEvent.time().toInstant()).toNanos() / 1e9;
        assertTrue(sum >= oldest && sum <= oldest + 3 * elapsed + 0.001,
                () -> sum + " s: not the two hours and a little of the old event plus the fresh ones' moments");
    }

    /** A record's key is whatever its producer wrote: dead-lettered, it is logged on one line, escaped. */
    @Test
    @Order(8)
    @DisabledOnIntegrationTest("the log is captured in this JVM; the packaged service logs in a process of its own")
    void aPoisonRecordsKeyIsLoggedEscapedAndForgesNoLine() {
        String marker = UUID.randomUUID().toString();
        String key = "amazon-t9\r\nFORGED INFO [io.de.fu.TrancheEventConsumer] APPLIED " + marker;
        List<String> lines;
        try (LogCapture log = LogCapture.start()) {
            publish(new ProducerRecord<>(Topics.TRANCHE_EVENTS, 0, key, "not an event"));
            await().atMost(WAIT).until(() -> log.lines().stream()
                    .anyMatch(line -> line.contains("dead-lettered") && line.contains(marker)));
            lines = log.lines();
        }
        String logged = lines.stream().filter(line -> line.contains(marker)).findFirst().orElseThrow();
        assertTrue(logged.contains(" key=amazon-t9\\r\\nFORGED INFO [io.de.fu.TrancheEventConsumer] APPLIED " + marker
                + " to compute.tranche-events.dlq@"), logged);
        assertTrue(lines.stream().noneMatch(line -> line.startsWith("FORGED")), String.join("\n", lines));
    }

    /** Produces and waits for the broker's acks. */
    @SafeVarargs
    final ProducerTask publish(ProducerRecord<String, String>... records) {
        return kafka.produceStrings().fromRecords(records).awaitCompletion(WAIT);
    }

    static PrometheusScrape scrape() {
        return PrometheusScrape.of(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    static double grew(PrometheusScrape before, PrometheusScrape after, String series) {
        return after.value(series) - before.value(series);
    }

    static final String PROPAGATION = "dealstream_view_propagation_seconds";

    static String outcome(String outcome) {
        return "dealstream_funding_view_events_total{outcome=\"" + outcome + "\"}";
    }

    static String deadLetters(String reason) {
        return "dealstream_funding_view_dead_letters_total{reason=\"" + reason + "\"}";
    }

    static double secondsSince(OffsetDateTime time) {
        return Duration.between(time.toInstant(), Instant.now()).toNanos() / 1e9;
    }

    /** The first record on {@code topic} (read from its start) that matches. */
    ConsumerRecord<String, String> awaitRecord(String topic, Predicate<ConsumerRecord<String, String>> match) {
        try (ConsumerTask<String, String> records = kafka.consumeStrings().fromTopics(topic)) {
            Optional<ConsumerRecord<String, String>> found = await().atMost(WAIT)
                    .until(() -> records.getRecords().stream().filter(match).findFirst(), Optional::isPresent);
            assertFalse(found.isEmpty());
            return found.get();
        }
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static BigDecimal gw(String value) {
        return new BigDecimal(value);
    }

    static BigDecimal usd(String value) {
        return new BigDecimal(value);
    }
}
