package io.dealstream.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.distribution.deal.DistributionTerms;
import io.dealstream.distribution.right.Cloud;
import io.dealstream.distribution.right.ConditionKind;
import io.dealstream.distribution.right.Mode;
import io.dealstream.distribution.right.NewRight;
import io.dealstream.distribution.right.Product;
import io.dealstream.distribution.right.Right;
import io.dealstream.distribution.right.RightService;
import io.dealstream.distribution.right.RightsConfig;
import io.dealstream.events.CloudEvent;
import io.dealstream.events.right.RightEventType;
import io.dealstream.fundingview.Partner;
import io.dealstream.platform.outbox.Outbox;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Seeding, as two replicas starting at once would do it: each right created once, announced once. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "distribution"))
class RightSeedingTest {

    @Inject
    RightService rights;

    @Inject
    Outbox outbox;

    @Inject
    Partner partner;

    @Inject
    RightsConfig config;

    @Test
    void seedingAgainChangesNothing() {
        List<Right> before = rights.all();
        assertEquals(List.of(), rights.seed(DistributionTerms.rights(partner.investor(), config)));
        assertEquals(before, rights.all());
        List<CloudEvent> azure = outbox.eventsOf(RightEventType.class, DistributionTerms.STATELESS_API_AZURE, 0, 10);
        assertEquals(1, azure.size(), "stateless-api-azure is announced ACTIVE once, when seeded");
        assertEquals(RightEventType.ACTIVATED.ceType(), azure.get(0).type());
    }

    @Test
    void replicasSeedingAtOnceCreateEachRightOnce() throws Exception {
        NewRight seed = new NewRight("runtime-azure-race", "Race Test", Product.STATEFUL_RUNTIME, Cloud.AZURE,
                Mode.STATEFUL, false, "a test right, not in the deal",
                new NewRight.NewCondition(ConditionKind.NONE, null));
        int replicas = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                Callable<List<String>> replica = () -> {
                    start.await();
                    return rights.seed(List.of(seed));
                };
                results.add(pool.submit(replica));
            }
            start.countDown();
            List<String> created = new ArrayList<>();
            for (Future<List<String>> result : results) {
                created.addAll(result.get());
            }
            assertEquals(List.of("runtime-azure-race"), created, "exactly one replica creates it");
        } finally {
            pool.shutdownNow();
        }
        Right right = rights.find("runtime-azure-race").orElseThrow();
        assertEquals(1, right.version());
        assertTrue(right.reason().startsWith("created ACTIVE"), right.reason());
        assertEquals(1, outbox.eventsOf(RightEventType.class, "runtime-azure-race", 0, 10).size());
    }
}
