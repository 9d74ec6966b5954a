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
        List<ListPages.Page> pages = ListPages.addedBeforeTheCursor(base, "/commitments?limit=3&after=" + id(0), "id",
                this::add);
        assertEquals("/commitments?limit=3&after=" + id(30), pages.get(0).next());
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
        ListPages.assertPagingDocumented("/commitments", 1000, 100);
        ListPages.assertPagingDocumented("/funding-view/events", 5000, 500);
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/commitments'.get.parameters.find { it.name == 'after' }.schema.maxLength", equalTo(64));
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
