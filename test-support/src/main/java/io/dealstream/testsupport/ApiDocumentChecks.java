package io.dealstream.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document against the service: every route, every answer the module's other tests observed
 * (run before this one: see the parent pom's api-document execution), problems for errors, schemas for bodies. A
 * service's {@code *ApiDocumentTest}, a {@code @QuarkusTest} of it, inherits these checks and names its routes.
 */
public abstract class ApiDocumentChecks {

    @TestHTTPResource("/")
    URL base;

    /** Every route the service has, sorted as {@link ResourceRoutes#under} lists them. */
    protected abstract List<String> routes();

    private JsonNode document() throws Exception {
        URI uri = base.toURI().resolve("/q/openapi?format=json");
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), "GET " + uri);
            return new ObjectMapper().readTree(answer.body());
        }
    }

    @Test
    public void everyRouteOfTheServiceIsAnOperationOfTheDocument() throws Exception {
        List<String> routes = ResourceRoutes.under("io.dealstream");
        assertEquals(routes(), routes);
        assertEquals(List.of(), OpenApiContract.undocumentedRoutes(document(), routes));
    }

    @Test
    public void everyAnswerTheTestsObservedIsDocumentedForItsOperation() throws Exception {
        List<ObservedExchanges.Exchange> observed = ObservedExchanges.read();
        assertTrue(observed.size() > 200, "the module's tests recorded only " + observed.size() + " answers in "
                + ObservedExchanges.file() + ": run them all before this test");
        assertEquals(List.of(), OpenApiContract.undocumentedAnswers(document(), observed));
    }

    @Test
    public void errorsAreProblemsSuccessesHaveSchemasAndCreatesSayWhere() throws Exception {
        assertEquals(List.of(), OpenApiContract.shapeFaults(document()));
    }
}
