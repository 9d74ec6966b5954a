package io.dealstream.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.ObservedExchanges;
import io.dealstream.testsupport.OpenApiContract;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.ResourceRoutes;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document against the service: every route, every answer the module's other tests observed
 * (run before this one: see the parent pom's api-document execution), problems for errors, schemas for bodies.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "distribution"))
class DistributionApiDocumentTest {

    private static JsonNode document() throws Exception {
        return new ObjectMapper().readTree(RestAssured.get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString());
    }

    @Test
    void everyRouteOfTheServiceIsAnOperationOfTheDocument() throws Exception {
        List<String> routes = ResourceRoutes.under("io.dealstream");
        assertEquals(List.of(
                "GET /entitlements",
                "GET /funding-view",
                "GET /funding-view/events",
                "GET /funding-view/tranches/{id}",
                "GET /rights",
                "GET /rights/{id}",
                "POST /funding-view/rebuild",
                "POST /funding-view/redrive",
                "POST /rights"), routes);
        assertEquals(List.of(), OpenApiContract.undocumentedRoutes(document(), routes));
    }

    @Test
    void everyAnswerTheTestsObservedIsDocumentedForItsOperation() throws Exception {
        List<ObservedExchanges.Exchange> observed = ObservedExchanges.read();
        assertTrue(observed.size() > 200, "the module's tests recorded only " + observed.size() + " answers in "
                + ObservedExchanges.file() + ": run them all before this test");
        assertEquals(List.of(), OpenApiContract.undocumentedAnswers(document(), observed));
    }

    @Test
    void errorsAreProblemsSuccessesHaveSchemasAndCreatesSayWhere() throws Exception {
        assertEquals(List.of(), OpenApiContract.shapeFaults(document()));
    }
}
