package io.dealstream.investment.tranche;

import static io.dealstream.investment.InvestmentApi.commit;
import static io.dealstream.investment.InvestmentApi.contingentTranche;
import static io.dealstream.investment.InvestmentApi.get;
import static io.dealstream.investment.InvestmentApi.immediateTranche;
import static io.dealstream.investment.InvestmentApi.newRound;
import static io.dealstream.investment.InvestmentApi.post;
import static io.dealstream.investment.InvestmentApi.trancheAndEvents;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.MutableClock;
import io.dealstream.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The expiry job, with the clock moved past 2028-12-31. */
@QuarkusTest
@TestProfile(TrancheExpiryTest.OwnApp.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
class TrancheExpiryTest {

    /** An app and database of its own: expiring the seeded tranche must not touch {@code SeededDealTest}'s. */
    public static class OwnApp implements QuarkusTestProfile {
    }

    @Inject
    MutableClock clock;

    @Inject
    TrancheExpiry expiry;

    @AfterEach
    void backToNow() {
        clock.setInstant(Instant.now());
    }

    @Test
    void contingentTranchesExpireOnceTheirDateHasPassed() {
        String round = newRound();
        String contingent = contingentTranche(round, "2027-06-30");
        String committed = commitSoftBank(round);
        String obligated = obligatedTranche();
        String funded = fundedTranche();

        clock.setDate(LocalDate.parse("2028-12-31"));
        expiry.expireLapsed();
        get("/tranches/amazon-t2").body("state", equalTo("CONTINGENT")).body("version", equalTo(1));
        get("/tranches/" + contingent).body("state", equalTo("EXPIRED"));

        clock.setDate(LocalDate.parse("2029-01-01"));
        String unchanged = trancheAndEvents(committed) + trancheAndEvents(obligated) + trancheAndEvents(funded);
        expiry.expireLapsed();

        get("/tranches/amazon-t2").statusCode(200)
                .body("state", equalTo("EXPIRED"))
                .body("expiredOn", equalTo("2029-01-01"))
                .body("version", equalTo(2));
        get("/tranches/amazon-t2/events").statusCode(200)
                .body("type", contains("investment.tranche.committed.v1", "investment.tranche.expired.v1"))
                .body("data.state", contains("CONTINGENT", "EXPIRED"))
                .body("data.version", contains(1, 2));
        get("/tranches/" + contingent + "/events")
                .body("type", contains("investment.tranche.committed.v1", "investment.tranche.expired.v1"));
        assertEquals(unchanged, trancheAndEvents(committed) + trancheAndEvents(obligated) + trancheAndEvents(funded),
                "committed, obligated and funded tranches do not expire");

        String expired = trancheAndEvents("amazon-t2");
        expiry.expireLapsed();
        assertEquals(expired, trancheAndEvents("amazon-t2"), "a second run expires nothing twice");

        post("/tranches/amazon-t2/funding", "{\"amount\": 35000000000, \"fundedOn\": \"2028-12-01\"}")
                .statusCode(409)
                .body("currentState", equalTo("EXPIRED"))
                .body("allowedActions", empty());
    }

    private static String commitSoftBank(String round) {
        return commit("""
                {"roundId": "%s", "investor": "SoftBank", "amount": 30000000000, "kind": "IMMEDIATE"}"""
                .formatted(round));
    }

    private static String obligatedTranche() {
        String id = contingentTranche(newRound(), "2027-06-30");
        post("/tranches/" + id + "/triggers", "{\"type\": \"IPO\", \"occurredOn\": \"2026-11-02\"}").statusCode(200);
        return id;
    }

    private static String fundedTranche() {
        String id = immediateTranche(newRound());
        post("/tranches/" + id + "/funding", "{\"amount\": 15000000000, \"fundedOn\": \"2026-03-31\"}").statusCode(200);
        return id;
    }
}
