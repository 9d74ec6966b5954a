package io.dealstream.compute;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.testsupport.InjectKafka;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.TrancheEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The tranche consumer's health check says so when the consumer falls behind the topic by more than {@code max-lag}
 * records without failing: here 3, while a lock another session holds on the view keeps its batch waiting and ten
 * more records arrive. The consumer takes a record a poll and keeps at most a couple in hand, so what it has not
 * fetched shows as lag. Tranches of a round of its own and a non-partner investor.
 */
@QuarkusTest
@TestProfile(TrancheConsumerLagTest.ThreeRecordsBehindIsLagging.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "compute"))
class TrancheConsumerLagTest {

    static final Duration WAIT = Duration.ofSeconds(45);
    static final String CHECK = "tranche-events consumer";
    static final String ROUND = "lagging-" + UUID.randomUUID();

    public static class ThreeRecordsBehindIsLagging implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dealstream.funding-view.max-lag", "3",
                    "mp.messaging.incoming.tranche-events.max.poll.records", "1");
        }
    }

    @InjectKafka
    KafkaCompanion kafka;

    @Inject
    DataSource dataSource;

    @Test
    void aConsumerMoreThanMaxLagRecordsBehindIsDownAsLaggingWithItsLagAndUpOnceItCaughtUp() throws Exception {
        TrancheSnapshot first = tranche("first-" + UUID.randomUUID());
        publish(TrancheEvents.record(TrancheEvents.opened(TrancheEvents.roundOf(first))),
                TrancheEvents.record(TrancheEvents.event(first)));
        await().atMost(WAIT).untilAsserted(() -> given().get("/funding-view/tranches/" + first.trancheId()).then()
                .statusCode(200));
        await().atMost(WAIT).until(() -> "UP".equals(consumerCheck().getString("status")));

        List<TrancheSnapshot> behind = IntStream.range(0, 10).mapToObj(i -> tranche("behind-" + i + "-"
                + UUID.randomUUID())).toList();
        try (Connection holder = dataSource.getConnection(); Statement lock = holder.createStatement()) {
            holder.setAutoCommit(false);
            // the consumer's next batch waits for this lock: slow, not failing
            lock.execute("lock table funding_view_tranche in exclusive mode");
            publish(behind.stream().map(t -> TrancheEvents.record(TrancheEvents.event(t)))
                    .toArray(ProducerRecord[]::new));

            JsonPath lagging = await().atMost(WAIT).until(this::consumerCheck,
                    check -> "DOWN".equals(check.getString("status")));
            assertEquals("lagging", lagging.getString("data.reason"));
            assertEquals(3, lagging.getLong("data.maxLag"));
            assertTrue(lagging.getLong("data.lag") > 3, lagging.prettify());
            given().get("/q/health/ready").then().statusCode(200);
            given().get("/q/health").then().statusCode(503);
            holder.rollback();
        }

        for (TrancheSnapshot t : behind) {
            await().atMost(WAIT).untilAsserted(() -> given().get("/funding-view/tranches/" + t.trancheId()).then()
                    .statusCode(200));
        }
        JsonPath caughtUp = await().atMost(WAIT).until(this::consumerCheck,
                check -> "UP".equals(check.getString("status")));
        assertEquals(0, caughtUp.getLong("data.lag"));
    }

    private JsonPath consumerCheck() {
        JsonPath health = given().get("/q/health").then().extract().jsonPath();
        return new JsonPath(health.prettify()).setRootPath("checks.find { it.name == '" + CHECK + "' }");
    }

    static TrancheSnapshot tranche(String id) {
        return TrancheEvents.committed(id, ROUND, "Lagging Capital", "1000000.00", TrancheKind.IMMEDIATE,
                "100000000.00");
    }

    @SafeVarargs
    private void publish(ProducerRecord<String, String>... records) {
        kafka.produceStrings().fromRecords(records).awaitCompletion(WAIT);
    }
}
