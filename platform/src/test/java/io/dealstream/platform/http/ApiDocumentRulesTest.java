package io.dealstream.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.junit.jupiter.api.Test;

class ApiDocumentRulesTest {

    private static Operation filtered(String path, Operation operation) {
        OpenAPI document = OASFactory.createOpenAPI().paths(OASFactory.createPaths()
                .addPathItem(path, OASFactory.createPathItem().GET(operation)));
        new ApiDocumentRules().filterOpenAPI(document);
        return document.getPaths().getPathItem(path).getGET();
    }

    @Test
    void anOperationOnAPathWithAParameterAnswers404NamingWhatItLooksFor() {
        Operation operation = filtered("/rounds/{id}/cap-table", OASFactory.createOperation());

        assertEquals("No round with this id", operation.getResponses().getAPIResponse("404").getDescription());
        assertEquals("#/components/schemas/Problem", operation.getResponses().getAPIResponse("404").getContent()
                .getMediaType("application/problem+json").getSchema().getRef());
    }

    @Test
    void anOperationsOwn404IsKept() {
        Operation operation = filtered("/capacity/{commitmentId}", OASFactory.createOperation()
                .responses(OASFactory.createAPIResponses().addAPIResponse("404",
                        OASFactory.createAPIResponse().description("No such commitment, or it states no capacity"))));

        assertEquals("No such commitment, or it states no capacity",
                operation.getResponses().getAPIResponse("404").getDescription());
    }

    @Test
    void aPathWithoutAParameterHasNo404() {
        assertNull(filtered("/rounds", OASFactory.createOperation()).getResponses().getAPIResponse("404"));
    }

    @Test
    void theBadRequestQuarkusAddsToAValidatedBodyGetsTheHouseDescription() {
        Operation operation = filtered("/rounds", OASFactory.createOperation()
                .responses(OASFactory.createAPIResponses().addAPIResponse("400",
                        OASFactory.createAPIResponse().description("Bad Request"))));

        assertTrue(operation.getResponses().getAPIResponse("400").getDescription()
                .startsWith("Bad Request: a parameter, a header"));
    }
}
