package io.dealstream.investment;

import static io.dealstream.investment.InvestmentApi.get;
import static io.dealstream.investment.InvestmentApi.money;
import static io.dealstream.investment.InvestmentApi.post;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dealstream.investment.tranche.TrancheExpiry;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.MutableClock;
import io.dealstream.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The deal as seeded, then its journey: Amazon funds the first tranche by 2026-03-31, a confidential IPO
 * filing obliges the second, which survives its expiry date and is funded. The only class that touches the
 * seeded tranches, in order.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "ds_investment"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeededDealTest {

    @Inject
    MutableClock clock;

    @Inject
    TrancheExpiry expiry;

    @AfterEach
    void backToNow() {
        clock.setInstant(Instant.now());
    }

    @Test
    @Order(1)
    void theRoundIsSeeded() {
        get("/rounds/openai-2026").statusCode(200)
                .body("openedOn", equalTo("2026-02-26"))
                .body("amount", equalTo(money("110000000000.00")))
                .body("preMoneyValuation", equalTo(money("730000000000.00")))
                .body("postMoneyValuation", equalTo(money("840000000000.00")))
                .body("investors.investor", contains("Amazon", "SoftBank", "Nvidia"))
                .body("investors.committed", contains(money("50000000000.00"), money("30000000000.00"),
                        money("30000000000.00")));
        get("/rounds/openai-2026/cap-table").statusCode(200)
                .body("investors[0].stakeNow", equalTo(money("0.000000")))
                .body("investors[0].stakeIfAllFunded", equalTo(money("0.059524")));
    }

    @Test
    @Order(2)
    void amazonsTranchesAreSeededWithOneEventEach() {
        get("/tranches/amazon-t1").statusCode(200)
                .body("roundId", equalTo("openai-2026"))
                .body("investor", equalTo("Amazon"))
                .body("amount", equalTo(money("15000000000.00")))
                .body("kind", equalTo("IMMEDIATE"))
                .body("state", equalTo("COMMITTED"))
                .body("security", equalTo("Series C Preferred"))
                .body("dueOn", equalTo("2026-03-31"))
                .body("version", equalTo(1));
        get("/tranches/amazon-t2").statusCode(200)
                .body("amount", equalTo(money("35000000000.00")))
                .body("kind", equalTo("CONTINGENT"))
                .body("state", equalTo("CONTINGENT"))
                .body("expiresOn", equalTo("2028-12-31"))
                .body("trigger", nullValue())
                .body("version", equalTo(1));
        for (String id : new String[] {"amazon-t1", "amazon-t2"}) {
            get("/tranches/" + id + "/events").statusCode(200)
                    .body("type", contains("investment.tranche.committed.v1"))
                    .body("data.version", contains(1));
        }
    }

    @Test
    @Order(3)
    void seedingAgainEvenFromTwoReplicasAtOnceAddsNothing() throws Exception {
        String before = state();
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Void> a = CompletableFuture.runAsync(SeedAgain::asAtStart, replicas);
            CompletableFuture<Void> b = CompletableFuture.runAsync(SeedAgain::asAtStart, replicas);
            CompletableFuture.allOf(a, b).get();
        } finally {
            replicas.shutdown();
        }
        assertEquals(before, state());
    }

    @Test
    @Order(4)
    void amazonFundsTheFirstTrancheByItsDueDate() {
        clock.setDate(LocalDate.parse("2026-03-31"));
        post("/tranches/amazon-t1/funding", "{\"amount\": 15000000000, \"fundedOn\": \"2026-03-31\"}")
                .statusCode(200)
                .body("state", equalTo("FUNDED"))
                .body("fundedAmount", equalTo(money("15000000000.00")))
                .body("version", equalTo(2));
        get("/rounds/openai-2026/cap-table").statusCode(200)
                .body("investors[0].funded", equalTo(money("15000000000.00")))
                .body("investors[0].stakeNow", equalTo(money("0.017857")));
    }

    @Test
    @Order(5)
    void aConfidentialIpoFilingObligesTheSecond() {
        clock.setDate(LocalDate.parse("2026-11-23"));
        post("/tranches/amazon-t2/triggers", "{\"type\": \"CONFIDENTIAL_IPO_FILING\", \"occurredOn\": \"2026-11-02\"}")
                .statusCode(200)
                .body("state", equalTo("OBLIGATED"))
                .body("trigger.fundingDeadline", equalTo("2027-01-31"))
                .body("version", equalTo(2));
    }

    @Test
    @Order(6)
    void anObligatedTrancheOutlivesItsExpiryDate() {
        clock.setDate(LocalDate.parse("2029-01-02"));
        expiry.expireLapsed();
        get("/tranches/amazon-t2").body("state", equalTo("OBLIGATED")).body("version", equalTo(2));
    }

    @Test
    @Order(7)
    void amazonFundsTheSecondAndHoldsItsFullStake() {
        clock.setDate(LocalDate.parse("2027-01-20"));
        post("/tranches/amazon-t2/funding", "{\"amount\": 35000000000.00, \"fundedOn\": \"2027-01-15\"}")
                .statusCode(200)
                .body("state", equalTo("FUNDED"))
                .body("trigger.type", equalTo("CONFIDENTIAL_IPO_FILING"))
                .body("version", equalTo(3));
        get("/tranches/amazon-t2/events").statusCode(200)
                .body("type", contains("investment.tranche.committed.v1", "investment.tranche.obligated.v1",
                        "investment.tranche.funded.v1"))
                .body("data.version", contains(1, 2, 3));
        get("/rounds/openai-2026/cap-table").statusCode(200)
                .body("investors[0].funded", equalTo(money("50000000000.00")))
                .body("investors[0].stakeNow", equalTo(money("0.059524")))
                .body("investors[0].stakeIfAllFunded", equalTo(money("0.059524")));
    }

    private static String state() {
        return get("/rounds").extract().asString()
                + get("/tranches?investor=Amazon").extract().asString()
                + get("/tranches/amazon-t1/events").extract().asString()
                + get("/tranches/amazon-t2/events").extract().asString();
    }
}
