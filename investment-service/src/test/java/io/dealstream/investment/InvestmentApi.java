package io.dealstream.investment;

import io.dealstream.testsupport.TestTokens;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Requests the HTTP tests share: each test makes its own round so that tests do not depend on each other. */
public final class InvestmentApi {

    public static final String PROBLEM_JSON = "application/problem+json";

    /** Decimals in responses read as BigDecimal, so that money is compared exactly, scale included. */
    private static final RestAssuredConfig EXACT = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    private InvestmentApi() {
    }

    /** The day {@link #newRound()}'s rounds open: before every date the tests fund, trigger or make due. */
    public static final String OPENED_ON = "2026-01-01";

    /** A new round, opened on {@link #OPENED_ON}, with an Amazon commitment of 50B and SoftBank's of 30B; its id. */
    public static String newRound() {
        String id = "round-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of(
                        "id", id,
                        "name", "test round " + id,
                        "amount", 110_000_000_000L,
                        "preMoneyValuation", 730_000_000_000L,
                        "investors", List.of(
                                Map.of("investor", "Amazon", "committed", 50_000_000_000L),
                                Map.of("investor", "SoftBank", "committed", 30_000_000_000L)),
                        "openedOn", OPENED_ON))
                .post("/rounds")
                .then().statusCode(201);
        return id;
    }

    /** Commits a tranche from a JSON body; returns its id. */
    public static String commit(String json) {
        return post("/tranches", json).statusCode(201).extract().path("trancheId");
    }

    /** An immediate $15B tranche of Amazon's in {@code roundId}. */
    public static String immediateTranche(String roundId) {
        return commit("""
                {"roundId": "%s", "investor": "Amazon", "amount": 15000000000, "kind": "IMMEDIATE",
                 "security": "Series C Preferred", "dueOn": "2026-03-31"}""".formatted(roundId));
    }

    /** A contingent $35B tranche of Amazon's in {@code roundId} that expires on {@code expiresOn}. */
    public static String contingentTranche(String roundId, String expiresOn) {
        return commit("""
                {"roundId": "%s", "investor": "Amazon", "amount": 35000000000.00, "kind": "CONTINGENT",
                 "expiresOn": "%s"}""".formatted(roundId, expiresOn));
    }

    public static RequestSpecification given() {
        return RestAssured.given().config(EXACT);
    }

    public static BigDecimal money(String usd) {
        return new BigDecimal(usd);
    }

    public static ValidatableResponse post(String path, String json) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(json).post(path).then();
    }

    public static ValidatableResponse get(String path) {
        return given().get(path).then();
    }

    /** The tranche and its event log as JSON text, to show that a refused request wrote nothing. */
    public static String trancheAndEvents(String id) {
        return get("/tranches/" + id).statusCode(200).extract().asString()
                + get("/tranches/" + id + "/events").statusCode(200).extract().asString();
    }
}
