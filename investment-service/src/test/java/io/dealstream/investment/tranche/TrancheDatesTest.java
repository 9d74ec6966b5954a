package io.dealstream.investment.tranche;

import static io.dealstream.investment.InvestmentApi.PROBLEM_JSON;
import static io.dealstream.investment.InvestmentApi.commit;
import static io.dealstream.investment.InvestmentApi.contingentTranche;
import static io.dealstream.investment.InvestmentApi.get;
import static io.dealstream.investment.InvestmentApi.newRound;
import static io.dealstream.investment.InvestmentApi.post;
import static io.dealstream.investment.InvestmentApi.trancheAndEvents;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.MutableClock;
import io.dealstream.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The date rules that depend on the service's clock, over HTTP with the clock moved by hand (never past the seeded
 * tranche's 2028-12-31, and without running the expiry job: the app is shared with the other tests).
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class TrancheDatesTest {

    @Inject
    MutableClock clock;

    @AfterEach
    void backToNow() {
        clock.setInstant(Instant.now());
    }

    @Test
    void aRoundWithoutAnOpeningDayOpensTodayByTheServicesClockAndNoneOpensLater() {
        clock.setDate(LocalDate.parse("2026-06-01"));
        String id = "round-" + UUID.randomUUID().toString().substring(0, 8);
        post("/rounds", round(id, null)).statusCode(201).body("openedOn", equalTo("2026-06-01"));

        String later = "round-" + UUID.randomUUID().toString().substring(0, 8);
        post("/rounds", round(later, "2026-06-02"))
                .statusCode(422)
                .contentType(startsWith(PROBLEM_JSON))
                .body("detail", equalTo("openedOn: 2026-06-02 is in the future (today is 2026-06-01)"))
                .body("errors.field", contains("openedOn"));
        get("/rounds/" + later).statusCode(404);
    }

    @Test
    void aLapsedTrancheIsExpiredForEveryFundingWhateverDayItGives() {
        LocalDate expiresOn = LocalDate.now(ZoneOffset.UTC).plusDays(10);
        String id = contingentTranche(newRound(), expiresOn.toString());
        String before = trancheAndEvents(id);

        LocalDate today = expiresOn.plusDays(1);
        clock.setDate(today);
        for (LocalDate fundedOn : List.of(today, expiresOn, expiresOn.minusDays(5))) {
            post("/tranches/" + id + "/funding", "{\"amount\": 35000000000, \"fundedOn\": \"" + fundedOn + "\"}")
                    .statusCode(409)
                    .contentType(startsWith(PROBLEM_JSON))
                    .body("detail", equalTo("tranche '" + id + "' has expired: its commitment ran out after "
                            + expiresOn + " and today is " + today + ", so it can no longer be funded, whatever the "
                            + "date given"))
                    .body("currentState", equalTo("EXPIRED"))
                    .body("allowedActions", empty())
                    .body("expiresOn", equalTo(expiresOn.toString()));
        }
        post("/tranches/" + id + "/triggers", "{\"type\": \"IPO\", \"occurredOn\": \"" + expiresOn + "\"}")
                .statusCode(409)
                .body("detail", equalTo("tranche '" + id + "' has expired: its commitment ran out after " + expiresOn
                        + " and today is " + today + ", so it can no longer be triggered, whatever the date given"))
                .body("currentState", equalTo("EXPIRED"));
        assertEquals(before, trancheAndEvents(id), "nothing written; the expiry job records the expiry");

        clock.setDate(expiresOn);
        post("/tranches/" + id + "/funding", "{\"amount\": 35000000000, \"fundedOn\": \"" + expiresOn + "\"}")
                .statusCode(200)
                .body("state", equalTo("FUNDED"));
    }

    @Test
    void aContingentTrancheMayBeCommittedOnItsLastDayButNotAfter() {
        clock.setDate(LocalDate.parse("2027-03-01"));
        String round = newRound();
        String id = commit("""
                {"roundId": "%s", "investor": "Amazon", "amount": 1, "kind": "CONTINGENT", "expiresOn": "2027-03-01"}"""
                .formatted(round));
        get("/tranches/" + id).statusCode(200).body("state", equalTo("CONTINGENT"));

        post("/tranches", """
                {"roundId": "%s", "investor": "Amazon", "amount": 1, "kind": "CONTINGENT", "expiresOn": "2027-02-28"}"""
                .formatted(round))
                .statusCode(422)
                .body("detail", equalTo("expiresOn: 2027-02-28 has passed (today is 2027-03-01): a contingent tranche "
                        + "cannot be committed already expired"))
                .body("today", equalTo("2027-03-01"));
    }

    private static String round(String id, String openedOn) {
        return """
                {"id": "%s", "name": "n", "amount": 100, "preMoneyValuation": 500,
                 "investors": [{"investor": "Amazon", "committed": 100}]%s}"""
                .formatted(id, openedOn == null ? "" : ", \"openedOn\": \"" + openedOn + "\"");
    }
}
