package io.dealstream.compute;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.Limits;
import io.dealstream.testsupport.HostileBodies;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A catalogue of hostile bodies against {@code POST /commitments}: each answers 400 problem+json naming the JSON path
 * of the value at fault and the rule in the API's words, with no Java type or library name in its detail, and adds
 * no commitment (so no capacity and no capacity event either).
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "compute"))
class ComputeHostileBodyTest {

    @Test
    void everyHostileCommitmentIsRefusedNamingItsFieldAndNothingIsAdded() {
        String valid = """
                {"id": "hostile-commitment", "provider": "AWS", "customer": "OpenAI", "description": "Hostile",
                 "totalUsd": 500.00, "years": 3, "startsOn": "2027-01-01", "capacityGw": 1.000,
                 "generations": [{"generation": "Trainium3", "contractedGw": 1.000, "availableFrom": "2027-01-01"}],
                 "schedule": [100, 200, 200]}""";
        List<HostileBodies.Case> cases = HostileBodies.around(valid)
                .text("id", Limits.ID)
                .text("provider", Limits.PARTY)
                .text("customer", Limits.PARTY)
                .text("description", Limits.COMMITMENT_DESCRIPTION)
                .number("totalUsd")
                .count("years")
                .date("startsOn")
                .number("capacityGw")
                .array("generations")
                .object("generations[0]", List.of("availableFrom", "contractedGw", "generation"))
                .text("generations[0].generation", Limits.GENERATION)
                .number("generations[0].contractedGw")
                .date("generations[0].availableFrom")
                .array("schedule")
                .number("schedule[1]")
                .cases(List.of("capacityGw", "customer", "description", "generations", "id", "provider", "schedule",
                        "startsOn", "totalUsd", "years"));
        assertTrue(cases.size() >= 200, cases.size() + " cases");
        int commitments = commitments();

        HostileBodies.checkAll(cases, c -> {
            HostileBodies.assertRefused("/commitments", c);
            given().get("/commitments/hostile-commitment").then().statusCode(404);
        });
        assertEquals(commitments, commitments());
    }

    @Test
    void theLongestTextsTheLimitsAllowAreKeptWhole() {
        String id = "c" + "0".repeat(Limits.ID - 1);
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body("""
                {"id": "%s", "provider": "%s", "customer": "%s", "description": "%s", "totalUsd": 300.00, "years": 3,
                 "startsOn": "2000-01-01"}"""
                .formatted(id, "P".repeat(Limits.PARTY), "C".repeat(Limits.PARTY),
                        "D".repeat(Limits.COMMITMENT_DESCRIPTION)))
                .post("/commitments").then().statusCode(201);
        given().get("/commitments/" + id).then().statusCode(200)
                .body("provider", equalTo("P".repeat(Limits.PARTY)))
                .body("customer", equalTo("C".repeat(Limits.PARTY)))
                .body("description", equalTo("D".repeat(Limits.COMMITMENT_DESCRIPTION)))
                .body("startsOn", equalTo("2000-01-01"));
    }

    private static int commitments() {
        return given().get("/commitments").then().statusCode(200).extract().jsonPath().getList("id").size();
    }
}
