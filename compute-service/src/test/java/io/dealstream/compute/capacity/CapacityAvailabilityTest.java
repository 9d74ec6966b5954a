package io.dealstream.compute.capacity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dealstream.compute.commitment.Commitment;
import io.dealstream.compute.commitment.CommitmentService;
import io.dealstream.compute.deal.CommitmentSettings;
import io.dealstream.compute.deal.ComputeTerms;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.testsupport.InjectKafka;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.MutableClock;
import io.dealstream.testsupport.OwnPartnerRoundOnAClock;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.TrancheEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Availability moves with the clock, not with funding: Amazon fully funded releases 2 GW, but Trainium4's 1 GW
 * is available only from 2027-01-01. Runs with a hand-moved clock and a partner round of its own, so the
 * tranches of other test classes on the shared broker do not count here.
 */
@QuarkusTest
@TestProfile(CapacityAvailabilityTest.AvailabilityRound.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "compute"))
class CapacityAvailabilityTest {

    static final String ROUND = "availability-round";
    static final Duration WAIT = Duration.ofSeconds(30);

    public static class AvailabilityRound extends OwnPartnerRoundOnAClock {
        public AvailabilityRound() {
            super(ROUND);
        }
    }

    @InjectKafka
    KafkaCompanion kafka;

    @Inject
    MutableClock clock;

    @Inject
    CommitmentService commitments;

    @Inject
    CommitmentSettings commitmentSettings;

    @Inject
    CapacitySettings capacitySettings;

    @BeforeAll
    static void exactNumbers() {
        RestAssured.config = RestAssured.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    @Test
    void trainium4IsAvailableFrom2027WhateverTheFunding() {
        clock.setDate(LocalDate.of(2026, 6, 1));
        TrancheSnapshot t1 = TrancheEvents.amazonT1("avail-t1", ROUND);
        TrancheSnapshot t2 = TrancheEvents.amazonT2("avail-t2", ROUND);
        kafka.produceStrings().fromRecords(
                TrancheEvents.record(TrancheEvents.opened(TrancheEvents.roundOf(t1, t2))),
                TrancheEvents.record(TrancheEvents.event(t1)),
                TrancheEvents.record(TrancheEvents.event(TrancheEvents.funded(t1, LocalDate.of(2026, 3, 2)))))
                .awaitCompletion(WAIT);
        // avail-t2 not seen yet: avail-t1's events state Amazon's $50B, so its $15B funded releases 0.6 GW, not 2 GW
        await().atMost(WAIT).untilAsserted(() -> given().get("/capacity").then()
                .body("funding.committed", equalTo(usd("50000000000.00")))
                .body("funding.funded", equalTo(usd("15000000000.00")))
                .body("funding.tranches", equalTo(1)));
        given().get("/capacity/" + ComputeTerms.EXPANSION).then().body("releasedGw", equalTo(gw("0.600")));
        // t2 bought at Amazon's discretion: contingent straight to funded
        kafka.produceStrings().fromRecords(TrancheEvents.record(TrancheEvents.event(t2)),
                TrancheEvents.record(TrancheEvents.event(TrancheEvents.funded(t2, LocalDate.of(2026, 5, 1)))))
                .awaitCompletion(WAIT);
        await().atMost(WAIT).untilAsserted(() -> given().get("/capacity/" + ComputeTerms.EXPANSION).then()
                .body("releasedGw", equalTo(gw("2.000"))));

        assertAvailable("2026-06-01", "1.000", "1.000", "0.000");
        clock.setDate(LocalDate.of(2026, 12, 31));
        assertAvailable("2026-12-31", "1.000", "1.000", "0.000");
        clock.setDate(LocalDate.of(2027, 1, 1));
        assertAvailable("2027-01-01", "2.000", "1.000", "1.000");
        // before the expansion starts, not even Trainium3 can be delivered
        clock.setDate(LocalDate.of(2026, 2, 1));
        assertAvailable("2026-02-01", "0.000", "0.000", "0.000");
        given().get("/capacity").then().body("asOf", equalTo("2026-02-01"));
    }

    @Test
    void seedingAgainFromTwoReplicasAtOnceAddsNothing() throws Exception {
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            Callable<List<String>> seed = () -> {
                together.await();
                return commitments.seed(ComputeTerms.commitments(commitmentSettings, capacitySettings));
            };
            for (Future<List<String>> seeded : replicas.invokeAll(List.of(seed, seed))) {
                assertEquals(List.of(), seeded.get());
            }
        } finally {
            replicas.shutdownNow();
        }
        assertEquals(1L, (long) QuarkusTransaction.requiringNew()
                .call(() -> Commitment.count("id", ComputeTerms.EXPANSION)));
    }

    private static void assertAvailable(String on, String total, String trainium3, String trainium4) {
        given().get("/capacity/" + ComputeTerms.EXPANSION).then()
                .statusCode(200)
                .body("asOf", equalTo(on))
                .body("availableGw", equalTo(gw(total)))
                .body("generations.availableGw", equalTo(List.of(gw(trainium3), gw(trainium4))))
                .body("generations.releasedGw", equalTo(List.of(gw("1.000"), gw("1.000"))));
    }

    private static BigDecimal gw(String value) {
        return new BigDecimal(value);
    }

    private static BigDecimal usd(String value) {
        return new BigDecimal(value);
    }
}
