package io.dealstream.investment.round;

import static io.dealstream.investment.InvestmentApi.given;
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
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code GET /rounds} page by page, as a client follows its Links; rounds have no filter, so every round is walked. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class RoundPagesTest {

    @TestHTTPResource("/")
    URL base;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void limitThreeWalksEveryRoundInOrderThreeAPageWithALinkOnAllButTheLast() {
        List<String> ids = IntStream.rangeClosed(1, 7).mapToObj(this::open).toList();

        ListPages.walkByThrees(base, "/rounds", "id", ids);
    }

    @Test
    void aRoundOpenedBeforeTheCursorBetweenTwoReadsIsNotListedTwiceAndSkipsNone() {
        // after an id no round has, just before the seven
        List<ListPages.Page> pages = ListPages.addedBeforeTheCursor(base, "/rounds?limit=3&after=" + id(0), "id",
                this::open);
        assertEquals("/rounds?limit=3&after=" + id(30), pages.get(0).next());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dealstream.testsupport.ListPages#refusedIdCursors")
    void aBadLimitOrAfterIsA400NamingIt(String query, String field, String message) {
        ListPages.assertRefused(base, "/rounds", query, field, message);
    }

    @Test
    void anAfterOfTenThousandCharactersIsRefusedAtTheEdgeForItsUri() {
        assertEquals(414, RawHttp.get(base, "/rounds?after=" + "a".repeat(10_000)).status());
    }

    private String id(int n) {
        return "pg-" + run + "-" + n;
    }

    private String open(int n) {
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of(
                        "id", id(n), "name", "paging " + n, "amount", 1_000_000, "preMoneyValuation", 9_000_000,
                        "investors", List.of(Map.of("investor", "Pager", "committed", 1_000_000))))
                .post("/rounds").then().statusCode(201);
        return id(n);
    }
}
