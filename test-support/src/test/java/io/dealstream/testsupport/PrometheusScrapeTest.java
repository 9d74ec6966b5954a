package io.dealstream.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {

    static final String TEXT = """
            # HELP dealstream_outbox_backlog Outbox rows recorded but not yet sent to Kafka
            # TYPE dealstream_outbox_backlog gauge
            dealstream_outbox_backlog 3.0
            # TYPE dealstream_funding_view_events_total counter
            dealstream_funding_view_events_total{outcome="applied"} 2.0
            dealstream_funding_view_events_total{outcome="duplicate"} 1.0
            http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/x",} 4 1700000000000
            """;

    @Test
    void readsTheValueOfASeriesWithAndWithoutLabelsInEitherTextFormat() {
        PrometheusScrape scrape = PrometheusScrape.of(TEXT);
        assertEquals(3.0, scrape.value("dealstream_outbox_backlog"));
        assertEquals(2.0, scrape.value("dealstream_funding_view_events_total{outcome=\"applied\"}"));
        assertEquals(1.0, scrape.value("dealstream_funding_view_events_total{outcome=\"duplicate\"}"));
        assertEquals(4.0, scrape.value(
                "http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/x\"}"));
    }

    @Test
    void aSeriesTheScrapeLacksFailsNamingTheOnesOfThatName() {
        PrometheusScrape scrape = PrometheusScrape.of(TEXT);
        NoSuchElementException e = assertThrows(NoSuchElementException.class,
                () -> scrape.value("dealstream_funding_view_events_total{outcome=\"stale\"}"));
        assertTrue(e.getMessage().contains("dealstream_funding_view_events_total{outcome=\"applied\"}"), e.getMessage());
    }

    @Test
    void knowsWhichNamesItHas() {
        PrometheusScrape scrape = PrometheusScrape.of(TEXT);
        assertTrue(scrape.has("http_server_requests_seconds_count"));
        assertTrue(scrape.has("dealstream_outbox_backlog"));
        assertFalse(scrape.has("dealstream_rights"));
    }
}
