package io.dealstream.distribution;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /rights} page by page, as a client follows its Links. Each test's rights have a holder of their own, so
 * that {@code holder=} lists exactly them, and offer custom models on Oracle's cloud, which no other test asks about.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "distribution"))
class RightPagesTest {

    @TestHTTPResource("/")
    URL base;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String holder = "Pager " + run;
    /** The holder as a query value. */
    private final String holderQuery = "Pager%20" + run;

    @Test
    void limitThreeWalksAHoldersSevenRightsInOrderThreeAPageWithALinkOnAllButTheLast() {
        List<String> ids = IntStream.rangeClosed(1, 7).mapToObj(n -> create(n, "NONE")).toList();

        List<ListPages.Page> pages = ListPages.walk(base, "/rights?holder=" + holderQuery + "&limit=3");

        assertEquals(List.of(3, 3, 1), ListPages.sizes(pages));
        assertEquals(ids, ListPages.texts(pages, "id"));
        assertEquals("/rights?holder=" + holderQuery + "&limit=3&after=" + id(3), pages.get(0).next());
        assertEquals("/rights?holder=" + holderQuery + "&limit=3&after=" + id(6), pages.get(1).next());
        assertEquals(null, pages.get(2).next());
    }

    @Test
    void walkingEveryRightThreeAtATimeListsWhatOnePageOfAThousandDoes() {
        List<String> ids = IntStream.rangeClosed(1, 7).mapToObj(n -> create(n, "NONE")).toList();

        ListPages.walkByThrees(base, "/rights", "id", ids);
    }

    @Test
    void theStatusAndHolderFiltersCombineWithPagingAndTravelInTheLink() {
        List<String> active = IntStream.rangeClosed(1, 3).mapToObj(n -> create(n, "NONE")).toList();
        create(4, "ALL_COMMITTED_FUNDED");
        String fourth = given().get("/rights/" + id(4)).then().statusCode(200).extract().path("status");
        List<String> expected = fourth.equals("ACTIVE") ? List.of(id(1), id(2), id(3), id(4)) : active;

        // the holder in another case, as sent
        String upper = holderQuery.toUpperCase();
        List<ListPages.Page> pages = ListPages.walk(base, "/rights?status=active&holder=" + upper + "&limit=1");

        assertEquals(expected, ListPages.texts(pages, "id"));
        assertEquals(expected.stream().map(id -> 1).toList(), ListPages.sizes(pages));
        assertEquals("/rights?status=active&holder=" + upper + "&limit=1&after=" + id(1), pages.get(0).next());
        List<String> others = ListPages.texts(ListPages.walk(base, "/rights?status=" + fourth + "&holder=" + holderQuery
                + "&limit=1"), "id");
        assertEquals(fourth.equals("ACTIVE") ? expected : List.of(id(4)), others);
    }

    @Test
    void aRightCreatedBeforeTheCursorBetweenTwoReadsIsNotListedTwiceAndSkipsNone() {
        List<ListPages.Page> pages = ListPages.addedBeforeTheCursor(base, "/rights?holder=" + holderQuery + "&limit=3",
                "id", n -> create(n, "NONE"));

        assertEquals(List.of(id(60), id(70)), pages.get(2).texts("id"));
        assertEquals(null, pages.get(2).next());
        assertEquals(List.of(10, 15, 20, 30, 35, 40, 50, 60, 70).stream().map(this::id).toList(),
                ListPages.texts(ListPages.walk(base, "/rights?holder=" + holderQuery + "&limit=3"), "id"));
    }

    @Test
    void anAfterThatNamesNoRightStartsWhereItWouldBe() {
        create(10, "NONE");
        create(20, "NONE");
        assertEquals(List.of(id(20)),
                ListPages.read(base, "/rights?holder=" + holderQuery + "&after=" + id(15)).texts("id"));
        assertEquals(List.of(), ListPages.read(base, "/rights?holder=" + holderQuery + "&after=" + id(99)).items());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dealstream.testsupport.ListPages#refusedIdCursors")
    void aBadLimitOrAfterIsA400NamingIt(String query, String field, String message) {
        ListPages.assertRefused(base, "/rights", query, field, message);
    }

    @Test
    void anAfterOfTenThousandCharactersIsRefusedAtTheEdgeForItsUri() {
        assertEquals(414, RawHttp.get(base, "/rights?after=" + "a".repeat(10_000)).status());
    }

    @Test
    void theOpenApiDocumentNamesTheBoundsAndTheLinkHeader() {
        ListPages.assertPagingDocumented("/rights", 1000, 100);
        ListPages.assertPagingDocumented("/funding-view/events", 5000, 500);
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/rights'.get.parameters.find { it.name == 'after' }.schema.maxLength", equalTo(64));
    }

    private String id(int n) {
        return "pg-" + run + "-" + n;
    }

    private String create(int n, String condition) {
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("""
                {"id": "%s", "holder": "%s", "product": "CUSTOM_MODELS", "cloud": "ORACLE_CLOUD", "mode": "STATEFUL",
                 "exclusive": false, "condition": {"kind": "%s"}}""".formatted(id(n), holder, condition))
                .post("/rights").then().statusCode(201);
        return id(n);
    }
}
