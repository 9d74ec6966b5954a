package io.dealstream.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dealstream.testsupport.ObservedExchanges.Exchange;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String PROBLEM = """
            {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}""";

    /** A document of two operations, in the shape the services serve. */
    private static ObjectNode document() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"openapi": "3.1.0",
                 "paths": {
                   "/tranches": {
                     "get": {"responses": {"200": {"content": {"application/json": {"schema": {"type": "array"}}}}}},
                     "post": {"responses": {
                       "201": {"headers": {"Location": {"schema": {"type": "string"}}},
                               "content": {"application/json": {"schema": {"type": "object"}}}},
                       "409": {"content": %s}}}},
                   "/tranches/{id}": {
                     "get": {"responses": {"200": {"content": {"application/json": {"schema": {"type": "object"}}}},
                                           "404": {"content": %s}}}},
                   "/tranches/{id}/funding": {
                     "post": {"responses": {"200": {"content": {"application/json": {"schema": {"type": "object"}}}}}}}
                 },
                 "components": {"schemas": {"Problem": {"properties": {"type": {}, "title": {}, "status": {},
                   "detail": {}, "instance": {}, "errors": {}}}}}}
                """.formatted(PROBLEM, PROBLEM));
    }

    @Test
    void aPathFallsUnderItsMostLiteralTemplate() throws Exception {
        ObjectNode document = document();
        ((ObjectNode) document.path("paths")).putObject("/tranches/{id}/{part}");
        assertEquals(Optional.of("/tranches/{id}/funding"), OpenApiContract.template(document, "/tranches/t1/funding"));
        assertEquals(Optional.of("/tranches/{id}/{part}"), OpenApiContract.template(document, "/tranches/t1/events"));
        assertEquals(Optional.of("/tranches/{id}"), OpenApiContract.template(document, "/tranches/a%2Fb/"));
        assertEquals(Optional.empty(), OpenApiContract.template(document, "/tranches//funding"));
        assertEquals(Optional.empty(), OpenApiContract.template(document, "/rounds"));
    }

    @Test
    void everyObservedStatusThatItsOperationListsPasses() throws Exception {
        assertEquals(List.of(), OpenApiContract.undocumentedAnswers(document(), List.of(
                new Exchange("GET", "/tranches", 200), new Exchange("POST", "/tranches", 201),
                new Exchange("POST", "/tranches", 409), new Exchange("GET", "/tranches/t1", 404),
                new Exchange("GET", "/no/such/route", 404), new Exchange("DELETE", "/tranches", 405),
                new Exchange("HEAD", "/tranches", 200), new Exchange("OPTIONS", "/tranches", 204))));
    }

    @Test
    void aStatusTheOperationDoesNotListIsNamedWithItsOperation() throws Exception {
        assertEquals(List.of(
                "GET /tranches/{id} answered [400, 500] in the tests, which the document does not list",
                "POST /tranches/{id}/funding answered [412] in the tests, which the document does not list"),
                OpenApiContract.undocumentedAnswers(document(), List.of(
                        new Exchange("GET", "/tranches/t1", 200), new Exchange("GET", "/tranches/t2", 500),
                        new Exchange("GET", "/tranches/t3", 400), new Exchange("POST", "/tranches/t1/funding", 412),
                        new Exchange("POST", "/tranches/t1/funding", 200))));
    }

    @Test
    void aRouteTheDocumentLacksIsNamedUnlessItAnsweredNotFoundOrNotAllowed() throws Exception {
        assertEquals(List.of(
                "DELETE /tranches (not an operation of the document) answered [204] in the tests, which the "
                        + "document does not list",
                "GET /rounds (no documented path matches it) answered [200] in the tests, which the document "
                        + "does not list"),
                OpenApiContract.undocumentedAnswers(document(), List.of(new Exchange("GET", "/rounds", 200),
                        new Exchange("DELETE", "/tranches", 204), new Exchange("PUT", "/tranches", 405))));
    }

    @Test
    void aRouteOfTheServiceWithoutAnOperationIsNamed() throws Exception {
        assertEquals(List.of("DELETE /tranches/{id} is a route of the service that the document does not show",
                "GET /rounds is a route of the service that the document does not show"),
                OpenApiContract.undocumentedRoutes(document(), List.of("GET /tranches", "POST /tranches",
                        "DELETE /tranches/{id}", "GET /tranches/{id}", "GET /rounds")));
    }

    @Test
    void aDocumentOfTheExpectedShapeHasNoFaults() throws Exception {
        assertEquals(List.of(), OpenApiContract.shapeFaults(document()));
    }

    @Test
    void aPlainBodyMemberWithoutAnExampleIsNamedWithItsPath() throws Exception {
        ObjectNode document = document();
        ((ObjectNode) document.path("paths").path("/tranches").path("post")).set("requestBody", JSON.readTree("""
                {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewRound"}}}}"""));
        ((ObjectNode) document.path("components").path("schemas")).setAll((ObjectNode) JSON.readTree("""
                {"NewRound": {"type": "object", "properties": {
                   "id": {"type": "string", "examples": ["openai-2026"]},
                   "amount": {"type": "number"},
                   "kind": {"$ref": "#/components/schemas/Kind"},
                   "investors": {"type": "array", "items": {"$ref": "#/components/schemas/Commitment"}}}},
                 "Kind": {"type": "string", "enum": ["IMMEDIATE", "CONTINGENT"]},
                 "Commitment": {"type": "object", "properties": {
                   "investor": {"type": "string", "example": "Amazon"},
                   "committed": {"type": "number"}}}}"""));
        assertEquals(List.of("POST /tranches body's amount has no example",
                "POST /tranches body's investors[].committed has no example"), OpenApiContract.shapeFaults(document));
    }

    @Test
    void eachShapeFaultIsNamed() throws Exception {
        ObjectNode document = document();
        JsonNode paths = document.path("paths");
        ObjectNode create = (ObjectNode) paths.path("/tranches").path("post").path("responses");
        ((ObjectNode) create.path("201")).remove("headers");
        ((ObjectNode) create.path("409")).putObject("content").putObject("application/json").putObject("schema");
        ((ObjectNode) paths.path("/tranches").path("get").path("responses").path("200").path("content")
                .path("application/json")).putObject("schema");
        ((ObjectNode) paths.path("/tranches/{id}").path("get").path("responses")).putObject("default");
        ((ObjectNode) document.path("components").path("schemas").path("Problem").path("properties")).remove("errors");
        assertEquals(List.of(
                "the Problem schema has no 'errors'",
                "GET /tranches 200 application/json has an empty schema",
                "POST /tranches 201 documents no Location header",
                "POST /tranches 409 is not documented as application/problem+json of the Problem schema",
                "GET /tranches/{id} documents a default answer instead of its statuses"),
                OpenApiContract.shapeFaults(document));
    }
}
