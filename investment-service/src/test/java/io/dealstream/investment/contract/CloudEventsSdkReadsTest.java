package io.dealstream.investment.contract;

import static io.dealstream.investment.InvestmentApi.get;
import static io.dealstream.investment.InvestmentApi.immediateTranche;
import static io.dealstream.investment.InvestmentApi.newRound;
import static io.dealstream.investment.InvestmentApi.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import io.dealstream.events.EventJson;
import io.dealstream.events.Topics;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.events.tranche.TrancheState;
import io.dealstream.testsupport.InjectKafka;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * The official CloudEvents Java SDK ({@code cloudevents-kafka}, binary mode) reads the records the outbox relay writes
 * to the real broker: every attribute as the service recorded the event, and the JSON snapshot as the data.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class CloudEventsSdkReadsTest {

    @InjectKafka
    KafkaCompanion companion;

    @Test
    void theCloudEventsSdkReadsEveryAttributeAndTheSnapshotOfTheRecordsTheRelayWrites() {
        String round = newRound();
        String id = immediateTranche(round);
        post("/tranches/" + id + "/funding", "{\"amount\": 15000000000, \"fundedOn\": \"2026-03-31\"}").statusCode(200);
        JsonPath recorded = get("/tranches/" + id + "/events").statusCode(200).extract().jsonPath();

        try (ConsumerTask<String, CloudEvent> records = companion
                .consume(Serdes.String(), Serdes.serdeFrom(new CloudEventSerializer(), new CloudEventDeserializer()))
                .fromTopics(Topics.TRANCHE_EVENTS, r -> r.filter(record -> id.equals(record.value().getSubject())))) {
            records.awaitRecords(2, Duration.ofSeconds(60));
            List<String> types = List.of("investment.tranche.committed.v1", "investment.tranche.funded.v1");
            List<TrancheState> states = List.of(TrancheState.COMMITTED, TrancheState.FUNDED);
            for (int i = 0; i < 2; i++) {
                ConsumerRecord<String, CloudEvent> record = records.getRecords().get(i);
                CloudEvent event = record.value();
                assertEquals(SpecVersion.V1, event.getSpecVersion());
                assertEquals(recorded.getString("[" + i + "].id"), event.getId());
                assertEquals(types.get(i), event.getType());
                assertEquals(URI.create("/investment-service"), event.getSource());
                assertEquals(id, event.getSubject());
                assertEquals(round, record.key(), "the tranche topic is keyed by round");
                assertEquals(OffsetDateTime.parse(recorded.getString("[" + i + "].time")).toInstant(),
                        event.getTime().toInstant());
                assertEquals("application/json", event.getDataContentType());
                assertNull(event.getDataSchema());
                assertEquals(List.of(), List.copyOf(event.getExtensionNames()),
                        "traceparent is a Kafka header of its own, not a ce_ attribute");
                String data = new String(event.getData().toBytes(), StandardCharsets.UTF_8);
                TrancheSnapshot snapshot = EventJson.read(data, TrancheSnapshot.class);
                assertEquals(states.get(i), snapshot.state());
                assertEquals(i + 1, snapshot.version());
                assertEquals(new BigDecimal("15000000000.00"), snapshot.amount());
                assertEquals(new BigDecimal(i == 0 ? "0.00" : "15000000000.00"), snapshot.fundedAmount());
                assertEquals(new BigDecimal("50000000000.00"), snapshot.investorCommitment());
                assertEquals(EventJson.write(snapshot), data, "the data is the snapshot as EventJson writes it");
            }
        }
    }
}
