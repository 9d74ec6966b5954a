package io.dealstream.investment.tranche;

import static io.dealstream.investment.InvestmentApi.PROBLEM_JSON;
import static io.dealstream.investment.InvestmentApi.contingentTranche;
import static io.dealstream.investment.InvestmentApi.get;
import static io.dealstream.investment.InvestmentApi.given;
import static io.dealstream.investment.InvestmentApi.newRound;
import static io.dealstream.investment.InvestmentApi.post;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dealstream.investment.InvestmentApi;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.ListPages;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.RawHttp;
import io.dealstream.testsupport.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /tranches} and {@code GET /tranches/{id}/events} page by page, as a client follows their Links. Each test
 * gives its tranches an investor of their own, so that {@code investor=} lists exactly them.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class TranchePagesTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void limitThreeWalksAnInvestorsSevenTranchesInOrderThreeAPageWithALinkOnAllButTheLast() {
        Investor pager = new Investor();
        List<String> ids = IntStream.rangeClosed(1, 7).mapToObj(n -> pager.commit(pager.id(n))).toList();

        List<ListPages.Page> pages = ListPages.walk(base, "/tranches?investor=" + pager.query() + "&limit=3");

        assertEquals(List.of(3, 3, 1), ListPages.sizes(pages));
        assertEquals(ids, ListPages.texts(pages, "trancheId"));
        assertEquals("/tranches?investor=" + pager.query() + "&limit=3&after=" + pager.id(3), pages.get(0).next());
        assertEquals("/tranches?investor=" + pager.query() + "&limit=3&after=" + pager.id(6), pages.get(1).next());
        assertEquals(null, pages.get(2).next());
    }

    @Test
    void walkingEveryTrancheThreeAtATimeListsWhatOnePageOfAThousandDoes() {
        Investor pager = new Investor();
        List<String> ids = IntStream.rangeClosed(1, 7).mapToObj(n -> pager.commit(pager.id(n))).toList();

        ListPages.walkByThrees(base, "/tranches", "trancheId", ids);
    }

    @Test
    void withoutALimitAPageHoldsAHundred() {
        new Investor().commit("pg-" + UUID.randomUUID());
        List<String> all = ListPages.read(base, "/tranches?limit=1000").texts("trancheId");
        ListPages.Page first = ListPages.read(base, "/tranches");
        assertEquals(all.subList(0, Math.min(100, all.size())), first.texts("trancheId"));
        assertEquals(all.size() > 100 ? "/tranches?limit=100&after=" + all.get(99) : null, first.next());
    }

    @Test
    void theStateAndInvestorFiltersCombineWithPagingAndTravelInTheLink() {
        Investor pager = new Investor();
        List<String> ids = IntStream.rangeClosed(1, 7).mapToObj(n -> pager.commit(pager.id(n))).toList();
        pager.fund(ids.get(1));
        pager.fund(ids.get(4));

        List<ListPages.Page> pages = ListPages.walk(base, "/tranches?state=FUNDED&investor=" + pager.query()
                + "&limit=1");

        assertEquals(List.of(1, 1), ListPages.sizes(pages));
        assertEquals(List.of(ids.get(1), ids.get(4)), ListPages.texts(pages, "trancheId"));
        assertEquals(List.of("FUNDED", "FUNDED"), ListPages.texts(pages, "state"));
        assertEquals("/tranches?state=FUNDED&investor=" + pager.query() + "&limit=1&after=" + ids.get(1),
                pages.get(0).next());
        // a state in another case, as sent, and an investor sent with '+' for its space
        assertEquals("/tranches?state=funded&investor=" + pager.query() + "&limit=1&after=" + ids.get(1),
                ListPages.read(base, "/tranches?state=funded&investor=" + pager.query().replace("%20", "+")
                        + "&limit=1").next());
    }

    @Test
    void aTrancheAddedBeforeTheCursorBetweenTwoReadsIsNotListedTwiceAndSkipsNone() {
        Investor pager = new Investor();
        List<ListPages.Page> pages = ListPages.addedBeforeTheCursor(base,
                "/tranches?investor=" + pager.query() + "&limit=3", "trancheId", n -> pager.commit(pager.id(n)));

        assertEquals(List.of(pager.id(60), pager.id(70)), pages.get(2).texts("trancheId"));
        assertEquals(null, pages.get(2).next());
        // read again from the first page, the one added before the cursor is there
        assertEquals(List.of(10, 15, 20, 30, 35, 40, 50, 60, 70).stream().map(pager::id).toList(),
                ListPages.texts(ListPages.walk(base, "/tranches?investor=" + pager.query() + "&limit=3"), "trancheId"));
    }

    @Test
    void anAfterThatNamesNoTrancheStartsWhereItWouldBe() {
        Investor pager = new Investor();
        for (int n = 10; n <= 30; n += 10) {
            pager.commit(pager.id(n));
        }
        ListPages.Page page = ListPages.read(base, "/tranches?investor=" + pager.query() + "&after=" + pager.id(15));
        assertEquals(List.of(pager.id(20), pager.id(30)), page.texts("trancheId"));
        assertEquals(null, page.next());
        assertEquals(List.of(), ListPages.read(base, "/tranches?investor=" + pager.query() + "&after=" + pager.id(99))
                .items());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dealstream.testsupport.ListPages#refusedIdCursors")
    void aBadLimitOrAfterIsA400NamingIt(String query, String field, String message) {
        ListPages.assertRefused(base, "/tranches", query, field, message);
    }

    @Test
    void anAfterOfTenThousandCharactersIsRefusedAtTheEdgeForItsUri() {
        assertEquals(414, RawHttp.get(base, "/tranches?after=" + "a".repeat(10_000)).status());
    }

    // ---- a tranche's events: by position in its log, 1 for the first

    @Test
    void aTranchesEventsArePagedByTheirPositionInItsLog() {
        String round = newRound();
        String id = contingentTranche(round, "2099-12-31");
        post("/tranches/" + id + "/triggers", """
                {"type": "IPO", "occurredOn": "2026-11-02"}""").statusCode(200);
        post("/tranches/" + id + "/funding", """
                {"amount": 35000000000, "fundedOn": "2026-12-01"}""").statusCode(200);

        List<ListPages.Page> byOne = ListPages.walk(base, "/tranches/" + id + "/events?limit=1");
        assertEquals(List.of(1, 1, 1), ListPages.sizes(byOne));
        assertEquals(List.of("investment.tranche.committed.v1", "investment.tranche.obligated.v1",
                "investment.tranche.funded.v1"), ListPages.texts(byOne, "type"));
        assertEquals("/tranches/" + id + "/events?limit=1&after=1", byOne.get(0).next());
        assertEquals("/tranches/" + id + "/events?limit=1&after=2", byOne.get(1).next());
        assertEquals(null, byOne.get(2).next());

        List<ListPages.Page> byTwo = ListPages.walk(base, "/tranches/" + id + "/events?limit=2");
        assertEquals(List.of(2, 1), ListPages.sizes(byTwo));
        assertEquals(ListPages.texts(byOne, "id"), ListPages.texts(byTwo, "id"));
        assertEquals(List.of(), ListPages.read(base, "/tranches/" + id + "/events?after=3").items());
        assertEquals(List.of(), ListPages.read(base, "/tranches/" + id + "/events?after=9223372036854775807").items());
        get("/tranches/" + id + "/events").statusCode(200).header("Link", nullValue())
                .body("data.version", contains(1, 2, 3));
    }

    @Test
    void anEventRecordedBetweenTwoReadsIsOnALaterPageOnce() {
        String id = contingentTranche(newRound(), "2099-12-31");
        post("/tranches/" + id + "/triggers", """
                {"type": "IPO", "occurredOn": "2026-11-02"}""").statusCode(200);
        ListPages.Page first = ListPages.read(base, "/tranches/" + id + "/events?limit=1");
        assertEquals(List.of("investment.tranche.committed.v1"), first.texts("type"));

        // the log is only ever appended to: a new event comes after every cursor, never before one
        post("/tranches/" + id + "/funding", """
                {"amount": 35000000000, "fundedOn": "2026-12-01"}""").statusCode(200);
        List<ListPages.Page> rest = ListPages.walk(base, first.next());

        assertEquals(List.of(1, 1), ListPages.sizes(rest));
        assertEquals(List.of("investment.tranche.obligated.v1", "investment.tranche.funded.v1"),
                ListPages.texts(rest, "type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dealstream.testsupport.ListPages#refusedPositionCursors")
    void aBadLimitOrAfterOfTheEventsIsA400NamingIt(String query, String field, String message) {
        ListPages.assertRefused(base, "/tranches/amazon-t1/events", query, field, message);
    }

    @Test
    void anUnknownTranchesEventsAreA404WhateverThePage() {
        get("/tranches/no-such-tranche/events?limit=3&after=2").statusCode(404)
                .contentType(startsWith(PROBLEM_JSON))
                .body("detail", equalTo("no tranche 'no-such-tranche'"));
    }

    @Test
    void theOpenApiDocumentNamesTheBoundsAndTheLinkHeader() {
        for (String path : List.of("/tranches", "/tranches/{id}/events", "/rounds")) {
            ListPages.assertPagingDocumented(path, 1000, 100);
        }
        get("/q/openapi?format=json").statusCode(200)
                .body("paths.'/tranches'.get.parameters.find { it.name == 'after' }.schema.maxLength", equalTo(64))
                .body("paths.'/tranches/{id}/events'.get.parameters.find { it.name == 'after' }.schema.minimum",
                        equalTo(0));
    }

    /** An investor of its own, in a round of its own that holds it all, whose tranches are named {@code pg-<run>-n}. */
    private static final class Investor {

        private final String run = UUID.randomUUID().toString().substring(0, 8);
        private final String name = "Pager " + run;
        private final String round = "pages-" + run;

        Investor() {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of(
                            "id", round, "name", "paging " + run, "amount", 1_000_000, "preMoneyValuation", 9_000_000,
                            "investors", List.of(Map.of("investor", name, "committed", 1_000_000)),
                            "openedOn", "2026-01-01"))
                    .post("/rounds").then().statusCode(201);
        }

        String id(int n) {
            return "pg-" + run + "-" + n;
        }

        /** The investor as a query value. */
        String query() {
            return name.replace(" ", "%20");
        }

        String commit(String id) {
            return InvestmentApi.commit("""
                    {"id": "%s", "roundId": "%s", "investor": "%s", "amount": 100, "kind": "IMMEDIATE"}"""
                    .formatted(id, round, name));
        }

        void fund(String id) {
            post("/tranches/" + id + "/funding", """
                    {"amount": 100, "fundedOn": "2026-02-01"}""").statusCode(200);
        }
    }
}
