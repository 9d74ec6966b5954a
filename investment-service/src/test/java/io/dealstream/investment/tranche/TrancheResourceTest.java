package io.dealstream.investment.tranche;

import static io.dealstream.investment.InvestmentApi.OPENED_ON;
import static io.dealstream.investment.InvestmentApi.PROBLEM_JSON;
import static io.dealstream.investment.InvestmentApi.commit;
import static io.dealstream.investment.InvestmentApi.contingentTranche;
import static io.dealstream.investment.InvestmentApi.get;
import static io.dealstream.investment.InvestmentApi.given;
import static io.dealstream.investment.InvestmentApi.immediateTranche;
import static io.dealstream.investment.InvestmentApi.money;
import static io.dealstream.investment.InvestmentApi.newRound;
import static io.dealstream.investment.InvestmentApi.post;
import static io.dealstream.investment.InvestmentApi.trancheAndEvents;
import static io.dealstream.testsupport.RetriedWrites.atOnce;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tranche API over HTTP: the flows, and every kind of bad request refused as problem+json naming the
 * field or state at fault, with nothing written. No CDI here: {@code TrancheResourceIT} reruns it against
 * the packaged app.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class TrancheResourceTest {

    // ---- flows

    @Test
    void anImmediateTrancheIsCommittedAtVersion1() {
        String round = newRound();
        String id = "t-" + UUID.randomUUID();
        post("/tranches", """
                {"id": "%s", "roundId": "%s", "investor": "Amazon", "amount": 15000000000, "kind": "IMMEDIATE",
                 "security": "Series C Preferred", "dueOn": "2026-03-31"}""".formatted(id, round))
                .statusCode(201)
                .header("Location", equalTo("/tranches/" + id))
                .body("trancheId", equalTo(id))
                .body("roundId", equalTo(round))
                .body("investor", equalTo("Amazon"))
                .body("amount", equalTo(money("15000000000.00")))
                .body("kind", equalTo("IMMEDIATE"))
                .body("state", equalTo("COMMITTED"))
                .body("security", equalTo("Series C Preferred"))
                .body("dueOn", equalTo("2026-03-31"))
                .body("fundedAmount", equalTo(money("0.00")))
                .body("version", equalTo(1));

        get("/tranches/" + id).statusCode(200).body("state", equalTo("COMMITTED")).body("version", equalTo(1));
        get("/tranches/" + id + "/events").statusCode(200)
                .body("type", contains("investment.tranche.committed.v1"))
                .body("subject", contains(id))
                .body("source", contains("/investment-service"))
                .body("data.state", contains("COMMITTED"))
                .body("data.version", contains(1));
    }

    @Test
    void aTrancheReadsAsTheSameJsonTheApiAlwaysGave() {
        String round = newRound();
        String id = contingentTranche(round, "2099-12-31");
        post("/tranches/" + id + "/triggers", """
                {"type": "IPO", "occurredOn": "2026-11-02"}""").statusCode(200);
        String expected = """
                {"trancheId":"%s","roundId":"%s","investor":"Amazon","amount":35000000000.00,"kind":"CONTINGENT",\
                "state":"OBLIGATED","security":null,"dueOn":null,"expiresOn":"2099-12-31","trigger":{"type":"IPO",\
                "occurredOn":"2026-11-02","fundingDeadline":"2027-01-31"},"fundedAmount":0.00,"fundedOn":null,\
                "expiredOn":null,"version":2}""".formatted(id, round);
        assertEquals(expected, get("/tranches/" + id).statusCode(200).extract().asString());
        String listed = get("/tranches?investor=Amazon&state=obligated&limit=1000").statusCode(200)
                .header("Link", nullValue()).extract().asString();
        assertTrue(listed.contains(expected), listed);
    }

    @Test
    void theServerNamesATrancheSentWithoutId() {
        String id = immediateTranche(newRound());
        assertEquals(36, id.length(), "a UUID: " + id);
        get("/tranches/" + id).statusCode(200).body("trancheId", equalTo(id));
    }

    @Test
    void fundingAnImmediateTrancheInFull() {
        String id = immediateTranche(newRound());

        post("/tranches/" + id + "/funding", """
                {"amount": 15000000000.00, "fundedOn": "2026-03-31"}""")
                .statusCode(200)
                .body("state", equalTo("FUNDED"))
                .body("fundedAmount", equalTo(money("15000000000.00")))
                .body("fundedOn", equalTo("2026-03-31"))
                .body("version", equalTo(2));

        get("/tranches/" + id + "/events").statusCode(200)
                .body("type", contains("investment.tranche.committed.v1", "investment.tranche.funded.v1"))
                .body("data.version", contains(1, 2))
                .body("data.state", contains("COMMITTED", "FUNDED"));
    }

    @Test
    void aTriggerObligesAContingentTrancheWhichIsThenFunded() {
        String id = contingentTranche(newRound(), "2099-12-31");
        get("/tranches/" + id).body("state", equalTo("CONTINGENT")).body("expiresOn", equalTo("2099-12-31"));

        post("/tranches/" + id + "/triggers", """
                {"type": "CONFIDENTIAL_IPO_FILING", "occurredOn": "2026-11-02"}""")
                .statusCode(200)
                .body("state", equalTo("OBLIGATED"))
                .body("trigger.type", equalTo("CONFIDENTIAL_IPO_FILING"))
                .body("trigger.occurredOn", equalTo("2026-11-02"))
                .body("trigger.fundingDeadline", equalTo("2027-01-31"))
                .body("version", equalTo(2));

        post("/tranches/" + id + "/funding", """
                {"amount": 35000000000, "fundedOn": "2026-11-20"}""")
                .statusCode(200)
                .body("state", equalTo("FUNDED"))
                .body("trigger.type", equalTo("CONFIDENTIAL_IPO_FILING"))
                .body("version", equalTo(3));

        get("/tranches/" + id + "/events").statusCode(200)
                .body("type", contains("investment.tranche.committed.v1", "investment.tranche.obligated.v1",
                        "investment.tranche.funded.v1"))
                .body("data.version", contains(1, 2, 3));
    }

    @Test
    void theInvestorMayFundAContingentTrancheAtItsDiscretion() {
        String id = contingentTranche(newRound(), "2099-12-31");
        post("/tranches/" + id + "/funding", """
                {"amount": 35000000000, "fundedOn": "2026-06-01"}""")
                .statusCode(200)
                .body("state", equalTo("FUNDED"))
                .body("trigger", nullValue())
                .body("version", equalTo(2));
    }

    @Test
    void tranchesAreListedByStateAndInvestor() {
        String round = newRound();
        String committed = immediateTranche(round);
        String funded = fundedSoftBankTranche(round);

        get("/tranches?state=FUNDED&investor=SoftBank&limit=1000").statusCode(200).header("Link", nullValue())
                .body("trancheId", hasItem(funded))
                .body("trancheId", not(hasItem(committed)))
                .body("state", everyItem(equalTo("FUNDED")))
                .body("investor", everyItem(equalTo("SoftBank")));
        get("/tranches?investor=Amazon&limit=1000").statusCode(200).header("Link", nullValue())
                .body("trancheId", hasItem(committed))
                .body("investor", everyItem(equalTo("Amazon")));
        get("/tranches?limit=1000").statusCode(200).header("Link", nullValue())
                .body("trancheId", hasItem(committed)).body("trancheId", hasItem(funded));
    }

    // ---- refusals

    @Test
    void anUnknownStateFilterIsA400NamingState() {
        get("/tranches?state=PAID").statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(400))
                .body("errors.field", contains("state"));
    }

    // ---- the state filter: any case, '-' or ' ' for '_'; anything else one 400 naming it with the known states

    private static final String STATES = "[COMMITTED, CONTINGENT, OBLIGATED, FUNDED, EXPIRED]";

    @ParameterizedTest(name = "state={0}")
    @ValueSource(strings = {"FUNDED", "funded", "Funded", "fUnDeD", " funded "})
    void theStateFilterIsReadInAnyCase(String state) {
        String round = newRound();
        String committed = immediateTranche(round);
        String funded = fundedSoftBankTranche(round);

        given().queryParam("state", state).queryParam("limit", 1000).get("/tranches").then().statusCode(200)
                .header("Link", nullValue())
                .body("trancheId", hasItem(funded))
                .body("trancheId", not(hasItem(committed)))
                .body("state", everyItem(equalTo("FUNDED")));
    }

    @ParameterizedTest(name = "state=''{0}''")
    @ValueSource(strings = {"", "  "})
    void aBlankStateFilterFiltersNothing(String state) {
        String round = newRound();
        String committed = immediateTranche(round);
        String contingent = contingentTranche(round, "2099-12-31");
        given().queryParam("state", state).queryParam("limit", 1000).get("/tranches").then().statusCode(200)
                .header("Link", nullValue())
                .body("trancheId", hasItems(committed, contingent));
    }

    @ParameterizedTest(name = "state={0}")
    @ValueSource(strings = {"PAID", "paid", "fun-ded", "funded yesterday", "FUNDED_"})
    void anUnknownStateFilterIsOne400NamingStateAndTheKnownStates(String state) {
        given().queryParam("state", state).get("/tranches").then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Bad Request"))
                .body("status", equalTo(400))
                .body("detail", equalTo("state: '" + state + "' is not one of " + STATES))
                .body("instance", equalTo("/tranches"))
                .body("errors.size()", equalTo(1))
                .body("errors[0].field", equalTo("state"))
                .body("errors[0].message", equalTo("'" + state + "' is not one of " + STATES));
    }

    @Test
    void aRepeatedStateFilterIsRefusedNotCutToItsFirstValue() {
        get("/tranches?state=funded&state=committed").statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(400))
                .body("detail", equalTo("state: is given 2 times; give one of " + STATES + " once"))
                .body("errors.size()", equalTo(1))
                .body("errors[0].field", equalTo("state"))
                .body("errors[0].message", equalTo("is given 2 times; give one of " + STATES + " once"));
        get("/tranches?state=FUNDED&state=FUNDED&investor=Amazon").statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("errors.field", contains("state"));
    }

    @Test
    void anUnknownTrancheIsA404Problem() {
        get("/tranches/no-such-tranche").statusCode(404)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(404))
                .body("detail", equalTo("no tranche 'no-such-tranche'"))
                .body("instance", equalTo("/tranches/no-such-tranche"));
        get("/tranches/no-such-tranche/events").statusCode(404).contentType(startsWith(PROBLEM_JSON));
        post("/tranches/no-such-tranche/funding", """
                {"amount": 1, "fundedOn": "2026-03-31"}""").statusCode(404).contentType(startsWith(PROBLEM_JSON));
        post("/tranches/no-such-tranche/triggers", """
                {"type": "IPO", "occurredOn": "2026-03-31"}""").statusCode(404).contentType(startsWith(PROBLEM_JSON));
    }

    @Test
    void anUnknownPathIsA404Problem() {
        get("/trances").statusCode(404).contentType(startsWith(PROBLEM_JSON));
    }

    static Stream<Arguments> badCommitments() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"id\": \"%1$s\", \"roundId\": \"%2$s\",", 400, "$"),
                Arguments.of("unknown round", """
                        {"id": "%1$s", "roundId": "no-such-round", "investor": "Amazon", "amount": 1, "kind": "IMMEDIATE"}""",
                        422, "roundId"),
                Arguments.of("investor not in the round", """
                        {"id": "%1$s", "roundId": "%2$s", "investor": "Nvidia", "amount": 1, "kind": "IMMEDIATE"}""",
                        422, "investor"),
                Arguments.of("more than the commitment", """
                        {"id": "%1$s", "roundId": "%2$s", "investor": "Amazon", "amount": 50000000000.01, "kind": "IMMEDIATE"}""",
                        422, "amount"),
                Arguments.of("zero amount", """
                        {"id": "%1$s", "roundId": "%2$s", "investor": "Amazon", "amount": 0, "kind": "IMMEDIATE"}""",
                        400, "amount"),
                Arguments.of("negative amount", """
                        {"id": "%1$s", "roundId": "%2$s", "investor": "Amazon", "amount": -5, "kind": "IMMEDIATE"}""",
                        400, "amount"),
                Arguments.of("amount not a number", """
                        {"id": "%1$s", "roundId": "%2$s", "investor": "Amazon", "amount": "lots", "kind": "IMMEDIATE"}""",
                        400, "amount"),
                Arguments.of("fractions of a cent", """
                        {"id": "%1$s", "roundId": "%2$s", "investor": "Amazon", "amount": 1.001, "kind": "IMMEDIATE"}""",
                        400, "amount"),
                Arguments.of("no kind", """
                        {"id": "%1$s", "roundId": "%2$s", "investor": "Amazon", "amount": 1}""",
                        400, "kind"),
                Arguments.of("unknown kind", """
                        {"id": "%1$s", "roundId": "%2$s", "investor": "Amazon", "amount": 1, "kind": "EVENTUAL"}""",
                        400, "kind"),
                Arguments.of("contingent without expiry", """
                        {"id": "%1$s", "roundId": "%2$s", "investor": "Amazon", "amount": 1, "kind": "CONTINGENT"}""",
                        400, "expiresOn"),
                Arguments.of("immediate with expiry", """
                        {"id": "%1$s", "roundId": "%2$s", "investor": "Amazon", "amount": 1, "kind": "IMMEDIATE",
                         "expiresOn": "2028-12-31"}""",
                        400, "expiresOn"),
                Arguments.of("unparseable date", """
                        {"id": "%1$s", "roundId": "%2$s", "investor": "Amazon", "amount": 1, "kind": "CONTINGENT",
                         "expiresOn": "2028-12-32"}""",
                        400, "expiresOn"),
                Arguments.of("no investor", """
                        {"id": "%1$s", "roundId": "%2$s", "amount": 1, "kind": "IMMEDIATE"}""",
                        400, "investor"),
                Arguments.of("contingent, already expired", """
                        {"id": "%1$s", "roundId": "%2$s", "investor": "Amazon", "amount": 1, "kind": "CONTINGENT",
                         "expiresOn": "2026-02-01"}""",
                        422, "expiresOn"),
                Arguments.of("due before the round opened", """
                        {"id": "%1$s", "roundId": "%2$s", "investor": "Amazon", "amount": 1, "kind": "IMMEDIATE",
                         "dueOn": "2025-12-31"}""",
                        422, "dueOn"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCommitments")
    void aBadCommitmentIsRefusedAndWritesNothing(String label, String template, int status, String field) {
        String round = newRound();
        String id = "t-" + UUID.randomUUID();
        post("/tranches", template.formatted(id, round))
                .statusCode(status)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(status))
                .body("errors.field", hasItem(field));
        get("/tranches/" + id).statusCode(404);
        get("/tranches?investor=Amazon&limit=1000").header("Link", nullValue()).body("roundId", not(hasItem(round)));
    }

    @Test
    void anInvestorsTranchesMayNotExceedItsCommitment() {
        String round = newRound();
        immediateTranche(round);
        contingentTranche(round, "2099-12-31");
        String id = "t-" + UUID.randomUUID();
        post("/tranches", """
                {"id": "%s", "roundId": "%s", "investor": "Amazon", "amount": 0.01, "kind": "IMMEDIATE"}"""
                .formatted(id, round))
                .statusCode(422)
                .contentType(startsWith(PROBLEM_JSON))
                .body("errors.field", contains("amount"));
        get("/tranches/" + id).statusCode(404);
    }

    @Test
    void aDuplicateTrancheIdIsA409AndChangesNothing() {
        String round = newRound();
        String id = immediateTranche(round);
        String before = trancheAndEvents(id);
        post("/tranches", """
                {"id": "%s", "roundId": "%s", "investor": "SoftBank", "amount": 5, "kind": "IMMEDIATE"}"""
                .formatted(id, round))
                .statusCode(409)
                .contentType(startsWith(PROBLEM_JSON))
                .body("trancheId", equalTo(id));
        assertEquals(before, trancheAndEvents(id));
        get("/tranches?investor=SoftBank&limit=1000").header("Link", nullValue())
                .body("roundId", not(hasItem(round)));
    }

    static Stream<Arguments> badFundings() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"amount\": 15000000000, \"fundedOn\": ", 400, "$"),
                Arguments.of("not an object", "[1, 2]", 400, "$"),
                Arguments.of("amount not a number", "{\"amount\": \"abc\", \"fundedOn\": \"2026-03-31\"}", 400, "amount"),
                Arguments.of("amount an object", "{\"amount\": {\"usd\": 1}, \"fundedOn\": \"2026-03-31\"}", 400, "amount"),
                Arguments.of("negative amount", "{\"amount\": -15000000000, \"fundedOn\": \"2026-03-31\"}", 400, "amount"),
                Arguments.of("zero amount", "{\"amount\": 0, \"fundedOn\": \"2026-03-31\"}", 400, "amount"),
                Arguments.of("no amount", "{\"fundedOn\": \"2026-03-31\"}", 400, "amount"),
                Arguments.of("unparseable date", "{\"amount\": 15000000000, \"fundedOn\": \"31/03/2026\"}", 400, "fundedOn"),
                Arguments.of("no such day", "{\"amount\": 15000000000, \"fundedOn\": \"2026-02-30\"}", 400, "fundedOn"),
                Arguments.of("a number for a date", "{\"amount\": 15000000000, \"fundedOn\": 20260331}", 400, "fundedOn"),
                Arguments.of("no date", "{\"amount\": 15000000000}", 400, "fundedOn"),
                Arguments.of("a wrong amount", "{\"amount\": 14999999999.99, \"fundedOn\": \"2026-03-31\"}", 422, "amount"),
                Arguments.of("in the future", "{\"amount\": 15000000000, \"fundedOn\": \"2099-01-01\"}", 422, "fundedOn"),
                Arguments.of("before the round opened", "{\"amount\": 15000000000, \"fundedOn\": \"2025-12-31\"}",
                        422, "fundedOn"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFundings")
    void aBadFundingIsRefusedAndWritesNothing(String label, String body, int status, String field) {
        String id = immediateTranche(newRound());
        String before = trancheAndEvents(id);
        post("/tranches/" + id + "/funding", body)
                .statusCode(status)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(status))
                .body("errors.field", hasItem(field));
        assertEquals(before, trancheAndEvents(id));
    }

    static Stream<Arguments> badTriggers() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"type\": \"IPO\"", 400, "$"),
                Arguments.of("unknown trigger type", "{\"type\": \"AGI\", \"occurredOn\": \"2026-11-02\"}", 400, "type"),
                Arguments.of("type not a string", "{\"type\": 7, \"occurredOn\": \"2026-11-02\"}", 400, "type"),
                Arguments.of("no type", "{\"occurredOn\": \"2026-11-02\"}", 400, "type"),
                Arguments.of("unparseable date", "{\"type\": \"IPO\", \"occurredOn\": \"last tuesday\"}", 400, "occurredOn"),
                Arguments.of("no date", "{\"type\": \"IPO\"}", 400, "occurredOn"),
                Arguments.of("in the future", "{\"type\": \"IPO\", \"occurredOn\": \"2099-01-01\"}", 422, "occurredOn"),
                Arguments.of("before the round opened", "{\"type\": \"IPO\", \"occurredOn\": \"2025-12-31\"}", 422,
                        "occurredOn"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTriggers")
    void aBadTriggerIsRefusedAndWritesNothing(String label, String body, int status, String field) {
        String id = contingentTranche(newRound(), "2099-12-31");
        String before = trancheAndEvents(id);
        post("/tranches/" + id + "/triggers", body)
                .statusCode(status)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(status))
                .body("errors.field", hasItem(field));
        assertEquals(before, trancheAndEvents(id));
    }

    @Test
    void anImmediateTrancheCannotBeTriggered() {
        String id = immediateTranche(newRound());
        String before = trancheAndEvents(id);
        post("/tranches/" + id + "/triggers", "{\"type\": \"IPO\", \"occurredOn\": \"2026-11-02\"}")
                .statusCode(409)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(409))
                .body("currentState", equalTo("COMMITTED"))
                .body("allowedActions", contains("fund"));
        assertEquals(before, trancheAndEvents(id));
    }

    @Test
    void aFundedTrancheCannotBeFundedAgain() {
        String id = immediateTranche(newRound());
        String funding = "{\"amount\": 15000000000, \"fundedOn\": \"2026-03-31\"}";
        post("/tranches/" + id + "/funding", funding).statusCode(200);
        String before = trancheAndEvents(id);
        post("/tranches/" + id + "/funding", funding)
                .statusCode(409)
                .contentType(startsWith(PROBLEM_JSON))
                .body("currentState", equalTo("FUNDED"))
                .body("allowedActions", empty());
        assertEquals(before, trancheAndEvents(id));
    }

    @Test
    void anObligatedTrancheCannotBeTriggeredAgain() {
        String id = contingentTranche(newRound(), "2099-12-31");
        post("/tranches/" + id + "/triggers", "{\"type\": \"IPO\", \"occurredOn\": \"2026-11-02\"}").statusCode(200);
        String before = trancheAndEvents(id);
        post("/tranches/" + id + "/triggers", "{\"type\": \"MANDATORY_FUNDING_EVENT\", \"occurredOn\": \"2026-11-03\"}")
                .statusCode(409)
                .body("currentState", equalTo("OBLIGATED"))
                .body("allowedActions", contains("fund"));
        assertEquals(before, trancheAndEvents(id));
    }

    @Test
    void aContingentTrancheCannotBeCommittedAlreadyExpired() {
        String round = newRound();
        String id = "t-" + UUID.randomUUID();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        post("/tranches", """
                {"id": "%s", "roundId": "%s", "investor": "Amazon", "amount": 1, "kind": "CONTINGENT",
                 "expiresOn": "2026-01-31"}""".formatted(id, round))
                .statusCode(422)
                .contentType(startsWith(PROBLEM_JSON))
                .body("detail", equalTo("expiresOn: 2026-01-31 has passed (today is " + today
                        + "): a contingent tranche cannot be committed already expired"))
                .body("errors.field", contains("expiresOn"))
                .body("today", equalTo(today));
        get("/tranches/" + id).statusCode(404);
    }

    @Test
    void aFundingOrTriggerDatedBeforeTheRoundOpenedIsA422NamingTheDayItOpened() {
        String id = contingentTranche(newRound(), "2099-12-31");
        String before = trancheAndEvents(id);
        post("/tranches/" + id + "/funding", "{\"amount\": 35000000000, \"fundedOn\": \"2025-12-31\"}")
                .statusCode(422)
                .contentType(startsWith(PROBLEM_JSON))
                .body("detail", equalTo("fundedOn: 2025-12-31 is before round '" + roundOf(id) + "' opened on "
                        + OPENED_ON))
                .body("errors.field", contains("fundedOn"))
                .body("roundOpenedOn", equalTo(OPENED_ON));
        post("/tranches/" + id + "/triggers", "{\"type\": \"IPO\", \"occurredOn\": \"2025-06-30\"}")
                .statusCode(422)
                .body("detail", equalTo("occurredOn: 2025-06-30 is before round '" + roundOf(id) + "' opened on "
                        + OPENED_ON))
                .body("roundOpenedOn", equalTo(OPENED_ON));
        assertEquals(before, trancheAndEvents(id));
    }

    @Test
    void anObligatedTrancheIsNotFundedBeforeItsTrigger() {
        String id = contingentTranche(newRound(), "2099-12-31");
        post("/tranches/" + id + "/triggers", "{\"type\": \"IPO\", \"occurredOn\": \"2026-11-02\"}")
                .statusCode(200);
        String before = trancheAndEvents(id);
        post("/tranches/" + id + "/funding", "{\"amount\": 35000000000, \"fundedOn\": \"2026-11-01\"}")
                .statusCode(422)
                .body("detail", equalTo("fundedOn: 2026-11-01 is before 2026-11-02, when IPO obliged the tranche: "
                        + "it was not funded then"))
                .body("triggerOccurredOn", equalTo("2026-11-02"));
        assertEquals(before, trancheAndEvents(id));
    }

    // ---- concurrency: a tranche is locked while it changes, a round while a tranche is committed to it

    @Test
    void concurrentFundingsFundATrancheOnce() throws Exception {
        String id = immediateTranche(newRound());
        List<Integer> statuses = atOnce(4, () -> post("/tranches/" + id + "/funding",
                "{\"amount\": 15000000000, \"fundedOn\": \"2026-03-31\"}").extract().statusCode());
        assertEquals(List.of(200, 409, 409, 409), statuses.stream().sorted().toList());
        get("/tranches/" + id + "/events").body("type", contains("investment.tranche.committed.v1",
                "investment.tranche.funded.v1"));
    }

    @Test
    void concurrentCommitmentsCannotTogetherExceedTheInvestorsCommitment() throws Exception {
        String round = newRound();
        String tranche = """
                {"roundId": "%s", "investor": "Amazon", "amount": 30000000000, "kind": "IMMEDIATE"}""".formatted(round);
        List<Integer> statuses = atOnce(2, () -> post("/tranches", tranche).extract().statusCode());
        assertEquals(List.of(201, 422), statuses.stream().sorted().toList());
    }

    private static String roundOf(String trancheId) {
        return get("/tranches/" + trancheId).extract().path("roundId");
    }

    /** A $1000 tranche of SoftBank's in {@code round}, funded; returns its id. */
    private static String fundedSoftBankTranche(String round) {
        String id = commit("""
                {"roundId": "%s", "investor": "SoftBank", "amount": 1000, "kind": "IMMEDIATE"}""".formatted(round));
        post("/tranches/" + id + "/funding", """
                {"amount": 1000, "fundedOn": "2026-03-01"}""").statusCode(200);
        return id;
    }

    // ---- operations

    @Test
    void healthOpenApiAndSwaggerUiAreServed() {
        get("/q/health/live").statusCode(200).body("status", equalTo("UP"));
        get("/q/health/ready").statusCode(200).body("status", equalTo("UP"))
                // the database alone: investment-service produces with kafka-clients and has no messaging channel
                .body("checks.name", org.hamcrest.Matchers.contains("Database connections health check"));
        get("/q/health").statusCode(200).body("checks.find { it.name == 'Kafka broker' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Kafka broker' }.data.brokers", equalTo(1));
        get("/q/openapi?format=json").statusCode(200)
                .body("paths", hasKey("/tranches/{id}/funding"))
                // one value: the list JAX-RS reads it into is only there to refuse a repeat
                .body("paths.'/tranches'.get.parameters.find { it.name == 'state' }.schema.type", equalTo("string"));
        get("/q/swagger-ui/").statusCode(200);
    }
}
