package io.dealstream.investment.tranche;

import static io.dealstream.investment.InvestmentApi.get;
import static io.dealstream.investment.InvestmentApi.given;
import static io.dealstream.investment.InvestmentApi.immediateTranche;
import static io.dealstream.investment.InvestmentApi.newRound;
import static io.dealstream.investment.InvestmentApi.post;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.PrometheusScrape;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /q/metrics}: the Prometheus scrape, and the outbox's own series as tranche changes go out. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class OutboxMetricsTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void metricsAnswerInPrometheusTextWithHttpServerDatasourceAndKafkaProducerSeries() {
        get("/tranches").statusCode(200);
        // the relay's producer exists once it sent something
        outboxIdle();

        // Prometheus' text format when asked for it (a bare Accept gets OpenMetrics text)
        String text = given().accept("text/plain").get("/q/metrics").then()
                .statusCode(200)
                .contentType(startsWith("text/plain; version=0.0.4"))
                .extract().asString();
        PrometheusScrape scrape = PrometheusScrape.of(text);
        assertTrue(scrape.value("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\","
                + "uri=\"/tranches\"}") >= 1);
        assertTrue(scrape.has("agroal_active_count"), "the connection pool's series");
        assertTrue(scrape.has("kafka_producer_record_send_total"), "the relay producer's own series");
        assertTrue(text.contains("# TYPE dealstream_outbox_backlog gauge"), "the outbox's series");
    }

    @Test
    void eachEventSentCountsOnceAndTheBacklogEmpties() {
        // its RoundOpened sent before the count starts: a tranche committed and funded, two events
        String round = newRound();
        PrometheusScrape before = outboxIdle();

        String id = immediateTranche(round);
        post("/tranches/" + id + "/funding", "{\"amount\": 15000000000, \"fundedOn\": \"2026-03-31\"}")
                .statusCode(200);
        assertEquals(2, get("/tranches/" + id + "/events").extract().jsonPath().getList("id").size());

        PrometheusScrape after = await().atMost(WAIT).until(OutboxMetricsTest::scrape,
                s -> grew(before, s, "dealstream_outbox_relay_sent_total") >= 2);
        // and nothing more: once the backlog gauge reads the database again, it is back to 0
        after = outboxIdle();
        assertEquals(List.of(2.0, 0.0, 0.0), List.of(grew(before, after, "dealstream_outbox_relay_sent_total"),
                grew(before, after, "dealstream_outbox_relay_failures_total"),
                grew(before, after, "dealstream_outbox_relay_retries_total")));
        assertEquals(0.0, after.value("dealstream_outbox_oldest_unsent_age_seconds"));
    }

    /**
     * A scrape once the relay sent every recorded event and counted it: the backlog is 0 in two scrapes further apart
     * than the gauges keep a reading, with the same count of events sent.
     */
    static PrometheusScrape outboxIdle() {
        return await().atMost(WAIT).until(() -> {
            PrometheusScrape first = scrape();
            Thread.sleep(1_100);
            PrometheusScrape second = scrape();
            boolean idle = first.value("dealstream_outbox_backlog") == 0.0
                    && second.value("dealstream_outbox_backlog") == 0.0
                    && grew(first, second, "dealstream_outbox_relay_sent_total") == 0.0;
            return idle ? second : null;
        }, s -> s != null);
    }

    static PrometheusScrape scrape() {
        return PrometheusScrape.of(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    static double grew(PrometheusScrape before, PrometheusScrape after, String series) {
        return after.value(series) - before.value(series);
    }
}
