package io.dealstream.investment;

import static io.dealstream.investment.InvestmentApi.PROBLEM_JSON;
import static io.dealstream.investment.InvestmentApi.get;
import static io.dealstream.investment.InvestmentApi.immediateTranche;
import static io.dealstream.investment.InvestmentApi.newRound;
import static io.dealstream.investment.InvestmentApi.trancheAndEvents;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.RefusedCredentials;
import io.dealstream.testsupport.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every write of the service × every kind of caller: who may write, and that a refused write writes nothing. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class InvestmentWriteAccessTest {

    /** A write on fresh fixtures: its request, the state it would change (as JSON text) and its success status. */
    enum Write {
        OPEN_ROUND("role deal-admin", 201) {
            @Override
            Target target() {
                String id = "round-" + UUID.randomUUID().toString().substring(0, 8);
                return new Target("/rounds", """
                        {"id": "%s", "name": "Series Z", "amount": 1000, "preMoneyValuation": 9000,
                         "investors": [{"investor": "Acme", "committed": 1000}]}""".formatted(id),
                        () -> get("/rounds/" + id).extract().statusCode() + "");
            }
        },
        COMMIT_TRANCHE("role deal-admin", 201) {
            @Override
            Target target() {
                String round = newRound();
                String id = "t-" + UUID.randomUUID().toString().substring(0, 8);
                return new Target("/tranches", """
                        {"id": "%s", "roundId": "%s", "investor": "Amazon", "amount": 1000, "kind": "IMMEDIATE"}"""
                        .formatted(id, round), () -> get("/tranches/" + id).extract().statusCode()
                        + get("/rounds/" + round + "/cap-table").extract().asString());
            }
        },
        FUND_TRANCHE("role deal-admin or investor", 200) {
            @Override
            Target target() {
                String id = immediateTranche(newRound());
                return new Target("/tranches/" + id + "/funding", """
                        {"amount": 15000000000, "fundedOn": "%s"}""".formatted(LocalDate.now()),
                        () -> trancheAndEvents(id));
            }
        },
        TRIGGER_TRANCHE("role deal-admin", 200) {
            @Override
            Target target() {
                String id = InvestmentApi.contingentTranche(newRound(), "2028-12-31");
                return new Target("/tranches/" + id + "/triggers", """
                        {"type": "IPO", "occurredOn": "%s"}""".formatted(LocalDate.now()),
                        () -> trancheAndEvents(id));
            }
        };

        final String roles;
        final int success;

        Write(String roles, int success) {
            this.roles = roles;
            this.success = success;
        }

        abstract Target target();
    }

    record Target(String path, String body, Supplier<String> state) {

        ValidatableResponse post(String authorization) {
            RequestSpecification request = InvestmentApi.given().contentType(ContentType.JSON).body(body);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return request.post(path).then();
        }
    }

    static Stream<Arguments> everyWriteWithEveryRefusedCredential() {
        return Arrays.stream(Write.values())
                .flatMap(w -> Arrays.stream(RefusedCredentials.values()).map(c -> Arguments.of(w, c)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("everyWriteWithEveryRefusedCredential")
    void aWriteWithoutAValidTokenIsA401ThatWritesNothing(Write write, RefusedCredentials credentials) {
        Target target = write.target();
        String before = target.state().get();
        target.post(credentials.authorization())
                .statusCode(401)
                .contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", startsWith("Bearer realm=\"dealstream\""))
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"))
                .body("detail", equalTo(credentials.detail(write.roles)));
        assertEquals(before, target.state().get());
    }

    static Stream<Arguments> everyWriteWithAWrongRole() {
        return Stream.of(
                Arguments.of(Write.OPEN_ROUND, TestTokens.investor("Amazon"), "this needs role deal-admin"),
                Arguments.of(Write.COMMIT_TRANCHE, TestTokens.investor("Amazon"), "this needs role deal-admin"),
                Arguments.of(Write.TRIGGER_TRANCHE, TestTokens.investor("Amazon"), "this needs role deal-admin"),
                Arguments.of(Write.OPEN_ROUND, TestTokens.withRoles("viewer"), "this needs role deal-admin"),
                Arguments.of(Write.COMMIT_TRANCHE, TestTokens.withRoles(), "this needs role deal-admin"),
                Arguments.of(Write.FUND_TRANCHE, TestTokens.withRoles("viewer", "Deal-Admin"),
                        "this needs role deal-admin or investor"),
                Arguments.of(Write.TRIGGER_TRANCHE, TestTokens.withRoles("deal-admins"), "this needs role deal-admin"));
    }

    @ParameterizedTest(name = "{0} with {2}")
    @MethodSource("everyWriteWithAWrongRole")
    void aWriteWithAValidTokenOfAnotherRoleIsA403ThatWritesNothing(Write write, String token, String needs) {
        Target target = write.target();
        String before = target.state().get();
        target.post("Bearer " + token)
                .statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("title", equalTo("Forbidden"))
                .body("detail", equalTo(needs + ", which the token does not have"))
                .body("requiredRoles", equalTo(List.of(write.roles.replace("role ", "").split(" or "))));
        assertEquals(before, target.state().get());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void aDealAdminMayMakeEveryWrite(Write write) {
        Target target = write.target();
        String before = target.state().get();
        target.post("Bearer " + TestTokens.admin()).statusCode(write.success);
        assertEquals(false, before.equals(target.state().get()), "the write changed what it writes");
    }

    static Stream<Write> writes() {
        return Arrays.stream(Write.values());
    }

    @Test
    void anInvestorFundsItsOwnTranche() {
        Target target = Write.FUND_TRANCHE.target();
        target.post("Bearer " + TestTokens.investor("Amazon")).statusCode(200).body("state", equalTo("FUNDED"));
    }

    @Test
    void theInvestorClaimIsComparedIgnoringCase() {
        Write.FUND_TRANCHE.target().post("Bearer " + TestTokens.investor("amazon")).statusCode(200);
    }

    @Test
    void aSoftBankTokenFundingAmazonsTrancheIsA403NamingBothInvestorsAndWritesNothing() {
        String id = immediateTranche(newRound());
        String before = trancheAndEvents(id);
        InvestmentApi.given().auth().oauth2(TestTokens.investor("SoftBank")).contentType(ContentType.JSON)
                .body("{\"amount\": 15000000000, \"fundedOn\": \"" + LocalDate.now() + "\"}")
                .post("/tranches/" + id + "/funding").then()
                .statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("detail", equalTo("tranche '" + id + "' is Amazon's: it needs role deal-admin or an investor "
                        + "token for Amazon, not for SoftBank"))
                .body("requiredInvestor", equalTo("Amazon"))
                .body("tokenInvestor", equalTo("SoftBank"));
        assertEquals(before, trancheAndEvents(id));
    }

    @Test
    void anInvestorTokenNamingNoInvestorFundsNothing() {
        String id = immediateTranche(newRound());
        String before = trancheAndEvents(id);
        InvestmentApi.given().auth().oauth2(TestTokens.withRoles("investor")).contentType(ContentType.JSON)
                .body("{\"amount\": 15000000000, \"fundedOn\": \"" + LocalDate.now() + "\"}")
                .post("/tranches/" + id + "/funding").then()
                .statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("detail", equalTo("tranche '" + id + "' is Amazon's: it needs role deal-admin or an investor "
                        + "token for Amazon; this token names no investor"));
        assertEquals(before, trancheAndEvents(id));
    }

    @Test
    void anInvestorFundingATrancheThatDoesNotExistIsA404() {
        InvestmentApi.given().auth().oauth2(TestTokens.investor("SoftBank")).contentType(ContentType.JSON)
                .body("{\"amount\": 1, \"fundedOn\": \"" + LocalDate.now() + "\"}")
                .post("/tranches/no-such-tranche/funding").then()
                .statusCode(404)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void theOpenApiDocumentAsksForABearerJwtOnEveryWriteAndOnNoRead() {
        JsonPath openApi = get("/q/openapi?format=json").statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> schemes = openApi.getMap("components.securitySchemes");
        assertEquals(1, schemes.size(), schemes.toString());
        String scheme = schemes.keySet().iterator().next();
        assertEquals(Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT"),
                Map.of("type", schemes.get(scheme).get("type"), "scheme", schemes.get(scheme).get("scheme"),
                        "bearerFormat", schemes.get(scheme).get("bearerFormat")));
        Map<String, List<String>> roles = Map.of("/rounds", List.of("deal-admin"),
                "/tranches", List.of("deal-admin"), "/tranches/{id}/funding", List.of("deal-admin", "investor"),
                "/tranches/{id}/triggers", List.of("deal-admin"));
        roles.forEach((write, needed) -> assertEquals(List.of(Map.of(scheme, needed)),
                openApi.getList("paths.'" + write + "'.post.security"), write));
        for (String read : List.of("/rounds", "/tranches", "/tranches/{id}", "/tranches/{id}/events")) {
            assertEquals(null, (Object) openApi.get("paths.'" + read + "'.get.security"), read);
        }
    }

    @Test
    void readsNeedNoTokenAndAStaleTokenDoesNotBreakThem() {
        get("/tranches/amazon-t1").statusCode(200).body("investor", equalTo("Amazon"));
        InvestmentApi.given().header("Authorization", "Bearer " + TestTokens.expired()).get("/rounds").then()
                .statusCode(200);
        InvestmentApi.given().header("Authorization", "Bearer garbage").get("/tranches").then().statusCode(200);
    }
}
