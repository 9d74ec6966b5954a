package io.dealstream.distribution;

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

/** The service's one write, {@code POST /rights}, × every kind of caller; a refused write creates nothing. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "distribution"))
class DistributionWriteAccessTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    /** A right on Azure, which no entitlement test asks about: RightsApiTest's Google runtime stays the one named. */
    private static ValidatableResponse create(String id, String authorization) {
        RequestSpecification request = given().contentType(ContentType.JSON).body("""
                {"id": "%s", "holder": "Google", "product": "STATEFUL_RUNTIME", "cloud": "AZURE",
                 "mode": "STATEFUL", "exclusive": false, "condition": {"kind": "none"}}""".formatted(id));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.post("/rights").then();
    }

    private static String freshId() {
        return "access-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @ParameterizedTest
    @EnumSource(RefusedCredentials.class)
    void aRightWithoutAValidTokenIsA401AndIsNotCreated(RefusedCredentials credentials) {
        String id = freshId();
        create(id, credentials.authorization())
                .statusCode(401)
                .contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", startsWith("Bearer realm=\"dealstream\""))
                .body("detail", equalTo(credentials.detail("role deal-admin")));
        given().get("/rights/" + id).then().statusCode(404);
    }

    @Test
    void anInvestorTokenMayNotCreateARight() {
        String id = freshId();
        create(id, "Bearer " + TestTokens.investor("Amazon"))
                .statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("detail", equalTo("this needs role deal-admin, which the token does not have"))
                .body("requiredRoles", equalTo(List.of("deal-admin")));
        given().get("/rights/" + id).then().statusCode(404);
    }

    @Test
    void aDealAdminCreatesARight() {
        String id = freshId();
        create(id, "Bearer " + TestTokens.admin()).statusCode(201).body("status", equalTo("ACTIVE"));
        given().get("/rights/" + id).then().statusCode(200).body("holder", equalTo("Google"));
    }

    @Test
    void readsNeedNoToken() {
        given().get("/rights").then().statusCode(200);
        given().header("Authorization", "Bearer " + TestTokens.expired())
                .queryParam("product", "FRONTIER").queryParam("cloud", "AWS").queryParam("mode", "STATEFUL")
                .get("/entitlements").then().statusCode(200);
    }
}
