package io.dealstream.investment.tranche;

import static io.dealstream.investment.InvestmentApi.contingentTranche;
import static io.dealstream.investment.InvestmentApi.get;
import static io.dealstream.investment.InvestmentApi.immediateTranche;
import static io.dealstream.investment.InvestmentApi.newRound;
import static io.dealstream.investment.InvestmentApi.post;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.EventJson;
import io.dealstream.events.Topics;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.events.tranche.TrancheState;
import io.dealstream.testsupport.InjectKafka;
import io.dealstream.testsupport.KafkaBroker;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.MutableClock;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.PrometheusScrape;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** What reaches the real broker: one CloudEvent per change, in order per tranche, even across an outage. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class TrancheEventsTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @InjectKafka
    KafkaCompanion companion;

    @InjectKafka
    KafkaBroker broker;

    @Inject
    EntityManager em;

    @Inject
    MutableClock clock;

    @Test
    void everyChangeReachesKafkaAsACloudEventInOrder() {
        String round = newRound();
        String id = contingentTranche(round, "2099-12-31");
        post("/tranches/" + id + "/triggers", "{\"type\": \"IPO\", \"occurredOn\": \"2026-11-02\"}").statusCode(200);
        post("/tranches/" + id + "/funding", "{\"amount\": 35000000000, \"fundedOn\": \"2026-11-20\"}").statusCode(200);
        List<String> eventIds = get("/tranches/" + id + "/events").extract().jsonPath().getList("id", String.class);

        try (ConsumerTask<String, String> records = recordsOf(id)) {
            records.awaitRecords(3, WAIT);
            List<String> types = List.of("investment.tranche.committed.v1", "investment.tranche.obligated.v1",
                    "investment.tranche.funded.v1");
            List<TrancheState> states = List.of(TrancheState.CONTINGENT, TrancheState.OBLIGATED, TrancheState.FUNDED);
            for (int i = 0; i < 3; i++) {
                ConsumerRecord<String, String> record = records.getRecords().get(i);
                assertEquals(round, record.key(), "keyed by the round: in one partition after its RoundOpened");
                assertEquals("1.0", header(record, "ce_specversion"));
                assertEquals(eventIds.get(i), header(record, "ce_id"), "the ce_id GET /events shows");
                assertEquals(types.get(i), header(record, "ce_type"));
                assertEquals("/investment-service", header(record, "ce_source"));
                assertEquals(id, header(record, "ce_subject"));
                assertNotNull(OffsetDateTime.parse(header(record, "ce_time")));
                assertEquals("application/json", header(record, "content-type"));
                TrancheSnapshot body = EventJson.read(record.value(), TrancheSnapshot.class);
                assertEquals(states.get(i), body.state());
                assertEquals(i + 1, body.version());
                assertEquals(new BigDecimal("35000000000.00"), body.amount());
                assertEquals(new BigDecimal("50000000000.00"), body.investorCommitment(),
                        "every event states Amazon's whole commitment in the round, not the tranche");
            }
            assertStaysAt(3, records);
        }
    }

    @Test
    void theOutboxHoldsEventsThroughABrokerOutage() {
        String id = immediateTranche(newRound());
        // opened, and its RoundOpened sent, before the outage: what waits then is tranche events alone
        String otherRound = newRound();
        PrometheusScrape before;
        try (ConsumerTask<String, String> duringOutage = recordsOf(id)) {
            duringOutage.awaitRecords(1, WAIT);
            before = OutboxMetricsTest.outboxIdle();
            broker.stop();
            try {
                // the API does not wait for Kafka
                post("/tranches/" + id + "/funding", "{\"amount\": 15000000000, \"fundedOn\": \"2026-03-31\"}")
                        .time(lessThan(5000L))
                        .statusCode(200)
                        .body("state", equalTo("FUNDED"));
                immediateTranche(otherRound);
                // nothing arrives: the event waits in the outbox
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                        .until(() -> duringOutage.count() == 1 && unsent(id) == 1);
                // the funding and the new tranche wait (recorded at the same instant of the standing test clock),
                // and the relay fails at them
                clock.advance(Duration.ofSeconds(90));
                await().atMost(WAIT).untilAsserted(() -> {
                    PrometheusScrape scrape = OutboxMetricsTest.scrape();
                    assertEquals(2.0, scrape.value("dealstream_outbox_backlog"));
                    // to the millisecond: PostgreSQL keeps the time to the microsecond
                    assertEquals(90.0, scrape.value("dealstream_outbox_oldest_unsent_age_seconds"), 0.001);
                    assertTrue(OutboxMetricsTest.grew(before, scrape, "dealstream_outbox_relay_failures_total") >= 1);
                });
            } finally {
                duringOutage.close();
                broker.start();
            }
        }

        List<String> eventIds = get("/tranches/" + id + "/events").extract().jsonPath().getList("id", String.class);
        // a new reader of the whole topic: the funding is on it once, under the ce_id of the event log
        try (ConsumerTask<String, String> afterOutage = recordsOf(id)) {
            afterOutage.awaitRecords(2, WAIT);
            assertStaysAt(2, afterOutage);
            assertEquals(eventIds, afterOutage.stream().map(r -> header(r, "ce_id")).toList());
            ConsumerRecord<String, String> funded = afterOutage.getRecords().get(1);
            assertEquals("investment.tranche.funded.v1", header(funded, "ce_type"));
            assertEquals(2, EventJson.read(funded.value(), TrancheSnapshot.class).version());
        }
        assertEquals(0, unsent(id));
        // sent once each, whatever the failures: every failure was followed by one retry
        PrometheusScrape after = OutboxMetricsTest.outboxIdle();
        assertEquals(2.0, OutboxMetricsTest.grew(before, after, "dealstream_outbox_relay_sent_total"));
        assertEquals(OutboxMetricsTest.grew(before, after, "dealstream_outbox_relay_failures_total"),
                OutboxMetricsTest.grew(before, after, "dealstream_outbox_relay_retries_total"));
        assertEquals(0.0, after.value("dealstream_outbox_oldest_unsent_age_seconds"));
    }

    /** The records of one tranche on the topic, from the beginning: those about it (its id their subject). */
    private ConsumerTask<String, String> recordsOf(String trancheId) {
        return companion.consumeStrings().fromTopics(Topics.TRANCHE_EVENTS,
                records -> records.filter(r -> trancheId.equals(header(r, "ce_subject"))));
    }

    /** Exactly that many: nothing more turns up for a few seconds. */
    private static void assertStaysAt(int count, ConsumerTask<String, String> records) {
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> records.count() == count);
    }

    /** The tranche's events still waiting in the outbox. */
    private long unsent(String trancheId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "select count(*) from outbox_event where subject = ?1 and sent_at is null")
                .setParameter(1, trancheId).getSingleResult()).longValue());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return KafkaCompanion.getHeader(record.headers(), name);
    }
}
