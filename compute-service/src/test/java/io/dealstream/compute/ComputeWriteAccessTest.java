package io.dealstream.compute;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.RefusedCredentials;
import io.dealstream.testsupport.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The service's one write, {@code POST /commitments}, × every kind of caller; a refused write adds nothing. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "compute"))
class ComputeWriteAccessTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    private static ValidatableResponse add(String id, String authorization) {
        RequestSpecification request = given().contentType(ContentType.JSON).body("""
                {"id": "%s", "provider": "AWS", "customer": "OpenAI", "description": "access test",
                 "totalUsd": 300.00, "years": 3, "startsOn": "2027-01-01"}""".formatted(id));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.post("/commitments").then();
    }

    private static String freshId() {
        return "access-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @ParameterizedTest
    @EnumSource(RefusedCredentials.class)
    void aCommitmentWithoutAValidTokenIsA401AndIsNotAdded(RefusedCredentials credentials) {
        String id = freshId();
        add(id, credentials.authorization())
                .statusCode(401)
                .contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", startsWith("Bearer realm=\"dealstream\""))
                .body("detail", equalTo(credentials.detail("role deal-admin")));
        given().get("/commitments/" + id).then().statusCode(404);
    }

    @Test
    void anInvestorTokenMayNotAddACommitment() {
        String id = freshId();
        add(id, "Bearer " + TestTokens.investor("Amazon"))
                .statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("detail", equalTo("this needs role deal-admin, which the token does not have"))
                .body("requiredRoles", equalTo(List.of("deal-admin")));
        given().get("/commitments/" + id).then().statusCode(404);
    }

    @Test
    void aDealAdminAddsACommitment() {
        String id = freshId();
        add(id, "Bearer " + TestTokens.admin()).statusCode(201).body("id", equalTo(id));
        given().get("/commitments/" + id).then().statusCode(200).body("totalUsd", equalTo(300.0f));
    }

    @Test
    void readsNeedNoToken() {
        given().get("/capacity").then().statusCode(200);
        given().header("Authorization", "Bearer " + TestTokens.expired()).get("/commitments").then().statusCode(200);
    }
}
