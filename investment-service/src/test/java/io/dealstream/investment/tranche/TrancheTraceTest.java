package io.dealstream.investment.tranche;

import io.dealstream.testsupport.TestTokens;
import static io.dealstream.investment.InvestmentApi.immediateTranche;
import static io.dealstream.investment.InvestmentApi.newRound;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.Topics;
import io.dealstream.testsupport.InjectKafka;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.OtlpReceiver;
import io.dealstream.testsupport.OtlpReceiver.ReceivedSpan;
import io.dealstream.testsupport.OtlpResource;
import io.dealstream.testsupport.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A change is one trace: the request, its outbox row, the relay's send and the record on the topic. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(OtlpResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class TrancheTraceTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @InjectKafka
    KafkaCompanion companion;

    OtlpReceiver traces;

    @Inject
    EntityManager em;

    @Test
    void aFundingRequestsTraceContinuesOnItsOutboxRowItsSendAndItsRecord() throws InterruptedException {
        String round = newRound();
        String id = immediateTranche(round);
        String callerTrace = hex(16);
        String callerSpan = hex(8);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("traceparent", "00-" + callerTrace + "-" + callerSpan + "-01")
                .body("{\"amount\": 15000000000, \"fundedOn\": \"2026-03-31\"}")
                .post("/tranches/" + id + "/funding").then().statusCode(200);

        ConsumerRecord<String, String> funded = recordsOf(id, 2).get(1);
        String[] traceparent = header(funded, "traceparent").split("-");
        assertEquals(4, traceparent.length, header(funded, "traceparent"));
        assertEquals(callerTrace, traceparent[1], "the record continues the caller's trace");
        assertEquals("01", traceparent[3], "sampled, as the caller asked");

        List<ReceivedSpan> trace = traces.awaitTrace(callerTrace, spans -> spans.size() >= 2, WAIT);
        assertEquals(2, trace.size(), "the request and the send: " + trace + traces.refused());
        ReceivedSpan request = trace.stream().filter(s -> s.kind().equals("SPAN_KIND_SERVER")).findFirst().orElseThrow();
        ReceivedSpan send = trace.stream().filter(s -> s.kind().equals("SPAN_KIND_PRODUCER")).findFirst().orElseThrow();
        assertEquals("investment-service", request.service());
        assertEquals("POST /tranches/{id}/funding", request.name());
        assertEquals(callerSpan, request.parentSpanId(), "the request continues the caller's span");
        assertEquals("send " + Topics.TRANCHE_EVENTS, send.name());
        assertTrue(send.isChildOf(request), "the send continues the request, on the relay's thread: " + trace);
        assertEquals(traceparent[2], send.spanId(), "the record carries the send's span");
        assertEquals(header(funded, "ce_id"), send.attributes().get("messaging.message.id"));
        assertEquals(round, send.attributes().get("messaging.kafka.message.key"), "the record's key, its round");
        assertEquals(Long.toString(funded.partition()), send.attributes().get("messaging.destination.partition.id"));
        assertEquals(Long.toString(funded.offset()), send.attributes().get("messaging.kafka.offset"));
        assertEquals("00-" + callerTrace + "-" + request.spanId() + "-01", outboxTraceparent(header(funded, "ce_id")),
                "the outbox row keeps the request's context for the relay");
    }

    @Test
    void aRequestWithoutTraceContextStartsATraceOfItsOwn() {
        String id = immediateTranche(newRound());
        ConsumerRecord<String, String> committed = recordsOf(id, 1).getFirst();
        String[] traceparent = header(committed, "traceparent").split("-");
        assertEquals("00", traceparent[0]);
        assertEquals(32, traceparent[1].length());
        assertNotEquals("00000000000000000000000000000000", traceparent[1]);
        assertEquals(16, traceparent[2].length());
    }

    @Test
    void aMalformedTraceparentIsIgnoredAndTheRequestStillSucceeds() {
        String id = immediateTranche(newRound());
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("traceparent", "00-not-a-trace-01")
                .body("{\"amount\": 15000000000, \"fundedOn\": \"2026-03-31\"}")
                .post("/tranches/" + id + "/funding").then().statusCode(200);
        ConsumerRecord<String, String> funded = recordsOf(id, 2).get(1);
        String traceId = header(funded, "traceparent").split("-")[1];
        assertEquals(32, traceId.length(), "a new trace: " + header(funded, "traceparent"));
        assertNull(funded.headers().lastHeader("tracestate"));
    }

    private List<ConsumerRecord<String, String>> recordsOf(String trancheId, int count) {
        try (ConsumerTask<String, String> records = companion.consumeStrings()
                .fromTopics(Topics.TRANCHE_EVENTS, r -> r.filter(record -> trancheId.equals(header(record,
                        "ce_subject"))))) {
            return records.awaitRecords(count, WAIT).getRecords();
        }
    }

    private String outboxTraceparent(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select traceparent from outbox_event where event_id = cast(?1 as uuid)")
                .setParameter(1, eventId).getSingleResult());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return KafkaCompanion.getHeader(record.headers(), name);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
