package io.dealstream.compute.commitment;

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
import java.net.URL;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code GET /commitments} page by page, as a client follows its Links; commitments have no filter. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "compute"))
class CommitmentPagesTest {

    @TestHTTPResource("/")
    URL base;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void limitThreeWalksEveryCommitmentByIdThreeAPageWithALinkOnAllButTheLast() {
        List<String> ids = IntStream.rangeClosed(1, 7).mapToObj(this::add).toList();

        List<String> walked = ListPages.walkByThrees(base, "/commitments", "id", ids);
        assertEquals(List.of("aws-2025-11", "aws-2026-02-expansion"), walked.stream()
                .filter(id -> id.startsWith("aws-")).toList(), "the deal's two, by id");
    }

    @Test
    void aCommitmentAddedBeforeTheCursorBetweenTwoReadsIsNotListedTwiceAndSkipsNone() {
        for (int n = 10; n <= 70; n += 10) {
            add(n);
        }
        ListPages.Page first = ListPages.read(base, "/commitments?limit=3&after=" + id(0));
        assertEquals(List.of(id(10), id(20), id(30)), first.texts("id"));
        assertEquals("/commitments?limit=3&after=" + id(30), first.next());

        add(15);
        add(35);
        ListPages.Page second = ListPages.read(base, first.next());
        ListPages.Page third = ListPages.read(base, second.next());

        assertEquals(List.of(id(35), id(40), id(50)), second.texts("id"));
        assertEquals(List.of(id(60), id(70)), third.texts("id").subList(0, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dealstream.testsupport.ListPages#refusedIdCursors")
    void aBadLimitOrAfterIsA400NamingIt(String query, String field, String message) {
        ListPages.assertRefused(base, "/commitments", query, field, message);
    }

    @Test
    void anAfterOfTenThousandCharactersIsRefusedAtTheEdgeForItsUri() {
        assertEquals(414, RawHttp.get(base, "/commitments?after=" + "a".repeat(10_000)).status());
    }

    @Test
    void theOpenApiDocumentNamesTheBoundsAndTheLinkHeader() {
        String commitments = "paths.'/commitments'.get";
        String events = "paths.'/funding-view/events'.get";
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(commitments + ".parameters.find { it.name == 'limit' }.schema.minimum", equalTo(1))
                .body(commitments + ".parameters.find { it.name == 'limit' }.schema.maximum", equalTo(1000))
                .body(commitments + ".parameters.find { it.name == 'limit' }.schema.default", equalTo(100))
                .body(commitments + ".parameters.find { it.name == 'after' }.schema.maxLength", equalTo(64))
                .body(commitments + ".responses.'200'.headers.Link.schema.type", equalTo("string"))
                .body(commitments + ".responses.'200'.content.'application/json'.schema.type", equalTo("array"))
                .body(events + ".parameters.find { it.name == 'limit' }.schema.maximum", equalTo(5000))
                .body(events + ".parameters.find { it.name == 'limit' }.schema.default", equalTo(500))
                .body(events + ".responses.'200'.headers.Link.schema.type", equalTo("string"))
                .body(events + ".responses.'200'.content.'application/json'.schema.type", equalTo("array"));
    }

    private String id(int n) {
        return "pg-" + run + "-" + n;
    }

    private String add(int n) {
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("""
                        {"id": "%s", "provider": "AWS", "customer": "OpenAI", "totalUsd": 1000000.00,
                         "years": 1, "startsOn": "2026-03-01"}""".formatted(id(n)))
                .post("/commitments").then().statusCode(201);
        return id(n);
    }
}
