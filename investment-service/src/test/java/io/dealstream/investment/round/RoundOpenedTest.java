package io.dealstream.investment.round;

import static io.dealstream.investment.InvestmentApi.get;
import static io.dealstream.investment.InvestmentApi.post;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dealstream.events.EventJson;
import io.dealstream.events.Topics;
import io.dealstream.events.round.RoundCommitment;
import io.dealstream.events.round.RoundSnapshot;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.investment.SeedAgain;
import io.dealstream.testsupport.InjectKafka;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
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
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The rounds on the tranche topic: a round's opening is announced once (RoundOpened), keyed by its id, before any of
 * its tranches, whose records carry the same key and their own id as subject.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class RoundOpenedTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String OPENED = "investment.round.opened.v1";

    @InjectKafka
    KafkaCompanion companion;

    @Inject
    EntityManager em;

    @Test
    void openingARoundPublishesOneRoundOpenedKeyedByTheRoundBeforeItsTranchesWhichKeepTheirIdAsSubject() {
        String round = "opened-" + UUID.randomUUID().toString().substring(0, 8);
        post("/rounds", """
                {"id": "%s", "name": "Series Z", "amount": 1000000.50, "preMoneyValuation": 9000000,
                 "investors": [{"investor": "Amazon", "committed": 600000}, {"investor": "Bolt", "committed": 400000.50}],
                 "openedOn": "2026-01-01"}""".formatted(round)).statusCode(201);
        String tranche = post("/tranches", """
                {"roundId": "%s", "investor": "Amazon", "amount": 250000, "kind": "IMMEDIATE"}"""
                .formatted(round)).statusCode(201).extract().path("trancheId");

        List<ConsumerRecord<String, String>> records = recordsKeyed(round, 2);
        ConsumerRecord<String, String> opened = records.get(0);
        assertEquals(OPENED, header(opened, "ce_type"));
        assertEquals(round, header(opened, "ce_subject"));
        assertEquals("/investment-service", header(opened, "ce_source"));
        assertEquals(new RoundSnapshot(round, "Series Z", new BigDecimal("1000000.50"), new BigDecimal("9000000.00"),
                LocalDate.parse("2026-01-01"), List.of(new RoundCommitment("Amazon", new BigDecimal("600000.00")),
                        new RoundCommitment("Bolt", new BigDecimal("400000.50")))),
                EventJson.read(opened.value(), RoundSnapshot.class));

        ConsumerRecord<String, String> committed = records.get(1);
        assertEquals(round, committed.key(), "a tranche's records are keyed by its round");
        assertEquals(tranche, header(committed, "ce_subject"));
        assertEquals("investment.tranche.committed.v1", header(committed, "ce_type"));
        assertEquals(round, EventJson.read(committed.value(), TrancheSnapshot.class).roundId());
        assertEquals(opened.partition(), committed.partition());
        assertEquals(1, openedEvents(round), "announced once");
    }

    @Test
    void aTranchesEventLogListsItsOwnEventsEvenWhenARoundHasItsId() {
        String shared = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        post("/rounds", """
                {"id": "%s", "name": "n", "amount": 100, "preMoneyValuation": 500,
                 "investors": [{"investor": "Amazon", "committed": 60}], "openedOn": "2026-01-01"}"""
                .formatted(shared)).statusCode(201);
        post("/tranches", """
                {"id": "%s", "roundId": "%s", "investor": "Amazon", "amount": 60, "kind": "IMMEDIATE"}"""
                .formatted(shared, shared)).statusCode(201);
        post("/tranches/" + shared + "/funding", """
                {"amount": 60, "fundedOn": "2026-03-31"}""").statusCode(200);

        get("/tranches/" + shared + "/events").statusCode(200)
                .body("type", contains("investment.tranche.committed.v1", "investment.tranche.funded.v1"))
                .body("subject", contains(shared, shared))
                .body("data.version", contains(1, 2));
    }

    @Test
    void aRoundOpenedBeforeRoundsWereAnnouncedIsAnnouncedOnceAtStartup() {
        String round = "unannounced-" + UUID.randomUUID().toString().substring(0, 8);
        // as a round opened by an earlier version was stored: its rows, no RoundOpened in the outbox
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("insert into funding_round (id, name, amount, pre_money_valuation, opened_on)"
                    + " values (?1, 'Earlier round', 5000000.00, 20000000.00, date '2025-06-30')")
                    .setParameter(1, round).executeUpdate();
            em.createNativeQuery("insert into round_investor (round_id, position, investor, committed)"
                    + " values (?1, 0, 'Thrive Capital', 3000000.00), (?1, 1, 'Amazon', 2000000.00)")
                    .setParameter(1, round).executeUpdate();
        });
        String tranche = post("/tranches", """
                {"roundId": "%s", "investor": "Amazon", "amount": 1000000, "kind": "IMMEDIATE"}"""
                .formatted(round)).statusCode(201).extract().path("trancheId");
        assertEquals(0, openedEvents(round));

        SeedAgain.asAtStart();
        SeedAgain.asAtStart();

        assertEquals(1, openedEvents(round), "announced once, however often the service starts");
        List<ConsumerRecord<String, String>> records = recordsKeyed(round, 2);
        assertEquals(List.of("investment.tranche.committed.v1", OPENED),
                records.stream().map(r -> header(r, "ce_type")).toList(),
                "after the tranche event the round already had");
        assertEquals(new RoundSnapshot(round, "Earlier round", new BigDecimal("5000000.00"),
                new BigDecimal("20000000.00"), LocalDate.parse("2025-06-30"),
                List.of(new RoundCommitment("Thrive Capital", new BigDecimal("3000000.00")),
                        new RoundCommitment("Amazon", new BigDecimal("2000000.00")))),
                EventJson.read(records.get(1).value(), RoundSnapshot.class));
        assertEquals(tranche, header(records.get(0), "ce_subject"));
        assertEquals(1, openedEvents("openai-2026"), "the seeded round was announced as it opened, once");
    }

    /** The RoundOpened events the outbox holds about {@code round}. */
    private long openedEvents(String round) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from outbox_event where topic = ?1 and subject = ?2 and event_key = ?2"
                        + " and ce_type = ?3")
                .setParameter(1, Topics.TRANCHE_EVENTS).setParameter(2, round).setParameter(3, OPENED)
                .getSingleResult()).longValue());
    }

    /** Exactly {@code count} records keyed {@code key} on the tranche topic, in their order. */
    private List<ConsumerRecord<String, String>> recordsKeyed(String key, int count) {
        try (ConsumerTask<String, String> records = companion.consumeStrings()
                .fromTopics(Topics.TRANCHE_EVENTS, r -> r.filter(record -> key.equals(record.key())))) {
            records.awaitRecords(count, WAIT);
            Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> records.count() == count);
            return records.getRecords();
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return KafkaCompanion.getHeader(record.headers(), name);
    }
}
