package io.dealstream.compute;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.Topics;
import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.testsupport.EdgeProblems;
import io.dealstream.testsupport.InjectKafka;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.ListPages;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.PrometheusScrape;
import io.dealstream.testsupport.RawHttp;
import io.dealstream.testsupport.TestTokens;
import io.dealstream.testsupport.TrancheEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Long polls of {@code GET /funding-view/events} hold no request worker: with 200 of them waiting (as many as this
 * run lets wait, against the 32 request workers), a write still answers, the consumer still applies the next tranche
 * event, and every poll returns it. A page with more events after it links to the next. Tranches of a round of its
 * own and a non-partner investor, so nothing of the deal changes.
 */
@QuarkusTest
@TestProfile(FundingViewLongPollTest.TwoHundredMayWait.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "compute"))
class FundingViewLongPollTest {

    static final int POLLS = 200;
    static final String ROUND = "long-poll-" + UUID.randomUUID();
    static final String INVESTOR = "Thrive Capital";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String WAITING = "dealstream_funding_view_long_polls";
    static final String REFUSED = "dealstream_funding_view_long_polls_refused_total";

    public static class TwoHundredMayWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dealstream.funding-view.max-long-polls", Integer.toString(POLLS));
        }
    }

    /** The clients' own threads: the polls wait on the server, never on these. */
    static ExecutorService clientThreads;
    static HttpClient client;

    @InjectKafka
    KafkaCompanion kafka;

    @TestHTTPResource("/funding-view/events")
    URI events;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void client() {
        clientThreads = Executors.newFixedThreadPool(4);
        client = client(clientThreads);
    }

    @AfterAll
    static void closeClient() {
        client.shutdownNow();
        clientThreads.shutdownNow();
    }

    @Test
    void twoHundredWaitingPollsLeaveTheWorkersFreeForAWriteAndTheConsumerAndAllReturnItsEvent() throws Exception {
        long last = caughtUp();
        PrometheusScrape before = scrape();
        List<CompletableFuture<HttpResponse<String>>> polls = IntStream.range(0, POLLS)
                .mapToObj(i -> client.sendAsync(poll("?after=" + last + "&waitMs=25000"),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(POLLS, scrape().value(WAITING)));

        // one more that would wait is refused at once, naming the bound; one with something to return is answered
        HttpResponse<String> refused = client.send(poll("?after=" + last + "&waitMs=25000"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, refused.statusCode());
        assertEquals(PROBLEM_JSON, refused.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
        JsonPath problem = JsonPath.from(refused.body());
        assertEquals("200 long polls wait already, the most this service keeps; ask again in 1 s",
                problem.getString("detail"));
        assertEquals(List.of(503, 200, 1), List.of(problem.getInt("status"), problem.getInt("maxLongPolls"),
                problem.getInt("retryAfterSeconds")));
        HttpResponse<String> answered = client.send(poll("?after=" + (last - 1) + "&waitMs=25000"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answered.statusCode());
        assertEquals(List.of(last), JsonPath.from(answered.body()).getList("seq", Long.class));
        assertEquals(1.0, scrape().value(REFUSED) - before.value(REFUSED));

        long writing = System.nanoTime();
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("""
                        {"id": "long-poll-%s", "provider": "AWS", "customer": "OpenAI", "totalUsd": 1000000.00,
                         "years": 1, "startsOn": "2026-03-01"}""".formatted(UUID.randomUUID()))
                .post("/commitments").then().statusCode(201);
        Duration write = Duration.ofNanos(System.nanoTime() - writing);
        assertTrue(write.compareTo(Duration.ofSeconds(2)) < 0, () -> "the write took " + write);

        TrancheSnapshot tranche = tranche("thrive-" + UUID.randomUUID());
        CloudEvent event = TrancheEvents.event(tranche);
        long publishing = System.nanoTime();
        publish(TrancheEvents.record(event));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given()
                .get("/funding-view/tranches/" + tranche.trancheId()).then().statusCode(200));
        CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        Duration delivered = Duration.ofNanos(System.nanoTime() - publishing);
        assertTrue(delivered.compareTo(Duration.ofSeconds(10)) < 0, () -> "the polls returned after " + delivered);

        // the view recorded that one event since, and each poll returned exactly it
        String recorded = given().get("/funding-view/events?after=" + last).then().statusCode(200).extract().asString();
        JsonPath view = JsonPath.from(recorded);
        assertEquals(List.of(event.id()), view.getList("id"));
        assertEquals(List.of("investment.tranche.committed.v1"), view.getList("type"));
        assertEquals(List.of(tranche.trancheId()), view.getList("subject"));
        assertEquals(List.of("APPLIED"), view.getList("outcome"));
        assertTrue(view.getLong("[0].seq") > last, recorded);
        for (CompletableFuture<HttpResponse<String>> poll : polls) {
            HttpResponse<String> response = poll.get();
            assertEquals(200, response.statusCode(), response::body);
            assertEquals(recorded, response.body());
        }
        assertEquals(0.0, scrape().value(WAITING));
    }

    @Test
    void aPollWithNothingNewAnswersAnEmptyListOnceItsWaitIsOver() throws Exception {
        long last = caughtUp();
        long asked = System.nanoTime();
        HttpResponse<String> response = client.send(poll("?after=" + (last + 1_000_000) + "&waitMs=700"),
                HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - asked);
        assertEquals(200, response.statusCode());
        assertEquals("[]", response.body());
        assertTrue(took.compareTo(Duration.ofMillis(700)) >= 0 && took.compareTo(Duration.ofSeconds(10)) < 0,
                () -> "answered after " + took);
    }

    @Test
    void pollsWhoseClientWentAwayGiveTheirPlacesBack() {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        HttpClient leaving = client(threads);
        try {
            PrometheusScrape before = scrape();
            for (int i = 0; i < 3; i++) {
                leaving.sendAsync(poll("?after=" + Long.MAX_VALUE + "&waitMs=30000"),
                        HttpResponse.BodyHandlers.ofString());
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertEquals(before.value(WAITING) + 3, scrape().value(WAITING)));
        } finally {
            leaving.shutdownNow();
            threads.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(0.0, scrape().value(WAITING)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "?limit=abc                | limit  | 'abc' is not a whole number",
        "?after=-1                 | after  | must be 0 or more, not -1",
        "?after=abc                | after  | 'abc' is not a whole number",
        "?waitMs=abc               | waitMs | 'abc' is not a whole number",
        "?waitMs=1.5               | waitMs | '1.5' is not a whole number",
        "?waitMs=-1                | waitMs | must be 0 or more, not -1",
        "?limit=0                  | limit  | must be 1 or more, not 0",
        "?limit=5001               | limit  | must be 5000 or less, not 5001",
        "?waitMs=30001             | waitMs | must be 30000 or less, not 30001",
        "?after=1&after=2          | after  | is given 2 times; give it once",
        "?waitMs=10&waitMs=10      | waitMs | is given 2 times; give it once",
        "?after=99999999999999999999 | after | must be 9223372036854775807 or less, not 99999999999999999999",
    })
    void aBadParameterIsA400NamingIt(String query, String parameter, String message) {
        given().get("/funding-view/events" + query).then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", equalTo(parameter + ": " + message))
                .body("errors.field", equalTo(List.of(parameter)))
                .body("errors.message", equalTo(List.of(message)))
                .body("instance", equalTo("/funding-view/events"));
    }

    @Test
    void everyBadParameterIsNamedInOneProblem() {
        given().get("/funding-view/events?after=x&limit=6000&waitMs=60000").then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", equalTo("after: 'x' is not a whole number; limit: must be 5000 or less, not 6000; "
                        + "waitMs: must be 30000 or less, not 60000"))
                .body("errors.field", equalTo(List.of("after", "limit", "waitMs")));
    }

    // ---- paging: the Link a page carries when more events are there already

    @Test
    void sevenEventsAreWalkedThreeAPageThroughTheLinksWhichKeepWaitMs() throws Exception {
        long last = caughtUp();
        List<String> tranches = applied(7);

        List<ListPages.Page> pages = ListPages.walk(base, "/funding-view/events?after=" + last + "&limit=3&waitMs=1000");

        assertEquals(List.of(3, 3, 1), ListPages.sizes(pages));
        assertEquals(tranches, ListPages.texts(pages, "subject"));
        List<String> seqs = ListPages.texts(pages, "seq");
        assertEquals("/funding-view/events?waitMs=1000&limit=3&after=" + seqs.get(2), pages.get(0).next());
        assertEquals("/funding-view/events?waitMs=1000&limit=3&after=" + seqs.get(5), pages.get(1).next());
        assertEquals(null, pages.get(2).next());
        // a page as full as its limit with nothing after it yet has no Link: the next events are a poll away
        ListPages.Page full = ListPages.read(base, "/funding-view/events?after=" + last + "&limit=7");
        assertEquals(tranches, full.texts("subject"));
        assertEquals(null, full.next());
    }

    @Test
    void anEventAppliedBetweenTwoReadsIsOnALaterPageOnce() throws Exception {
        long last = caughtUp();
        List<String> tranches = new ArrayList<>(applied(4));
        ListPages.Page first = ListPages.read(base, "/funding-view/events?after=" + last + "&limit=3");
        assertEquals(tranches.subList(0, 3), first.texts("subject"));

        tranches.addAll(applied(1));
        List<ListPages.Page> rest = ListPages.walk(base, first.next());

        assertEquals(List.of(2), ListPages.sizes(rest));
        assertEquals(tranches.subList(3, 5), ListPages.texts(rest, "subject"));
    }

    @Test
    void anAfterWithANulIsA400NamingItAndOneOfTenThousandCharactersIsRefusedForItsUri() {
        given().urlEncodingEnabled(false).get("/funding-view/events?after=1%00").then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", equalTo(List.of("after")))
                .body("errors.message", equalTo(List.of(EdgeProblems.controlCharacter(0, 2))));
        assertEquals(414, RawHttp.get(base, "/funding-view/events?after=" + "1".repeat(10_000)).status());
    }

    /** Publishes a tranche event for each of {@code n} new tranches, in order on one partition; once all applied. */
    List<String> applied(int n) {
        List<String> tranches = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TrancheSnapshot tranche = tranche("pages-" + UUID.randomUUID());
            publish(TrancheEvents.record(TrancheEvents.event(tranche), 0));
            tranches.add(tranche.trancheId());
        }
        for (String tranche : tranches) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                    .get("/funding-view/tranches/" + tranche).then().statusCode(200));
        }
        return tranches;
    }

    /**
     * Makes sure the view has applied everything on the topic before (this start reads it from its beginning): the
     * round's opening, then a marker to every partition, each one in the view once what was before it is. Returns the
     * last {@code seq}.
     */
    long caughtUp() throws Exception {
        // the round's opening before every marker: in the view once the first marker, in its partition, is
        TrancheSnapshot first = tranche("marker-" + UUID.randomUUID());
        publish(TrancheEvents.record(TrancheEvents.opened(TrancheEvents.roundOf(first))),
                TrancheEvents.record(TrancheEvents.event(first)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/funding-view/tranches/" + first.trancheId()).then().statusCode(200));
        int partitions = kafka.topics().describe(Topics.TRANCHE_EVENTS).get(Topics.TRANCHE_EVENTS).partitions().size();
        List<String> markers = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            TrancheSnapshot marker = tranche("marker-" + UUID.randomUUID());
            publish(TrancheEvents.record(TrancheEvents.event(marker), partition));
            markers.add(marker.trancheId());
        }
        for (String marker : markers) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                    .get("/funding-view/tranches/" + marker).then().statusCode(200));
        }
        long last = 0;
        while (true) {
            List<Long> seqs = JsonPath.from(given().get("/funding-view/events?limit=5000&after=" + last).then()
                    .statusCode(200).extract().asString()).getList("seq", Long.class);
            if (seqs.isEmpty()) {
                return last;
            }
            last = seqs.getLast();
        }
    }

    static TrancheSnapshot tranche(String id) {
        return TrancheEvents.committed(id, ROUND, INVESTOR, "1000000000.00", TrancheKind.IMMEDIATE, "2000000000.00");
    }

    HttpRequest poll(String query) {
        return HttpRequest.newBuilder(URI.create(events + query)).timeout(Duration.ofSeconds(60)).GET().build();
    }

    static HttpClient client(ExecutorService threads) {
        // HTTP/1.1: a connection a poll, as the browsers and services that follow the view use
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @SafeVarargs
    final void publish(ProducerRecord<String, String>... records) {
        kafka.produceStrings().fromRecords(records).awaitCompletion(Duration.ofSeconds(30));
    }

    static PrometheusScrape scrape() {
        return PrometheusScrape.of(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}
