package io.dealstream.distribution;

import io.dealstream.testsupport.TestTokens;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP API: the seeded rights, creating one, entitlements that do not depend on funding, and bad input on every
 * endpoint (a 4xx problem naming the field, and nothing written). Funding-dependent answers are in
 * {@link FundingJourneyTest}; tests here hold whatever the funding is, as the classes share one database.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "distribution"))
class RightsApiTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void theDealsRightsAreSeeded() {
        given().get("/rights").then().statusCode(200)
                .body("id", hasItems("frontier-aws", "stateful-runtime-bedrock", "custom-models-amazon",
                        "stateless-api-azure"))
                .body("find { it.id == 'frontier-aws' }.exclusive", is(true))
                .body("find { it.id == 'frontier-aws' }.condition.kind", equalTo("FIRST_TRANCHE_FUNDED"))
                .body("find { it.id == 'custom-models-amazon' }.condition.kind", equalTo("ALL_COMMITTED_FUNDED"))
                .body("find { it.id == 'custom-models-amazon' }.condition.text", containsString("ILLUSTRATIVE ASSUMPTION"))
                .body("find { it.id == 'stateless-api-azure' }.holder", equalTo("Microsoft"));

        given().get("/rights/stateless-api-azure").then().statusCode(200)
                .body("product", equalTo("STATELESS_API"))
                .body("cloud", equalTo("AZURE"))
                .body("mode", equalTo("STATELESS"))
                .body("exclusive", is(true))
                .body("condition.kind", equalTo("NONE"))
                .body("status", equalTo("ACTIVE"))
                .body("version", is(1))
                .body("causeEventId", nullValue());
    }

    @Test
    void rightsFilterByStatusAndHolderInAnyCase() {
        given().queryParam("status", "active").get("/rights").then().statusCode(200)
                .body("id", hasItem("stateless-api-azure"))
                .body("status", everyItem(equalTo("ACTIVE")));
        given().queryParam("holder", "microsoft").get("/rights").then().statusCode(200)
                .body("id", equalTo(List.of("stateless-api-azure")));
        given().queryParam("holder", "AMAZON").get("/rights").then().statusCode(200)
                .body("id", equalTo(List.of("custom-models-amazon", "frontier-aws", "stateful-runtime-bedrock")));
    }

    @Test
    void exclusivitiesHoldWhateverTheFunding() {
        entitlement("stateless_api", "azure", "stateless").then().statusCode(200)
                .body("allowed", is(true))
                .body("rightId", equalTo("stateless-api-azure"))
                .body("reason", containsString("right stateless-api-azure"));
        entitlement("STATELESS_API", "AWS", "STATELESS").then().statusCode(200)
                .body("allowed", is(false))
                .body("rightId", equalTo("stateless-api-azure"))
                .body("reason", containsString("gives AZURE exclusive cloud distribution of STATELESS_API STATELESS"));
        for (String cloud : List.of("AZURE", "google-cloud", "Oracle_Cloud")) {
            entitlement("Frontier", cloud, "Stateful").then().statusCode(200)
                    .body("allowed", is(false))
                    .body("rightId", equalTo("frontier-aws"))
                    .body("reason", containsString("gives AWS exclusive cloud distribution of FRONTIER STATEFUL"));
        }
        entitlement("FRONTIER", "AWS", "STATELESS").then().statusCode(200)
                .body("allowed", is(false))
                .body("reason", containsString("FRONTIER is offered [STATEFUL] only, never STATELESS"));
    }

    @Test
    void aNewRightIsCreatedEvaluatedAndEntitles() {
        String location = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("""
                {"id": "runtime-google", "holder": "Google", "product": "stateful_runtime", "cloud": "GOOGLE_CLOUD",
                 "mode": "stateful", "exclusive": false, "description": "test right, not in the deal",
                 "condition": {"kind": "none"}}
                """).post("/rights").then().statusCode(201)
                .header("Location", endsWith("/rights/runtime-google"))
                .body("status", equalTo("ACTIVE"))
                .body("version", is(1))
                .body("condition.text", equalTo("none: in force from the start"))
                .body("reason", containsString("created ACTIVE"))
                .extract().header("Location");
        given().get(location).then().statusCode(200).body("holder", equalTo("Google"));
        entitlement("STATEFUL_RUNTIME", "GOOGLE_CLOUD", "STATEFUL").then().statusCode(200)
                .body("allowed", is(true))
                .body("rightId", equalTo("runtime-google"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # case                  | status | field           | body
            empty object            | 400    | holder          | `{}`
            no id                   | 400    | id              | `{"holder": "X", "product": "FRONTIER", "cloud": "AWS", "mode": "STATEFUL", "exclusive": false, "condition": {"kind": "NONE"}}`
            id not a slug           | 400    | id              | `{"id": "Bad Right!", "holder": "X", "product": "FRONTIER", "cloud": "AWS", "mode": "STATEFUL", "exclusive": false, "condition": {"kind": "NONE"}}`
            blank holder            | 400    | holder          | `{"id": "bad-right", "holder": " ", "product": "FRONTIER", "cloud": "AWS", "mode": "STATEFUL", "exclusive": false, "condition": {"kind": "NONE"}}`
            unknown product         | 400    | product         | `{"id": "bad-right", "holder": "X", "product": "GPT_STORE", "cloud": "AWS", "mode": "STATEFUL", "exclusive": false, "condition": {"kind": "NONE"}}`
            unknown cloud           | 400    | cloud           | `{"id": "bad-right", "holder": "X", "product": "FRONTIER", "cloud": "IBM_CLOUD", "mode": "STATEFUL", "exclusive": false, "condition": {"kind": "NONE"}}`
            unknown mode            | 400    | mode            | `{"id": "bad-right", "holder": "X", "product": "FRONTIER", "cloud": "AWS", "mode": "SOMETIMES", "exclusive": false, "condition": {"kind": "NONE"}}`
            no exclusive            | 400    | exclusive       | `{"id": "bad-right", "holder": "X", "product": "FRONTIER", "cloud": "AWS", "mode": "STATEFUL", "condition": {"kind": "NONE"}}`
            exclusive not a boolean | 400    | exclusive       | `{"id": "bad-right", "holder": "X", "product": "FRONTIER", "cloud": "AWS", "mode": "STATEFUL", "exclusive": "maybe", "condition": {"kind": "NONE"}}`
            no condition            | 400    | condition       | `{"id": "bad-right", "holder": "X", "product": "FRONTIER", "cloud": "AWS", "mode": "STATEFUL", "exclusive": false}`
            no condition kind       | 400    | condition.kind  | `{"id": "bad-right", "holder": "X", "product": "FRONTIER", "cloud": "AWS", "mode": "STATEFUL", "exclusive": false, "condition": {"text": "soon"}}`
            unknown condition kind  | 400    | condition.kind  | `{"id": "bad-right", "holder": "X", "product": "FRONTIER", "cloud": "AWS", "mode": "STATEFUL", "exclusive": false, "condition": {"kind": "AGI_REACHED"}}`
            malformed JSON          | 400    | $               | `{"id": "bad-right", "holder": `
            product not in mode     | 422    | mode            | `{"id": "bad-right", "holder": "X", "product": "FRONTIER", "cloud": "AWS", "mode": "STATELESS", "exclusive": false, "condition": {"kind": "NONE"}}`
            against exclusivity     | 409    | cloud           | `{"id": "bad-right", "holder": "Google", "product": "FRONTIER", "cloud": "GOOGLE_CLOUD", "mode": "STATEFUL", "exclusive": false, "condition": {"kind": "NONE"}}`
            exclusive but shared    | 409    | exclusive       | `{"id": "bad-right", "holder": "Oracle", "product": "STATEFUL_RUNTIME", "cloud": "ORACLE_CLOUD", "mode": "STATEFUL", "exclusive": true, "condition": {"kind": "NONE"}}`
            id taken                | 409    | id              | `{"id": "frontier-aws", "holder": "X", "product": "FRONTIER", "cloud": "AWS", "mode": "STATEFUL", "exclusive": false, "condition": {"kind": "NONE"}}`
            """)
    void aBadNewRightIsRefusedNamingTheFieldAndNothingIsWritten(String name, int status, String field, String body) {
        int before = given().get("/rights").then().statusCode(200).extract().path("size()");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body).post("/rights").then()
                .statusCode(status)
                .contentType(PROBLEM)
                .body("status", is(status))
                .body("errors.field", hasItem(field));
        given().get("/rights").then().body("size()", is(before));
        given().get("/rights/bad-right").then().statusCode(404);
        given().get("/rights/frontier-aws").then().body("holder", equalTo("Amazon")).body("product", equalTo("FRONTIER"));
    }

    @Test
    void aMissingBodyIsRefused() {
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).post("/rights").then()
                .statusCode(400).contentType(PROBLEM)
                .body("errors.field", equalTo(List.of("$")))
                .body("errors[0].message", equalTo("must be a JSON object"));
    }

    @Test
    void anUnknownStatusFilterIsRefusedListingTheStatuses() {
        given().queryParam("status", "expired").get("/rights").then()
                .statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("status"))
                .body("errors[0].message", equalTo("'expired' is not one of [PENDING, ACTIVE, LAPSED]"));
    }

    // ---- enum query parameters: any case, '-' or ' ' for '_'; anything else one 400 naming each and its known values

    private static final String STATUSES = "[PENDING, ACTIVE, LAPSED]";
    private static final String PRODUCTS = "[FRONTIER, STATEFUL_RUNTIME, STATELESS_API, CUSTOM_MODELS]";
    private static final String CLOUDS = "[AWS, AZURE, GOOGLE_CLOUD, ORACLE_CLOUD]";

    @ParameterizedTest(name = "status={0}")
    @ValueSource(strings = {"ACTIVE", "active", "Active", "aCtIvE", " active "})
    void theStatusFilterIsReadInAnyCase(String status) {
        given().queryParam("status", status).get("/rights").then().statusCode(200)
                .body("id", hasItem("stateless-api-azure"))
                .body("status", everyItem(equalTo("ACTIVE")));
    }

    @ParameterizedTest(name = "status=''{0}''")
    @ValueSource(strings = {"", "   "})
    void aBlankStatusFilterFiltersNothing(String status) {
        int all = given().get("/rights").then().statusCode(200).extract().path("size()");
        given().queryParam("status", status).get("/rights").then().statusCode(200)
                .body("size()", is(all))
                .body("id", hasItems("frontier-aws", "stateless-api-azure"));
    }

    @ParameterizedTest(name = "status={0}")
    @ValueSource(strings = {"EXPIRED", "ac-tive", "in force", "ACTIVE_"})
    void anUnknownStatusFilterIsOne400NamingStatusAndTheKnownStatuses(String status) {
        given().queryParam("status", status).get("/rights").then()
                .statusCode(400).contentType(PROBLEM)
                .body("title", equalTo("Bad Request"))
                .body("status", is(400))
                .body("detail", equalTo("status: '" + status + "' is not one of " + STATUSES))
                .body("instance", equalTo("/rights"))
                .body("errors.size()", is(1))
                .body("errors[0].field", equalTo("status"))
                .body("errors[0].message", equalTo("'" + status + "' is not one of " + STATUSES));
    }

    @Test
    void aRepeatedStatusFilterIsRefusedNotCutToItsFirstValue() {
        given().queryParam("status", "active", "pending").get("/rights").then()
                .statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("status: is given 2 times; give one of " + STATUSES + " once"))
                .body("errors.size()", is(1))
                .body("errors[0].field", equalTo("status"))
                .body("errors[0].message", equalTo("is given 2 times; give one of " + STATUSES + " once"));
    }

    @ParameterizedTest(name = "{0}, {1}, {2}")
    @CsvSource(delimiter = '|', textBlock = """
            stateless-api   | AZURE        | stateless
            Stateless API   | azure        | STATELESS
            sTaTeLeSs_ApI   | Azure        | Stateless
            """)
    void entitlementParametersAreReadInAnyCaseWithDashesOrSpacesForUnderscores(String product, String cloud,
            String mode) {
        entitlement(product, cloud, mode).then().statusCode(200)
                .body("allowed", is(true))
                .body("rightId", equalTo("stateless-api-azure"));
    }

    @ParameterizedTest(name = "cloud={0}")
    @ValueSource(strings = {"google-cloud", "Google Cloud", "GOOGLE-cloud", "google_CLOUD"})
    void aCloudIsReadWithDashesOrSpacesForUnderscores(String cloud) {
        entitlement("FRONTIER", cloud, "STATEFUL").then().statusCode(200)
                .body("allowed", is(false))
                .body("rightId", equalTo("frontier-aws"))
                .body("reason", containsString("gives AWS exclusive cloud distribution of FRONTIER STATEFUL"));
    }

    @Test
    void aBlankEntitlementParameterIsMissing() {
        entitlement(" ", "AWS", "").then()
                .statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("product: is required; one of " + PRODUCTS
                        + "; mode: is required; one of [STATEFUL, STATELESS]"))
                .body("errors.field", equalTo(List.of("product", "mode")))
                .body("errors.message", equalTo(List.of("is required; one of " + PRODUCTS,
                        "is required; one of [STATEFUL, STATELESS]")));
    }

    @Test
    void twoBadEntitlementParametersAreBothNamedInOneProblem() {
        entitlement("gpt-store", "ibm cloud", "stateful").then()
                .statusCode(400).contentType(PROBLEM)
                .body("title", equalTo("Bad Request"))
                .body("status", is(400))
                .body("detail", equalTo("product: 'gpt-store' is not one of " + PRODUCTS
                        + "; cloud: 'ibm cloud' is not one of " + CLOUDS))
                .body("instance", equalTo("/entitlements"))
                .body("errors.field", equalTo(List.of("product", "cloud")))
                .body("errors.message", equalTo(List.of("'gpt-store' is not one of " + PRODUCTS,
                        "'ibm cloud' is not one of " + CLOUDS)));
    }

    @Test
    void aRepeatedEntitlementParameterIsRefusedEvenWithTheSameValue() {
        given().queryParam("product", "FRONTIER", "frontier").queryParam("cloud", "AWS").queryParam("mode", "STATEFUL")
                .get("/entitlements").then()
                .statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("product: is given 2 times; give one of " + PRODUCTS + " once"))
                .body("errors.field", equalTo(List.of("product")))
                .body("errors.message", equalTo(List.of("is given 2 times; give one of " + PRODUCTS + " once")));
    }

    @Test
    void unknownIdsAreNotFound() {
        given().get("/rights/no-such-right").then().statusCode(404).contentType(PROBLEM)
                .body("detail", equalTo("no right 'no-such-right'"));
        given().get("/funding-view/tranches/no-such-tranche").then().statusCode(404).contentType(PROBLEM);
    }

    @ParameterizedTest(name = "{0}, {1}, {2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # product   | cloud     | mode      | field   | message
            GPT_STORE   | AWS       | STATEFUL  | product | 'GPT_STORE' is not one of [FRONTIER, STATEFUL_RUNTIME, STATELESS_API, CUSTOM_MODELS]
                        | AWS       | STATEFUL  | product | is required; one of [FRONTIER, STATEFUL_RUNTIME, STATELESS_API, CUSTOM_MODELS]
            FRONTIER    | ibm-cloud | STATEFUL  | cloud   | 'ibm-cloud' is not one of [AWS, AZURE, GOOGLE_CLOUD, ORACLE_CLOUD]
            FRONTIER    |           | STATEFUL  | cloud   | is required; one of [AWS, AZURE, GOOGLE_CLOUD, ORACLE_CLOUD]
            FRONTIER    | AWS       | SOMETIMES | mode    | 'SOMETIMES' is not one of [STATEFUL, STATELESS]
            FRONTIER    | AWS       |           | mode    | is required; one of [STATEFUL, STATELESS]
            """)
    void anUnknownOrMissingEntitlementParameterIsRefusedListingTheKnownValues(String product, String cloud, String mode,
            String field, String message) {
        entitlement(product, cloud, mode).then()
                .statusCode(400).contentType(PROBLEM)
                .body("errors.size()", is(1))
                .body("errors[0].field", equalTo(field))
                .body("errors[0].message", equalTo(message));
    }

    @Test
    void everyBadEntitlementParameterIsNamedAtOnce() {
        given().get("/entitlements").then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", equalTo(List.of("product", "cloud", "mode")));
    }

    @Test
    void healthAndOpenApiAreServed() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/entitlements"))
                .body(containsString("ILLUSTRATIVE ASSUMPTION"));
        // one value each: the lists JAX-RS reads them into are only there to refuse a repeat
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/rights'.get.parameters.find { it.name == 'status' }.schema.type", equalTo("string"))
                .body("paths.'/entitlements'.get.parameters.schema.type", equalTo(List.of("string", "string", "string")));
    }

    private static io.restassured.response.Response entitlement(String product, String cloud, String mode) {
        var request = given();
        if (product != null) {
            request.queryParam("product", product);
        }
        if (cloud != null) {
            request.queryParam("cloud", cloud);
        }
        if (mode != null) {
            request.queryParam("mode", mode);
        }
        return request.get("/entitlements");
    }
}
