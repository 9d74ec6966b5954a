package io.dealstream.distribution;

import io.dealstream.testsupport.TestTokens;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.EventJson;
import io.dealstream.events.Topics;
import io.dealstream.events.right.RightEventType;
import io.dealstream.events.right.RightSnapshot;
import io.dealstream.events.right.RightStatus;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.testsupport.InjectKafka;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.PrometheusScrape;
import io.dealstream.testsupport.TrancheEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The deal's funding as investment-service publishes it, through the real broker: Amazon's commitments, tranche 1
 * funded (the deal closes), a poison message, tranche 2 expiring, repeats and stale versions. One ordered journey,
 * since each step builds on the funding before it; the only class that produces tranche events.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "distribution"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FundingJourneyTest {

    private static final String DLQ = "distribution.tranche-events.dlq";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final RestAssuredConfig EXACT = RestAssuredConfig.config().jsonConfig(JsonConfig.jsonConfig()
            .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    private static final TrancheSnapshot T1 = TrancheEvents.amazonT1(TrancheEvents.T1, TrancheEvents.ROUND);
    private static final TrancheSnapshot T2 = TrancheEvents.amazonT2(TrancheEvents.T2, TrancheEvents.ROUND);
    /** Both steps need the same events: the funding of tranche 1 and the expiry of tranche 2. */
    private static final CloudEvent T1_FUNDED =
            TrancheEvents.event(TrancheEvents.funded(T1, LocalDate.of(2026, 3, 20)));
    private static final CloudEvent T2_EXPIRED = TrancheEvents.event(TrancheEvents.expired(T2));

    /** Everything on distribution.rights-events and the dead-letter topic, from the start of the run. */
    private static ConsumerTask<String, String> published;

    @InjectKafka
    KafkaCompanion kafka;

    @AfterAll
    static void stopConsuming() {
        if (published != null) {
            published.close();
        }
    }

    @Test
    @Order(1)
    void beforeTheDealClosesOnlyAzuresRightIsActive() {
        right("frontier-aws").body("status", equalTo("PENDING")).body("version", is(1));
        right("stateful-runtime-bedrock").body("status", equalTo("PENDING")).body("version", is(1));
        right("custom-models-amazon").body("status", equalTo("PENDING")).body("version", is(1));
        right("stateless-api-azure").body("status", equalTo("ACTIVE"));
        entitlement("FRONTIER", "AWS", "STATEFUL", false, "frontier-aws")
                .body("reason", containsString("is PENDING until its condition is met: active once Amazon funds its "
                        + "first tranche (the deal closes)"));
        entitlement("STATEFUL_RUNTIME", "AWS", "STATEFUL", false, "stateful-runtime-bedrock");
        entitlement("STATELESS_API", "AZURE", "STATELESS", true, "stateless-api-azure");

        produce(TrancheEvents.record(TrancheEvents.opened(TrancheEvents.dealRound())),
                TrancheEvents.record(TrancheEvents.event(T1)), TrancheEvents.record(TrancheEvents.event(T2)));
        await().atMost(WAIT).untilAsserted(() -> {
            tranche("amazon-t1").body("state", equalTo("COMMITTED"));
            tranche("amazon-t2").body("state", equalTo("CONTINGENT")).body("amount", comparesEqualTo(billions(35)));
        });
        // commitments alone move no right
        right("frontier-aws").body("status", equalTo("PENDING")).body("version", is(1));
        right("custom-models-amazon").body("status", equalTo("PENDING")).body("version", is(1));

        createRight("runtime-oracle", "Oracle", "STATEFUL_RUNTIME", "ORACLE_CLOUD", "FIRST_TRANCHE_FUNDED")
                .statusCode(201).body("status", equalTo("PENDING")).body("version", is(1));
    }

    @Test
    @Order(2)
    void fundingTrancheOneActivatesTheRightsThatWaitForTheClose() {
        PrometheusScrape before = rightsGaugesCountingTheRights();
        produce(TrancheEvents.record(T1_FUNDED));

        await().atMost(WAIT).untilAsserted(() -> right("frontier-aws").body("status", equalTo("ACTIVE")));
        for (String id : List.of("frontier-aws", "stateful-runtime-bedrock", "runtime-oracle")) {
            right(id).body("status", equalTo("ACTIVE"))
                    .body("version", is(2))
                    .body("causeEventId", equalTo(T1_FUNDED.id()))
                    .body("reason", containsString("Amazon has funded its first tranche, so the deal has closed"))
                    .body("reason", containsString("TrancheFunded amazon-t1 v2"));
        }
        right("custom-models-amazon").body("status", equalTo("PENDING")).body("version", is(1));
        right("stateless-api-azure").body("status", equalTo("ACTIVE")).body("version", is(1));

        ConsumerRecord<String, String> activated = awaitRightEvent("frontier-aws", RightEventType.ACTIVATED);
        assertEquals("1.0", header(activated, "ce_specversion"));
        assertEquals("/distribution-service", header(activated, "ce_source"));
        assertEquals("frontier-aws", header(activated, "ce_subject"));
        assertEquals("application/json", header(activated, "content-type"));
        assertFalse(header(activated, "ce_id").isBlank());
        OffsetDateTime.parse(header(activated, "ce_time"));
        RightSnapshot body = EventJson.read(activated.value(), RightSnapshot.class);
        assertEquals(new RightSnapshot("frontier-aws", "Amazon", "FRONTIER", "AWS", "STATEFUL", RightStatus.ACTIVE,
                body.condition(), body.reason(), body.changedAt(), T1_FUNDED.id(), 2), body);
        assertTrue(body.condition().startsWith("FIRST_TRANCHE_FUNDED: "), body.condition());

        RightSnapshot runtime = EventJson.read(awaitRightEvent("stateful-runtime-bedrock", RightEventType.ACTIVATED)
                .value(), RightSnapshot.class);
        assertEquals(RightStatus.ACTIVE, runtime.status());
        assertEquals(T1_FUNDED.id(), runtime.causeEventId());
        assertEquals(2, runtime.version());

        entitlement("FRONTIER", "AWS", "STATEFUL", true, "frontier-aws");
        entitlement("STATEFUL_RUNTIME", "AWS", "STATEFUL", true, "stateful-runtime-bedrock");
        entitlement("STATEFUL_RUNTIME", "ORACLE_CLOUD", "STATEFUL", true, "runtime-oracle");
        entitlement("FRONTIER", "GOOGLE_CLOUD", "STATEFUL", false, "frontier-aws")
                .body("reason", containsString("gives AWS exclusive cloud distribution of FRONTIER STATEFUL"));
        entitlement("CUSTOM_MODELS", "AWS", "STATEFUL", false, "custom-models-amazon")
                .body("reason", containsString("PENDING"));
        tranche("amazon-t1").body("state", equalTo("FUNDED")).body("fundedAmount", comparesEqualTo(billions(15)));
        // $15B funded of the $50B that Amazon's tranche events state: custom models wait for the rest
        amazonsFunding().body("committed", comparesEqualTo(billions(50)))
                .body("commitmentStated", is(true))
                .body("funded", comparesEqualTo(billions(15)))
                .body("contingent", comparesEqualTo(billions(35)));
        // the three rights that waited for the close moved from pending to active
        PrometheusScrape after = rightsGaugesCountingTheRights();
        assertEquals(List.of(-3.0, 3.0, 0.0), List.of(rightsGrew(before, after, "pending"),
                rightsGrew(before, after, "active"), rightsGrew(before, after, "lapsed")));
    }

    @Test
    @Order(3)
    void aPoisonMessageIsDeadLetteredAndTheNextEventApplied() {
        PrometheusScrape before = rightsGaugesCountingTheRights();
        ProducerRecord<String, String> poison = TrancheEvents.poison(T2_EXPIRED);
        // same key (the round), so the expiry sits behind the poison on the same partition
        produce(poison, TrancheEvents.record(T2_EXPIRED));

        ConsumerRecord<String, String> dead = awaitDeadLetter(poison.value());
        assertEquals(TrancheEvents.ROUND, dead.key());
        assertEquals(Topics.TRANCHE_EVENTS, header(dead, "dead-letter-topic"));
        assertTrue(header(dead, "dead-letter-reason").contains("body is not a valid TrancheSnapshot"),
                header(dead, "dead-letter-reason"));

        await().atMost(WAIT).untilAsserted(() -> right("custom-models-amazon").body("status", equalTo("LAPSED")));
        right("custom-models-amazon").body("version", is(2))
                .body("causeEventId", equalTo(T2_EXPIRED.id()))
                .body("reason", containsString("$35B of Amazon's committed equity expired unfunded"));
        RightSnapshot lapsed = EventJson.read(awaitRightEvent("custom-models-amazon", RightEventType.LAPSED).value(),
                RightSnapshot.class);
        assertEquals(RightStatus.LAPSED, lapsed.status());
        assertEquals(T2_EXPIRED.id(), lapsed.causeEventId());
        assertEquals(2, lapsed.version());

        // the close stands: tranche 2 expiring lapses only what needed all of the money
        right("frontier-aws").body("status", equalTo("ACTIVE")).body("version", is(2));
        entitlement("CUSTOM_MODELS", "AWS", "STATEFUL", false, "custom-models-amazon")
                .body("reason", containsString("has LAPSED"));
        entitlement("FRONTIER", "AWS", "STATEFUL", true, "frontier-aws");
        PrometheusScrape after = rightsGaugesCountingTheRights();
        assertEquals(List.of(-1.0, 0.0, 1.0), List.of(rightsGrew(before, after, "pending"),
                rightsGrew(before, after, "active"), rightsGrew(before, after, "lapsed")));
        assertEquals(1.0, after.value("dealstream_funding_view_dead_letters_total{reason=\"unreadable-body\"}"),
                "the one poison record of the run");
    }

    @Test
    @Order(4)
    void repeatsAndStaleVersionsChangeNothing() {
        String statuses = "collect { [it.id, it.status, it.version] }";
        List<Object> rightsBefore = given().get("/rights").then().extract().path(statuses);

        // a repeat (same ce_id) and an older version of each tranche, then a poison pill on the same key: once the
        // pill is dead-lettered, the consumer has passed the records before it
        ProducerRecord<String, String> pillT1 = TrancheEvents.poison(T1_FUNDED);
        ProducerRecord<String, String> pillT2 = TrancheEvents.poison(T2_EXPIRED);
        produce(TrancheEvents.record(T1_FUNDED), TrancheEvents.record(TrancheEvents.event(T1)), pillT1,
                TrancheEvents.record(T2_EXPIRED), TrancheEvents.record(TrancheEvents.event(T2)), pillT2);
        awaitDeadLetter(pillT1.value());
        awaitDeadLetter(pillT2.value());

        given().get("/rights").then().body(statuses, equalTo(rightsBefore));
        tranche("amazon-t1").body("state", equalTo("FUNDED")).body("version", is(2))
                .body("lastEventId", equalTo(T1_FUNDED.id()));
        tranche("amazon-t2").body("state", equalTo("EXPIRED")).body("version", is(2))
                .body("lastEventId", equalTo(T2_EXPIRED.id()));
        Map<String, Long> eventsPerRight = published.getRecords().stream()
                .filter(r -> r.topic().equals(Topics.RIGHTS_EVENTS))
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(r -> header(r, "ce_id"),
                        Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size()))));
        assertEquals(1L, eventsPerRight.get("frontier-aws"));
        assertEquals(1L, eventsPerRight.get("stateful-runtime-bedrock"));
        assertEquals(1L, eventsPerRight.get("custom-models-amazon"));
    }

    @Test
    @Order(5)
    void aRightCreatedNowIsEvaluatedAgainstTheFundingAtOnce() {
        createRight("custom-models-google", "Google", "CUSTOM_MODELS", "GOOGLE_CLOUD", "FIRST_TRANCHE_FUNDED")
                .statusCode(201)
                .body("status", equalTo("ACTIVE"))
                .body("version", is(1))
                .body("causeEventId", nullValue())
                .body("reason", containsString("created ACTIVE: Amazon has funded its first tranche"));
        createRight("custom-models-oracle", "Oracle", "CUSTOM_MODELS", "ORACLE_CLOUD", "ALL_COMMITTED_FUNDED")
                .statusCode(201)
                .body("status", equalTo("LAPSED"))
                .body("reason", containsString("expired unfunded"));

        RightSnapshot activated = EventJson.read(awaitRightEvent("custom-models-google", RightEventType.ACTIVATED)
                .value(), RightSnapshot.class);
        assertEquals(1, activated.version());
        RightSnapshot lapsed = EventJson.read(awaitRightEvent("custom-models-oracle", RightEventType.LAPSED).value(),
                RightSnapshot.class);
        assertEquals(1, lapsed.version());
        entitlement("CUSTOM_MODELS", "GOOGLE_CLOUD", "STATEFUL", true, "custom-models-google");
    }

    /** A scrape whose rights gauges count exactly the rights {@code GET /rights} lists in each status. */
    private static PrometheusScrape rightsGaugesCountingTheRights() {
        return await().atMost(WAIT).until(() -> PrometheusScrape.of(
                given().get("/q/metrics").then().statusCode(200).extract().asString()), scrape -> {
                    List<String> statuses = given().get("/rights").then().statusCode(200).extract().path("status");
                    for (RightStatus status : RightStatus.values()) {
                        long rights = statuses.stream().filter(status.name()::equals).count();
                        if (scrape.value("dealstream_rights{status=\"" + status.name().toLowerCase() + "\"}") != rights) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    private static double rightsGrew(PrometheusScrape before, PrometheusScrape after, String status) {
        String series = "dealstream_rights{status=\"" + status + "\"}";
        return after.value(series) - before.value(series);
    }

    @SafeVarargs
    private void produce(ProducerRecord<String, String>... records) {
        kafka.produceStrings().fromRecords(records).awaitCompletion(WAIT);
    }

    private ConsumerRecord<String, String> awaitRightEvent(String rightId, RightEventType type) {
        return awaitPublished(r -> r.topic().equals(Topics.RIGHTS_EVENTS) && rightId.equals(r.key())
                && type.ceType().equals(header(r, "ce_type")));
    }

    private ConsumerRecord<String, String> awaitDeadLetter(String value) {
        return awaitPublished(r -> r.topic().equals(DLQ) && value.equals(r.value()));
    }

    private ConsumerRecord<String, String> awaitPublished(Predicate<ConsumerRecord<String, String>> match) {
        synchronized (FundingJourneyTest.class) {
            if (published == null) {
                published = kafka.consumeStrings()
                        .withGroupId("journey-" + UUID.randomUUID())
                        .withProp("auto.offset.reset", "earliest")
                        .fromTopics(Set.of(Topics.RIGHTS_EVENTS, DLQ));
            }
        }
        return await().atMost(WAIT).until(() -> published.getRecords().stream().filter(match).findFirst().orElse(null),
                r -> r != null);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return KafkaCompanion.getHeader(record.headers(), name);
    }

    /** A tranche as the funding view holds it, its amounts read exactly. */
    private static ValidatableResponse tranche(String id) {
        return given().config(EXACT).get("/funding-view/tranches/" + id).then().statusCode(200);
    }

    /** Amazon's totals in openai-2026 as the funding view holds them, read exactly. */
    private static ValidatableResponse amazonsFunding() {
        return given().config(EXACT).queryParam("roundId", TrancheEvents.ROUND).queryParam("investor", "Amazon")
                .get("/funding-view").then().statusCode(200).rootPath("investors[0]");
    }

    private static BigDecimal billions(long n) {
        return BigDecimal.valueOf(n).movePointRight(9);
    }

    private static ValidatableResponse right(String id) {
        return given().get("/rights/" + id).then().statusCode(200);
    }

    private static ValidatableResponse createRight(String id, String holder, String product, String cloud,
            String condition) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("id", id, "holder", holder, "product", product,
                "cloud", cloud, "mode", "STATEFUL", "exclusive", false, "condition", Map.of("kind", condition)))
                .post("/rights").then();
    }

    private static ValidatableResponse entitlement(String product, String cloud, String mode, boolean allowed,
            String rightId) {
        return given().queryParam("product", product).queryParam("cloud", cloud).queryParam("mode", mode)
                .get("/entitlements").then().statusCode(200)
                .body("allowed", is(allowed))
                .body("rightId", equalTo(rightId))
                .body("reason", containsString("right " + rightId));
    }
}
