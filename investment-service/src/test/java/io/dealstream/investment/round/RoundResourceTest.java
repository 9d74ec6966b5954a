package io.dealstream.investment.round;

import static io.dealstream.investment.InvestmentApi.PROBLEM_JSON;
import static io.dealstream.investment.InvestmentApi.get;
import static io.dealstream.investment.InvestmentApi.immediateTranche;
import static io.dealstream.investment.InvestmentApi.money;
import static io.dealstream.investment.InvestmentApi.newRound;
import static io.dealstream.investment.InvestmentApi.post;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dealstream.events.Limits;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The round API over HTTP; {@code RoundResourceIT} reruns it against the packaged app. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class RoundResourceTest {

    @Test
    void aRoundIsOpenedAndRead() {
        String id = "round-" + UUID.randomUUID().toString().substring(0, 8);
        post("/rounds", """
                {"id": "%s", "name": "Series Z", "amount": 1000000.5, "preMoneyValuation": 9000000,
                 "investors": [{"investor": "Acme", "committed": 600000}, {"investor": "Bolt", "committed": 400000.50}]}"""
                .formatted(id))
                .statusCode(201)
                .header("Location", equalTo("/rounds/" + id))
                .body("id", equalTo(id))
                .body("amount", equalTo(money("1000000.50")))
                .body("openedOn", equalTo(LocalDate.now(ZoneOffset.UTC).toString()));

        get("/rounds/" + id).statusCode(200)
                .body("name", equalTo("Series Z"))
                .body("amount", equalTo(money("1000000.50")))
                .body("preMoneyValuation", equalTo(money("9000000.00")))
                .body("postMoneyValuation", equalTo(money("10000000.50")))
                .body("investors.investor", contains("Acme", "Bolt"))
                .body("investors.committed", contains(money("600000.00"), money("400000.50")));
        get("/rounds?limit=1000").statusCode(200).header("Link", nullValue()).body("id", hasItem(id));
    }

    @Test
    void aRoundMayBeRecordedAsOpenedOnAnEarlierDay() {
        String id = "round-" + UUID.randomUUID().toString().substring(0, 8);
        post("/rounds", """
                {"id": "%s", "name": "Series A", "amount": 100, "preMoneyValuation": 900,
                 "investors": [{"investor": "Acme", "committed": 100}], "openedOn": "2026-02-26"}""".formatted(id))
                .statusCode(201)
                .body("openedOn", equalTo("2026-02-26"));
        get("/rounds/" + id).statusCode(200).body("openedOn", equalTo("2026-02-26"));
    }

    @Test
    void theCapTableFollowsFunding() {
        String round = newRound();
        get("/rounds/" + round + "/cap-table").statusCode(200)
                .body("postMoneyValuation", equalTo(money("840000000000.00")))
                .body("investors.investor", contains("Amazon", "SoftBank"))
                .body("investors[0].funded", equalTo(money("0.00")))
                .body("investors[0].stakeNow", equalTo(money("0.000000")))
                .body("investors[0].stakeIfAllFunded", equalTo(money("0.059524")));

        String tranche = immediateTranche(round);
        post("/tranches/" + tranche + "/funding", "{\"amount\": 15000000000, \"fundedOn\": \"2026-03-31\"}")
                .statusCode(200);

        get("/rounds/" + round + "/cap-table").statusCode(200)
                .body("investors[0].committed", equalTo(money("50000000000.00")))
                .body("investors[0].funded", equalTo(money("15000000000.00")))
                .body("investors[0].stakeNow", equalTo(money("0.017857")))
                .body("investors[1].funded", equalTo(money("0.00")))
                .body("investors[1].stakeIfAllFunded", equalTo(money("0.035714")));
    }

    @Test
    void anUnknownRoundIsA404Problem() {
        get("/rounds/no-such-round").statusCode(404).contentType(startsWith(PROBLEM_JSON))
                .body("detail", equalTo("no round 'no-such-round'"));
        get("/rounds/no-such-round/cap-table").statusCode(404).contentType(startsWith(PROBLEM_JSON));
    }

    @Test
    void aDuplicateRoundIdIsA409AndChangesNothing() {
        String round = newRound();
        String before = get("/rounds/" + round).extract().asString();
        post("/rounds", """
                {"id": "%s", "name": "again", "amount": 5, "preMoneyValuation": 5, "investors": []}"""
                .formatted(round))
                .statusCode(409)
                .contentType(startsWith(PROBLEM_JSON))
                .body("roundId", equalTo(round));
        assertEquals(before, get("/rounds/" + round).extract().asString());
    }

    static Stream<Arguments> badRounds() {
        String investors = "[{\"investor\": \"A\", \"committed\": 60}, {\"investor\": \"B\", \"committed\": 40}]";
        return Stream.of(
                Arguments.of("malformed JSON", "{\"id\": \"%s\", ", 400, "$"),
                Arguments.of("commitments above the round", """
                        {"id": "%s", "name": "n", "amount": 99.99, "preMoneyValuation": 500, "investors": INVESTORS}""",
                        422, "investors"),
                Arguments.of("an investor twice", """
                        {"id": "%s", "name": "n", "amount": 500, "preMoneyValuation": 500,
                         "investors": [{"investor": "A", "committed": 1}, {"investor": "A", "committed": 2}]}""",
                        422, "investors"),
                Arguments.of("no name", """
                        {"id": "%s", "amount": 100, "preMoneyValuation": 500, "investors": INVESTORS}""",
                        400, "name"),
                Arguments.of("negative amount", """
                        {"id": "%s", "name": "n", "amount": -100, "preMoneyValuation": 500, "investors": INVESTORS}""",
                        400, "amount"),
                Arguments.of("valuation not a number", """
                        {"id": "%s", "name": "n", "amount": 100, "preMoneyValuation": "high", "investors": INVESTORS}""",
                        400, "preMoneyValuation"),
                Arguments.of("a zero commitment", """
                        {"id": "%s", "name": "n", "amount": 100, "preMoneyValuation": 500,
                         "investors": [{"investor": "A", "committed": 60}, {"investor": "B", "committed": 0}]}""",
                        400, "investors[1].committed"),
                Arguments.of("a commitment without investor", """
                        {"id": "%s", "name": "n", "amount": 100, "preMoneyValuation": 500,
                         "investors": [{"committed": 60}]}""",
                        400, "investors[0].investor"),
                Arguments.of("no investors", """
                        {"id": "%s", "name": "n", "amount": 100, "preMoneyValuation": 500}""",
                        400, "investors"),
                Arguments.of("opened in the future", """
                        {"id": "%s", "name": "n", "amount": 100, "preMoneyValuation": 500, "investors": INVESTORS,
                         "openedOn": "2099-01-01"}""",
                        422, "openedOn"),
                Arguments.of("an opening day that does not parse", """
                        {"id": "%s", "name": "n", "amount": 100, "preMoneyValuation": 500, "investors": INVESTORS,
                         "openedOn": "26/02/2026"}""",
                        400, "openedOn"))
                .map(a -> Arguments.of(a.get()[0], ((String) a.get()[1]).replace("INVESTORS", investors),
                        a.get()[2], a.get()[3]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRounds")
    void aBadRoundIsRefusedAndWritesNothing(String label, String template, int status, String field) {
        String id = "round-" + UUID.randomUUID().toString().substring(0, 8);
        post("/rounds", template.formatted(id))
                .statusCode(status)
                .contentType(startsWith(PROBLEM_JSON))
                .body("errors.field", hasItem(field));
        get("/rounds/" + id).statusCode(404);
    }

    @Test
    void aRoundListsAtMostAThousandInvestors() {
        String most = "round-" + UUID.randomUUID().toString().substring(0, 8);
        post("/rounds", withInvestors(most, Limits.ROUND_INVESTORS)).statusCode(201);
        get("/rounds/" + most + "/cap-table").statusCode(200)
                .body("investors.size()", equalTo(1000))
                .body("investors[999].investor", equalTo("Investor 999"));

        String tooMany = "round-" + UUID.randomUUID().toString().substring(0, 8);
        post("/rounds", withInvestors(tooMany, Limits.ROUND_INVESTORS + 1))
                .statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("errors.field", contains("investors"))
                .body("errors.message", contains("must list at most 1000 investors"));
        get("/rounds/" + tooMany).statusCode(404);
    }

    /** A round of {@code count} investors committing 1 USD each. */
    private static String withInvestors(String id, int count) {
        String investors = IntStream.range(0, count)
                .mapToObj(i -> "{\"investor\": \"Investor " + i + "\", \"committed\": 1}")
                .collect(Collectors.joining(", ", "[", "]"));
        return """
                {"id": "%s", "name": "crowd", "amount": %d, "preMoneyValuation": 500, "investors": %s}"""
                .formatted(id, count, investors);
    }

    @Test
    void aRoundIdMustBeUsableInAUrl() {
        post("/rounds", """
                {"id": "my round!", "name": "n", "amount": 100, "preMoneyValuation": 500, "investors": []}""")
                .statusCode(400)
                .body("errors.field", contains("id"));
    }
}
