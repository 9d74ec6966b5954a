package io.dealstream.compute.capacity;

import static io.dealstream.compute.capacity.ForgedTrancheRecordsTest.header;
import static io.dealstream.compute.capacity.ForgedTrancheRecordsTest.opening;
import static io.dealstream.compute.capacity.ForgedTrancheRecordsTest.tranche;
import static io.dealstream.compute.capacity.ForgedTrancheRecordsTest.withVersion;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.Topics;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.testsupport.InjectKafka;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.TestTokens;
import io.dealstream.testsupport.TrancheEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The repairs of the funding view, driven as the administrator drives them (POST /funding-view/redrive and
 * /funding-view/rebuild with a deal-admin token) against the real broker and database. Tranches of rounds of their
 * own and a non-partner investor; the tests run in the profile of {@link ForgedTrancheRecordsTest}, in one process.
 */
@QuarkusTest
@TestProfile(ForgedTrancheRecordsTest.StuckAfterTwoSeconds.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "compute"))
class ViewRepairTest {

    static final Duration WAIT = Duration.ofSeconds(45);
    static final String DLQ = "compute.tranche-events.dlq";

    @InjectKafka
    KafkaCompanion kafka;

    @Inject
    DataSource dataSource;

    @Test
    void reDrivingAfterTheCauseIsFixedAppliesEachDeadLetteredEventOnceAndReportsWhatFailedAgain() throws Exception {
        String round = "redrive-" + UUID.randomUUID();
        TrancheSnapshot blocked = tranche("blocked-" + UUID.randomUUID(), round);
        TrancheSnapshot gapped = tranche("gapped-" + UUID.randomUUID(), round);
        TrancheSnapshot gappedV2 = TrancheEvents.funded(gapped, LocalDate.of(2026, 3, 2));
        CloudEvent blockedEvent = TrancheEvents.event(blocked);
        CloudEvent gappedV1 = TrancheEvents.event(gapped);
        CloudEvent gappedV3 = TrancheEvents.event(withVersion(gappedV2, 3));
        String constraint = "refuses_" + blocked.trancheId().replace('-', '_');
        sql("alter table funding_view_tranche add constraint " + constraint + " check (tranche_id <> '"
                + blocked.trancheId() + "')");
        try {
            publish(opening(blocked, gapped), TrancheEvents.record(blockedEvent, 0),
                    TrancheEvents.record(gappedV1, 0), TrancheEvents.record(gappedV3, 0));
            awaitDeadLettered(blockedEvent.id());
            awaitDeadLettered(gappedV3.id());
        } finally {
            sql("alter table funding_view_tranche drop constraint " + constraint);
        }

        JsonPath first = redrive();
        assertEquals("APPLIED", outcomeOf(first, blockedEvent.id()));
        assertEquals("REFUSED", outcomeOf(first, gappedV3.id()));
        assertEquals("VERSION_GAP: version 3 of tranche '" + gapped.trancheId() + "' is not the next one: the view "
                + "holds version 1, so it needs version 2 first", reasonOf(first, gappedV3.id()));
        given().get("/funding-view/tranches/" + blocked.trancheId()).then().statusCode(200)
                .body("version", equalTo(1)).body("lastEventId", equalTo(blockedEvent.id()));

        CloudEvent gappedV2Event = TrancheEvents.event(gappedV2);
        publish(TrancheEvents.record(gappedV2Event, 0));
        awaitView(gapped.trancheId(), 2, gappedV2Event.id());

        JsonPath second = redrive();
        List<String> secondIds = second.getList("records.ceId");
        assertEquals(1, secondIds.stream().filter(gappedV3.id()::equals).count(), second.prettify());
        assertFalse(secondIds.contains(blockedEvent.id()), "only what arrived since the last re-drive: " + secondIds);
        assertEquals("APPLIED", outcomeOf(second, gappedV3.id()));
        awaitView(gapped.trancheId(), 3, gappedV3.id());
        assertTrue(positionOf(second, gappedV3.id()).startsWith(Topics.TRANCHE_EVENTS + "-0@"),
                "where the record first was: " + second.prettify());

        List<String> thirdIds = redrive().getList("records.ceId");
        assertFalse(thirdIds.contains(gappedV3.id()) || thirdIds.contains(blockedEvent.id()), thirdIds.toString());
    }

    @Test
    void rebuildingEndsInTheViewItHadAndAnnouncesNothingAgain() throws Exception {
        String round = "rebuild-" + UUID.randomUUID();
        TrancheSnapshot tranche = tranche("rebuilt-" + UUID.randomUUID(), round);
        CloudEvent committed = TrancheEvents.event(tranche);
        CloudEvent funded = TrancheEvents.event(TrancheEvents.funded(tranche, LocalDate.of(2026, 3, 2)));
        publish(opening(tranche), TrancheEvents.record(committed, 0), TrancheEvents.record(funded, 0));
        awaitView(tranche.trancheId(), 2, funded.id());
        String before = given().get("/funding-view").then().statusCode(200).extract().asString();
        long capacityEvents = count(Topics.CAPACITY_EVENTS);
        Instant rebuilding = Instant.now();

        JsonPath report = rebuild();
        assertTrue(report.getInt("replayed") >= 2, report.prettify());
        String after = given().get("/funding-view").then().statusCode(200).extract().asString();
        // the one thing that differs: when the view applied its last event, which is now the rebuild
        assertEquals(withoutAppliedAt(before), withoutAppliedAt(after));
        assertFalse(Instant.parse(new JsonPath(after).getString("lastEvent.appliedAt")).isBefore(rebuilding), after);
        assertEquals(capacityEvents, count(Topics.CAPACITY_EVENTS), "no capacity event published again");
    }

    @Test
    void rebuildingAfterAForgedEventGivesTheViewInvestmentServicesTranchesImply() throws Exception {
        TrancheSnapshot tranche = tranche("forged-over-" + UUID.randomUUID(), "rebuild-" + UUID.randomUUID());
        TrancheSnapshot funded = TrancheEvents.funded(tranche, LocalDate.of(2026, 3, 2));
        CloudEvent committed = TrancheEvents.event(tranche);
        CloudEvent fundedEvent = TrancheEvents.event(funded);
        publish(opening(tranche), TrancheEvents.record(committed, 0), TrancheEvents.record(fundedEvent, 0));
        awaitView(tranche.trancheId(), 2, fundedEvent.id());
        // what a consumer without the version rule made of a forged record written with admin rights
        CloudEvent forged = TrancheEvents.event(withVersion(funded, Long.MAX_VALUE));
        publish(TrancheEvents.record(forged, 0));
        awaitDeadLettered(forged.id());
        sql("update funding_view_tranche set version = " + Long.MAX_VALUE + ", last_event_id = '" + forged.id()
                + "' where tranche_id = '" + tranche.trancheId() + "'");
        awaitView(tranche.trancheId(), Long.MAX_VALUE, forged.id());

        JsonPath report = rebuild();
        awaitView(tranche.trancheId(), 2, fundedEvent.id());
        assertEquals("VERSION_GAP: version 9223372036854775807 of tranche '" + tranche.trancheId() + "' is not the "
                + "next one: the view holds version 2, so it needs version 3 first",
                report.getString("refused.find { it.ceId == '" + forged.id() + "' }.reason"));
    }

    @Test
    void reDrivingAppliesARoundsOpeningAndThenTheTranchesRefusedForWantOfIt() throws Exception {
        TrancheSnapshot tranche = tranche("waits-for-its-round-" + UUID.randomUUID(), "redrive-" + UUID.randomUUID());
        CloudEvent opening = TrancheEvents.opened(TrancheEvents.roundOf(tranche));
        String openingId = opening.id();
        CloudEvent committed = TrancheEvents.event(tranche);
        String constraint = "refuses_" + tranche.roundId().replace('-', '_');
        sql("alter table funding_view_round add constraint " + constraint + " check (round_id <> '"
                + tranche.roundId() + "')");
        try {
            publish(TrancheEvents.record(opening, 0), TrancheEvents.record(committed, 0));
            awaitDeadLettered(openingId);
            awaitDeadLettered(committed.id());
        } finally {
            sql("alter table funding_view_round drop constraint " + constraint);
        }
        given().get("/funding-view/tranches/" + tranche.trancheId()).then().statusCode(404);

        JsonPath report = redrive();
        assertEquals("APPLIED", outcomeOf(report, openingId));
        assertEquals(tranche.roundId(), report.getString("records.find { it.ceId == '" + openingId + "' }.roundId"));
        assertEquals(null, report.getString("records.find { it.ceId == '" + openingId + "' }.trancheId"));
        assertEquals("APPLIED", outcomeOf(report, committed.id()));
        assertEquals(tranche.trancheId(),
                report.getString("records.find { it.ceId == '" + committed.id() + "' }.trancheId"));
        awaitView(tranche.trancheId(), 1, committed.id());
    }

    @Test
    void rebuildingAfterATrancheOfARoundNoOneOpenedGivesTheViewInvestmentServicesTranchesImply() throws Exception {
        TrancheSnapshot real = tranche("kept-" + UUID.randomUUID(), "rebuild-" + UUID.randomUUID());
        CloudEvent realEvent = TrancheEvents.event(real);
        publish(opening(real), TrancheEvents.record(realEvent, 0));
        awaitView(real.trancheId(), 1, realEvent.id());
        TrancheSnapshot forged = tranche("unopened-" + UUID.randomUUID(), "no-such-round-" + UUID.randomUUID());
        CloudEvent forgedEvent = TrancheEvents.event(forged);
        publish(TrancheEvents.record(forgedEvent, 0));
        awaitDeadLettered(forgedEvent.id());
        // what a consumer without the round rule made of it
        sql("insert into funding_view_tranche (tranche_id, round_id, investor, amount, state, funded_amount, version,"
                + " last_event_id, last_event_type, last_event_time, investor_commitment) values ('"
                + forged.trancheId() + "', '" + forged.roundId() + "', '" + forged.investor() + "', "
                + forged.amount() + ", 'COMMITTED', 0, 1, '" + forgedEvent.id() + "', '" + forgedEvent.type()
                + "', now(), " + forged.investorCommitment() + ")");
        given().get("/funding-view/tranches/" + forged.trancheId()).then().statusCode(200);

        JsonPath report = rebuild();
        given().get("/funding-view/tranches/" + forged.trancheId()).then().statusCode(404);
        awaitView(real.trancheId(), 1, realEvent.id());
        assertEquals("UNKNOWN_ROUND: tranche '" + forged.trancheId() + "' is of round '" + forged.roundId()
                + "', which the view does not know: no RoundOpened of it came before",
                report.getString("refused.find { it.ceId == '" + forgedEvent.id() + "' }.reason"));
        assertTrue(report.getInt("rounds") >= 1, report.prettify());
        assertEquals(0, ((Number) given().queryParam("roundId", forged.roundId()).get("/funding-view").then()
                .statusCode(200).extract().path("tranches.size()")).intValue());
    }

    @Test
    void aRepairAskedWithoutABodyByAClientThatOffersHttp2AnswersItsReport() throws Exception {
        // Java's client offers HTTP/2 (h2c) on its first request; had the server taken it, the POST's headers would
        // end its stream and the server would fail it with a 500
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":"
                + io.restassured.RestAssured.port + "/funding-view")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        java.net.http.HttpResponse<String> reply = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                        + "/funding-view/redrive"))
                .header("Authorization", "Bearer " + TestTokens.admin())
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode(), reply.body());
    }

    @Test
    void onlyTheDealsAdministratorMayRepairTheView() {
        given().post("/funding-view/rebuild").then().statusCode(401);
        given().auth().oauth2(TestTokens.investor("Amazon")).post("/funding-view/redrive").then().statusCode(403);
    }

    private static String withoutAppliedAt(String view) {
        return view.replaceAll("\"appliedAt\":\"[^\"]*\"", "\"appliedAt\":\"-\"");
    }

    private JsonPath redrive() {
        return given().auth().oauth2(TestTokens.admin()).post("/funding-view/redrive").then().statusCode(200)
                .extract().jsonPath();
    }

    private JsonPath rebuild() {
        return given().auth().oauth2(TestTokens.admin()).post("/funding-view/rebuild").then().statusCode(200)
                .extract().jsonPath();
    }

    private static String outcomeOf(JsonPath report, String ceId) {
        return report.getString("records.find { it.ceId == '" + ceId + "' }.outcome");
    }

    private static String positionOf(JsonPath report, String ceId) {
        return report.getString("records.find { it.ceId == '" + ceId + "' }.position");
    }

    private static String reasonOf(JsonPath report, String ceId) {
        return report.getString("records.find { it.ceId == '" + ceId + "' }.reason");
    }

    private void awaitView(String trancheId, long version, String lastEventId) {
        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath view = given().get("/funding-view/tranches/" + trancheId).then().statusCode(200).extract()
                    .jsonPath();
            assertEquals(version, view.getLong("version"));
            assertEquals(lastEventId, view.getString("lastEventId"));
        });
    }

    private void awaitDeadLettered(String ceId) {
        try (ConsumerTask<String, String> records = kafka.consumeStrings().fromTopics(DLQ)) {
            await().atMost(WAIT).until(() -> records.getRecords().stream()
                    .anyMatch(r -> ceId.equals(header(r, CloudEvent.H_ID))));
        }
    }

    /** How many records {@code topic} holds now: the sum of its partitions' end offsets. */
    private long count(String topic) throws Exception {
        if (!kafka.topics().list().contains(topic)) {
            return 0;
        }
        Map<TopicPartition, OffsetSpec> latest = kafka.topics().describe(topic).get(topic).partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return kafka.getOrCreateAdminClient().listOffsets(latest).all().get().values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    @SafeVarargs
    private void publish(ProducerRecord<String, String>... records) {
        kafka.produceStrings().fromRecords(records).awaitCompletion(WAIT);
    }

    private void sql(String statement) throws Exception {
        ForgedTrancheRecordsTest.sql(dataSource, statement);
    }
}
