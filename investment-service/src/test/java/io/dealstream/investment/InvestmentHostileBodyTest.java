package io.dealstream.investment;

import static io.dealstream.investment.InvestmentApi.contingentTranche;
import static io.dealstream.investment.InvestmentApi.get;
import static io.dealstream.investment.InvestmentApi.given;
import static io.dealstream.investment.InvestmentApi.immediateTranche;
import static io.dealstream.investment.InvestmentApi.newRound;
import static io.dealstream.investment.InvestmentApi.post;
import static io.dealstream.investment.InvestmentApi.trancheAndEvents;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.Limits;
import io.dealstream.testsupport.HostileBodies;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A catalogue of hostile bodies against every write endpoint: each answers 400 problem+json naming the JSON path of
 * the value at fault and the rule in the API's words, with no Java type or library name in its detail, and writes
 * nothing. The valid body each catalogue starts from is then accepted, so each refusal is the hostile change's.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class InvestmentHostileBodyTest {

    static final List<String> ROUND_FIELDS = List.of("amount", "id", "investors", "name", "openedOn",
            "preMoneyValuation");
    static final List<String> TRANCHE_FIELDS = List.of("amount", "dueOn", "expiresOn", "id", "investor", "kind",
            "roundId", "security");

    @Test
    void everyHostileRoundIsRefusedNamingItsFieldAndNoRoundIsOpened() {
        String id = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
        String valid = """
                {"id": "%s", "name": "Hostile", "amount": 100, "preMoneyValuation": 500, "openedOn": "2026-02-26",
                 "investors": [{"investor": "A", "committed": 60}]}""".formatted(id);
        List<HostileBodies.Case> cases = HostileBodies.around(valid)
                .text("id", Limits.ID)
                .date("openedOn")
                .text("name", Limits.ROUND_NAME)
                .number("amount")
                .number("preMoneyValuation")
                .array("investors")
                .object("investors[0]", List.of("committed", "investor"))
                .text("investors[0].investor", Limits.INVESTOR)
                .number("investors[0].committed")
                .cases(ROUND_FIELDS);
        assertTrue(cases.size() >= 100, cases.size() + " cases");
        int rounds = rounds();

        HostileBodies.checkAll(cases, c -> {
            HostileBodies.assertRefused("/rounds", c);
            get("/rounds/" + id).statusCode(404);
        });
        assertEquals(rounds, rounds());

        post("/rounds", valid).statusCode(201);
    }

    @Test
    void everyHostileTrancheIsRefusedNamingItsFieldAndNoTrancheIsCommitted() {
        String round = newRound();
        String id = "hostile-" + UUID.randomUUID();
        String valid = """
                {"id": "%s", "roundId": "%s", "investor": "Amazon", "amount": 35000000000.00, "kind": "CONTINGENT",
                 "security": "Series C Preferred", "dueOn": "2026-03-31", "expiresOn": "2028-12-31"}"""
                .formatted(id, round);
        List<HostileBodies.Case> cases = HostileBodies.around(valid)
                .text("id", Limits.ID)
                .text("roundId", Limits.ID)
                .text("investor", Limits.INVESTOR)
                .text("security", Limits.SECURITY)
                .number("amount")
                .choice("kind", List.of("IMMEDIATE", "CONTINGENT"))
                .date("dueOn")
                .date("expiresOn")
                .cases(TRANCHE_FIELDS);
        assertTrue(cases.size() >= 100, cases.size() + " cases");
        int tranches = tranches();

        HostileBodies.checkAll(cases, c -> {
            HostileBodies.assertRefused("/tranches", c);
            get("/tranches/" + id).statusCode(404);
        });
        assertEquals(tranches, tranches());

        post("/tranches", valid).statusCode(201);
    }

    @Test
    void everyHostileFundingIsRefusedNamingItsFieldAndTheTrancheStaysAsItWas() {
        String tranche = immediateTranche(newRound());
        String before = trancheAndEvents(tranche);
        String valid = "{\"amount\": 15000000000, \"fundedOn\": \"2026-03-31\"}";
        List<HostileBodies.Case> cases = HostileBodies.around(valid)
                .number("amount")
                .date("fundedOn")
                .cases(List.of("amount", "fundedOn"));
        assertTrue(cases.size() >= 40, cases.size() + " cases");

        HostileBodies.checkAll(cases, c -> {
            HostileBodies.assertRefused("/tranches/" + tranche + "/funding", c);
            assertEquals(before, trancheAndEvents(tranche));
        });

        post("/tranches/" + tranche + "/funding", valid).statusCode(200);
    }

    @Test
    void everyHostileTriggerIsRefusedNamingItsFieldAndTheTrancheStaysAsItWas() {
        String tranche = contingentTranche(newRound(), "2099-12-31");
        String before = trancheAndEvents(tranche);
        String valid = "{\"type\": \"IPO\", \"occurredOn\": \"2026-11-02\"}";
        List<HostileBodies.Case> cases = HostileBodies.around(valid)
                .choice("type", List.of("MANDATORY_FUNDING_EVENT", "IPO", "CONFIDENTIAL_IPO_FILING"))
                .date("occurredOn")
                .cases(List.of("occurredOn", "type"));
        assertTrue(cases.size() >= 40, cases.size() + " cases");

        HostileBodies.checkAll(cases, c -> {
            HostileBodies.assertRefused("/tranches/" + tranche + "/triggers", c);
            assertEquals(before, trancheAndEvents(tranche));
        });

        post("/tranches/" + tranche + "/triggers", valid).statusCode(200);
    }

    @Test
    void theLongestTextsTheLimitsAllowAreKeptWhole() {
        String round = "r" + "0".repeat(Limits.ID - 1);
        String investor = "I" + "n".repeat(Limits.INVESTOR - 1);
        post("/rounds", """
                {"id": "%s", "name": "%s", "amount": 100, "preMoneyValuation": 500,
                 "investors": [{"investor": "%s", "committed": 60}]}"""
                .formatted(round, "N".repeat(Limits.ROUND_NAME), investor))
                .statusCode(201);
        String tranche = "t" + "1".repeat(Limits.ID - 1);
        post("/tranches", """
                {"id": "%s", "roundId": "%s", "investor": "%s", "amount": 60, "kind": "IMMEDIATE",
                 "security": "%s", "dueOn": "2199-12-31"}"""
                .formatted(tranche, round, investor, "S".repeat(Limits.SECURITY)))
                .statusCode(201);
        get("/tranches/" + tranche).statusCode(200)
                .body("roundId", equalTo(round))
                .body("investor", equalTo(investor))
                .body("security", equalTo("S".repeat(Limits.SECURITY)))
                .body("dueOn", equalTo("2199-12-31"));
        get("/rounds/" + round).statusCode(200).body("name", equalTo("N".repeat(Limits.ROUND_NAME)));
    }

    @Test
    void theOpenApiSchemasGiveEachTextItsMaximumLengthAndARoundItsMostInvestors() {
        var schemas = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(Limits.ID, schemas.getInt("components.schemas.NewRound.properties.id.maxLength"));
        assertEquals(Limits.ROUND_NAME, schemas.getInt("components.schemas.NewRound.properties.name.maxLength"));
        assertEquals(Limits.ROUND_INVESTORS,
                schemas.getInt("components.schemas.NewRound.properties.investors.maxItems"));
        assertEquals(Limits.INVESTOR,
                schemas.getInt("components.schemas.InvestorCommitment.properties.investor.maxLength"));
        assertEquals(Limits.ID, schemas.getInt("components.schemas.NewTranche.properties.id.maxLength"));
        assertEquals(Limits.ID, schemas.getInt("components.schemas.NewTranche.properties.roundId.maxLength"));
        assertEquals(Limits.INVESTOR, schemas.getInt("components.schemas.NewTranche.properties.investor.maxLength"));
        assertEquals(Limits.SECURITY, schemas.getInt("components.schemas.NewTranche.properties.security.maxLength"));
    }

    private static int rounds() {
        return get("/rounds").statusCode(200).extract().jsonPath().getList("id").size();
    }

    private static int tranches() {
        return get("/tranches").statusCode(200).extract().jsonPath().getList("trancheId").size();
    }
}
