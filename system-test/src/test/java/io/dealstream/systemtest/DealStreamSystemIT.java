package io.dealstream.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealstream.events.Topics;
import io.dealstream.events.capacity.CapacityEventType;
import io.dealstream.launch.AotTraining;
import io.dealstream.launch.Api;
import io.dealstream.launch.Demo;
import io.dealstream.launch.PostgresNode;
import io.dealstream.launch.Proc;
import io.dealstream.launch.Service;
import io.dealstream.launch.ServiceNode;
import io.dealstream.launch.TopicEvent;
import io.dealstream.launch.Waits;
import io.dealstream.testsupport.GrafanaDashboard;
import io.dealstream.testsupport.PrometheusScrape;
import io.dealstream.testsupport.OtlpReceiver.ReceivedSpan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole system as separate processes (PostgreSQL, one Kafka broker, the three packaged services), driven over
 * HTTP and watched on the topics. The tests build on each other, in order: writes refused without a valid token of
 * the right investor, the deal's journey, the events it produced, a consumer killed mid-burst, a broker restarted
 * mid-burst. Writes carry tokens signed with the key pair the stack gave its services.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DealStreamSystemIT {

    private static final Duration CONVERGE = Duration.ofSeconds(20);
    /** A consumer killed with kill -9 keeps its partitions until its session times out (45 s by default). */
    private static final Duration CONVERGE_AFTER_FAULT = Duration.ofSeconds(150);
    private static final BigDecimal B = new BigDecimal("1000000000");
    private static final String ROUND = "openai-2026";

    private TestStack sut;
    private final String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    /** The trace context the journey's first funding request carries, as a traced caller would send it. */
    private final String callerTraceId = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private final String callerSpanId = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));

    @BeforeAll
    void startSystem() {
        sut = TestStack.start();
    }

    @AfterAll
    void stopSystem() {
        if (sut != null) {
            sut.close();
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    @Test
    @Order(0)
    void anAnonymousWriteAnExpiredTokenAndAnotherInvestorsTokenAreRefusedAndChangeNothing() {
        String path = "/tranches/amazon-t1/funding";
        Map<String, Object> funding = Map.of("amount", new BigDecimal("15000000000.00"), "fundedOn",
                earliest(today, LocalDate.parse("2026-03-15")).toString());
        awaitEvents(Topics.TRANCHE_EVENTS, e -> e.subject().equals("amazon-t1"), 1);
        awaitViewsAt("amazon-t1", 1);
        JsonNode before = sut.investment.get("/tranches/amazon-t1");
        assertEquals("COMMITTED", before.path("state").asText());
        assertEquals(1, before.path("version").asLong());
        String expired = sut.issuer.token("deal-admin", List.of("deal-admin"), null,
                java.time.Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));

        Api.Reply anonymous = sut.investment.post(path, funding);
        assertProblem(401, "Unauthorized", "this needs a bearer token with role deal-admin or investor", path,
                anonymous);
        assertEquals("Bearer realm=\"dealstream\"", anonymous.headers().firstValue("WWW-Authenticate").orElse(null));
        Api.Reply stale = sut.investment.withBearer(expired).post(path, funding);
        assertProblem(401, "Unauthorized", "the bearer token is refused: it has expired; this needs a valid token with"
                + " role deal-admin or investor", path, stale);
        Api.Reply softBank = sut.investmentAs("SoftBank").post(path, funding);
        assertProblem(403, "Forbidden", "tranche 'amazon-t1' is Amazon's: it needs role deal-admin or an investor"
                + " token for Amazon, not for SoftBank", path, softBank);
        assertEquals("Amazon", softBank.body().path("requiredInvestor").asText());
        assertEquals("SoftBank", softBank.body().path("tokenInvestor").asText());

        // nothing changed: the tranche, the views, the topic (the relay sends within milliseconds of a commit)
        assertEquals(before, sut.investment.get("/tranches/amazon-t1"));
        Waits.sleep(2000);
        assertEquals(Map.of("amazon-t1", List.of("investment.tranche.committed.v1")),
                typesBySubject(Topics.TRANCHE_EVENTS, e -> e.subject().equals("amazon-t1")));
        for (Api view : List.of(sut.compute, sut.distribution)) {
            assertEquals(1, view.get("/funding-view/tranches/amazon-t1").path("version").asLong(), view.baseUrl());
        }
    }

    private static void assertProblem(int status, String title, String detail, String instance, Api.Reply reply) {
        assertEquals(status, reply.status(), reply.raw());
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
        assertEquals(status, reply.body().path("status").asInt(), reply.raw());
        assertEquals(title, reply.body().path("title").asText(), reply.raw());
        assertEquals(detail, reply.body().path("detail").asText(), reply.raw());
        assertEquals(instance, reply.body().path("instance").asText(), reply.raw());
    }

    @Test
    @Order(1)
    void theDealsJourney() {
        // the seeded deal, in every service
        JsonNode t1 = sut.investment.get("/tranches/amazon-t1");
        JsonNode t2 = sut.investment.get("/tranches/amazon-t2");
        assertEquals("COMMITTED", t1.path("state").asText());
        assertEquals("IMMEDIATE", t1.path("kind").asText());
        assertMoney("15000000000", t1.path("amount"));
        assertEquals("2026-03-31", t1.path("dueOn").asText());
        assertEquals(1, t1.path("version").asLong());
        assertEquals("CONTINGENT", t2.path("state").asText());
        assertMoney("35000000000", t2.path("amount"));
        assertEquals("2028-12-31", t2.path("expiresOn").asText());
        assertEquals(1, t2.path("version").asLong());
        awaitViewsAt("amazon-t1", 1);
        awaitViewsAt("amazon-t2", 1);

        JsonNode capTable = sut.investment.get("/rounds/" + ROUND + "/cap-table");
        assertMoney("730000000000", capTable.path("preMoneyValuation"));
        assertMoney("110000000000", capTable.path("roundAmount"));
        assertMoney("840000000000", capTable.path("postMoneyValuation"));
        assertAmazon(capTable, "0", "0.000000", "0.059524");
        assertMoney("0", totalReleased());
        assertRights(Map.of("frontier-aws", "PENDING", "stateful-runtime-bedrock", "PENDING",
                "custom-models-amazon", "PENDING", "stateless-api-azure", "ACTIVE"));
        assertEntitlements(Map.of(
                "FRONTIER AWS STATEFUL", false,
                "FRONTIER AZURE STATEFUL", false,
                "STATEFUL_RUNTIME AWS STATEFUL", false,
                "CUSTOM_MODELS AWS STATEFUL", false,
                "STATELESS_API AZURE STATELESS", true,
                "STATELESS_API AWS STATELESS", false));

        // Amazon funds the first tranche within its due date: 0.6 GW, Frontier on AWS
        LocalDate t1FundedOn = earliest(today, LocalDate.parse("2026-03-15"));
        Api asAmazon = sut.investmentAs("Amazon");
        Api.Reply funded = asAmazon.post("/tranches/amazon-t1/funding",
                Map.of("amount", new BigDecimal("15000000000.00"), "fundedOn", t1FundedOn.toString()),
                Map.of("traceparent", "00-" + callerTraceId + "-" + callerSpanId + "-01"));
        assertEquals(200, funded.status(), funded.raw());
        assertEquals("FUNDED", funded.body().path("state").asText());
        assertEquals(2, funded.body().path("version").asLong());
        assertAmazon(sut.investment.get("/rounds/" + ROUND + "/cap-table"), "15000000000", "0.017857", "0.059524");
        awaitViewsAt("amazon-t1", 2);
        await("0.6 GW released", CONVERGE, () -> totalReleased().compareTo(new BigDecimal("0.600")) == 0);
        assertRights(Map.of("frontier-aws", "ACTIVE", "stateful-runtime-bedrock", "ACTIVE",
                "custom-models-amazon", "PENDING", "stateless-api-azure", "ACTIVE"));
        assertEntitlements(Map.of(
                "FRONTIER AWS STATEFUL", true,
                "FRONTIER AZURE STATEFUL", false,
                "STATEFUL_RUNTIME AWS STATEFUL", true,
                "CUSTOM_MODELS AWS STATEFUL", false,
                "STATELESS_API AZURE STATELESS", true,
                "STATELESS_API AWS STATELESS", false));

        // a confidential IPO filing obliges Amazon to buy the second tranche; funded money alone releases capacity
        LocalDate filedOn = earliest(today, LocalDate.parse("2026-06-01"));
        Api.Reply obliged = sut.investmentAsAdmin.post("/tranches/amazon-t2/triggers",
                Map.of("type", "CONFIDENTIAL_IPO_FILING", "occurredOn", filedOn.toString()));
        assertEquals(200, obliged.status(), obliged.raw());
        assertEquals("OBLIGATED", obliged.body().path("state").asText());
        assertEquals(2, obliged.body().path("version").asLong());
        assertEquals("CONFIDENTIAL_IPO_FILING", obliged.body().path("trigger").path("type").asText());
        assertEquals(filedOn.plusDays(90).toString(), obliged.body().path("trigger").path("fundingDeadline").asText());
        awaitViewsAt("amazon-t2", 2);
        assertMoney("0.600", totalReleased());
        assertRights(Map.of("frontier-aws", "ACTIVE", "stateful-runtime-bedrock", "ACTIVE",
                "custom-models-amazon", "PENDING", "stateless-api-azure", "ACTIVE"));

        // Amazon funds the second tranche: all 2.0 GW, the custom models
        LocalDate t2FundedOn = earliest(today, LocalDate.parse("2026-07-01"));
        funded = asAmazon.post("/tranches/amazon-t2/funding",
                Map.of("amount", new BigDecimal("35000000000.00"), "fundedOn", t2FundedOn.toString()));
        assertEquals(200, funded.status(), funded.raw());
        assertEquals("FUNDED", funded.body().path("state").asText());
        assertEquals(3, funded.body().path("version").asLong());
        assertAmazon(sut.investment.get("/rounds/" + ROUND + "/cap-table"), "50000000000", "0.059524", "0.059524");
        awaitViewsAt("amazon-t2", 3);
        await("2.0 GW released", CONVERGE, () -> totalReleased().compareTo(new BigDecimal("2.000")) == 0);
        assertRights(Map.of("frontier-aws", "ACTIVE", "stateful-runtime-bedrock", "ACTIVE",
                "custom-models-amazon", "ACTIVE", "stateless-api-azure", "ACTIVE"));
        assertEntitlements(Map.of(
                "FRONTIER AWS STATEFUL", true,
                "FRONTIER AZURE STATEFUL", false,
                "STATEFUL_RUNTIME AWS STATEFUL", true,
                "CUSTOM_MODELS AWS STATEFUL", true,
                "STATELESS_API AZURE STATELESS", true,
                "STATELESS_API AWS STATELESS", false));

        // compute's and distribution's funding views hold investment's tranches, and Amazon's totals
        awaitViewsEqualInvestment(CONVERGE);
        for (Api view : List.of(sut.compute, sut.distribution)) {
            JsonNode amazon = investorFunding(view, ROUND, "Amazon");
            assertMoney("50000000000", amazon.path("committed"));
            assertMoney("50000000000", amazon.path("funded"));
        }
    }

    @Test
    @Order(2)
    void oneFundingIsOneTraceFromTheRequestThroughKafkaToBothViewsAndWhatTheyPublish() throws Exception {
        // the caller's trace id is on the tranche record, on compute's capacity records and distribution's rights
        TopicEvent tranche = events(Topics.TRANCHE_EVENTS, e -> e.subject().equals("amazon-t1") && e.version() == 2)
                .getFirst();
        assertEquals(callerTraceId, tranche.traceId(), tranche.traceparent());
        List<TopicEvent> capacity = events(Topics.CAPACITY_EVENTS, e -> callerTraceId.equals(e.traceId()));
        List<TopicEvent> rights = events(Topics.RIGHTS_EVENTS, e -> callerTraceId.equals(e.traceId()));
        assertEquals(List.of("frontier-aws", "stateful-runtime-bedrock"),
                rights.stream().map(TopicEvent::subject).sorted().toList(), "the rights the funding activated");
        assertFalse(capacity.isEmpty(), "no capacity event in the funding's trace");
        assertTrue(capacity.stream().allMatch(e -> e.ceType().equals(CapacityEventType.RELEASED.ceType())),
                "capacity events in the funding's trace: " + capacity.stream().map(TopicEvent::ceType).toList());

        // every service exported its spans of it, each continuing the one before
        Predicate<List<ReceivedSpan>> complete = trace -> trace.stream()
                .filter(span -> span.kind().equals("SPAN_KIND_PRODUCER")).count() >= 1 + capacity.size()
                + rights.size();
        List<ReceivedSpan> trace = sut.traces.awaitTrace(callerTraceId, complete, CONVERGE);
        ReceivedSpan request = only(trace, "investment-service", "SPAN_KIND_SERVER", "POST");
        assertEquals(callerSpanId, request.parentSpanId(), "the request continues the caller's span");
        ReceivedSpan sendTranche = only(trace, "investment-service", "SPAN_KIND_PRODUCER",
                "send " + Topics.TRANCHE_EVENTS);
        assertTrue(sendTranche.isChildOf(request), "the relay's send continues the request: " + trace);
        assertEquals(tranche.ceId(), sendTranche.attributes().get("messaging.message.id"));
        assertEquals(spanIdOf(tranche), sendTranche.spanId(), "the record carries the send's context");
        for (Service view : List.of(Service.COMPUTE, Service.DISTRIBUTION)) {
            String service = view.module();
            ReceivedSpan process = only(trace, service, "SPAN_KIND_CONSUMER", "process " + Topics.TRANCHE_EVENTS);
            assertTrue(process.isChildOf(sendTranche), service + "'s apply continues the send: " + trace);
            assertEquals("APPLIED", process.attributes().get("dealstream.outcome"));
            assertEquals(tranche.ceId(), process.attributes().get("messaging.message.id"));
            List<TopicEvent> published = view == Service.COMPUTE ? capacity : rights;
            String topic = view == Service.COMPUTE ? Topics.CAPACITY_EVENTS : Topics.RIGHTS_EVENTS;
            for (TopicEvent event : published) {
                ReceivedSpan send = trace.stream().filter(span -> span.spanId().equals(spanIdOf(event))).findFirst()
                        .orElseThrow(() -> new AssertionError("no span for " + event.line() + " in " + trace));
                assertEquals(service, send.service());
                assertEquals("send " + topic, send.name());
                assertTrue(send.isChildOf(process), event.line() + " continues " + service + "'s apply: " + trace);
            }
        }
        assertEquals(4 + capacity.size() + rights.size(), trace.size(), "the trace's spans: " + trace);
    }

    private static ReceivedSpan only(List<ReceivedSpan> trace, String service, String kind, String namePrefix) {
        List<ReceivedSpan> found = trace.stream().filter(span -> span.service().equals(service)
                && span.kind().equals(kind) && span.name().startsWith(namePrefix)).toList();
        assertEquals(1, found.size(), "one " + kind + " span '" + namePrefix + "...' of " + service + " in " + trace);
        return found.getFirst();
    }

    private static String spanIdOf(TopicEvent event) {
        return event.traceparent().split("-")[2];
    }

    @Test
    @Order(3)
    void everyStateChangeIsExactlyOneEventOnItsTopic() {
        // tranche events: amazon-t1 committed, funded; amazon-t2 committed, obligated, funded
        awaitEvents(Topics.TRANCHE_EVENTS, e -> e.subject().startsWith("amazon-t"), 5);
        Map<String, List<String>> tranche = typesBySubject(Topics.TRANCHE_EVENTS, e -> e.subject().startsWith("amazon-t"));
        assertEquals(List.of("investment.tranche.committed.v1", "investment.tranche.funded.v1"), tranche.get("amazon-t1"));
        assertEquals(List.of("investment.tranche.committed.v1", "investment.tranche.obligated.v1",
                "investment.tranche.funded.v1"), tranche.get("amazon-t2"));

        // capacity: one CapacityReleased per change (0.600 GW, then 2.000 GW), versions 1, 2
        JsonNode capacity = sut.compute.get("/capacity");
        for (JsonNode c : capacity.path("commitments")) {
            String id = c.path("commitmentId").asText();
            long version = c.path("version").asLong();
            awaitEvents(Topics.CAPACITY_EVENTS, e -> e.subject().equals(id), (int) version);
            assertVersionsExactlyOnce(Topics.CAPACITY_EVENTS, id, 1, version);
        }
        List<TopicEvent> released = events(Topics.CAPACITY_EVENTS, e -> true);
        assertEquals(List.of("0.600", "2.000"), released.stream()
                .map(e -> ((io.dealstream.events.capacity.CapacitySnapshot) e.body()).releasedGw().toPlainString())
                .toList(), "the capacity events, in order");
        assertTrue(released.stream().allMatch(e -> e.ceType().equals("compute.capacity.released.v1")));

        // rights: each activation once (stateless-api-azure was created ACTIVE, the others went PENDING -> ACTIVE)
        for (JsonNode right : sut.distribution.getAll("/rights")) {
            String id = right.path("id").asText();
            long version = right.path("version").asLong();
            long first = "stateless-api-azure".equals(id) ? 1 : 2;
            awaitEvents(Topics.RIGHTS_EVENTS, e -> e.subject().equals(id), (int) (version - first + 1));
            assertVersionsExactlyOnce(Topics.RIGHTS_EVENTS, id, first, version);
            List<String> types = typesBySubject(Topics.RIGHTS_EVENTS, e -> e.subject().equals(id)).get(id);
            assertEquals(List.of("distribution.right.activated.v1"), types, id);
        }
        // and nothing unreadable anywhere
        assertTrue(sut.tap.events().stream().allMatch(e -> e.error() == null),
                () -> "unreadable records: " + sut.tap.events().stream().filter(e -> e.error() != null).toList());
        assertNoDuplicateIds();
    }

    @Test
    @Order(4)
    void aKilledConsumerCatchesUpAndAppliesEveryEventOnce() throws Exception {
        String round = "st-burst-" + run;
        int tranches = 110; // 220 tranche events
        BigDecimal capacityBefore = totalReleased();
        long capacityVersionBefore = capacityVersions();

        Burst burst = new Burst(round, "Burst Capital " + run, tranches).start();
        await("a third of the burst sent and compute consuming it", Duration.ofSeconds(120),
                () -> burst.requests.get() >= 70 && fundingTranches(sut.compute, round) > 0);
        long t0 = System.nanoTime();
        assertTrue(sut.stack.service(Service.COMPUTE).kill(), "compute-service was running and got kill -9");
        System.out.printf("system test: compute-service killed (kill -9) after %d requests of the burst%n",
                burst.requests.get());
        Waits.sleep(1500);
        sut.stack.startService(Service.COMPUTE);
        System.out.printf("system test: compute-service restarted and ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        burst.await(Duration.ofMinutes(3));

        BigDecimal sum = burst.sum();
        JsonNode capTable = sut.investment.get("/rounds/" + round + "/cap-table");
        assertMoney(sum.toPlainString(), capTable.path("investors").get(0).path("funded"));
        long t1 = System.nanoTime();
        for (Api view : List.of(sut.compute, sut.distribution)) {
            await(view.baseUrl() + " applied the whole burst", CONVERGE_AFTER_FAULT, () -> {
                JsonNode f = investorFundingOrNull(view, round, burst.investor);
                return f != null && f.path("funded").decimalValue().compareTo(sum) == 0
                        && f.path("tranches").asInt() == tranches;
            });
        }
        System.out.printf("system test: views converged %.1f s after the burst ended%n", (System.nanoTime() - t1) / 1e9);
        JsonNode computeView = sut.compute.get(Api.query("/funding-view", Map.of("roundId", round)));
        assertEquals(tranches, computeView.path("tranches").size());
        Set<String> ids = new java.util.HashSet<>();
        for (JsonNode t : computeView.path("tranches")) {
            assertTrue(ids.add(t.path("trancheId").asText()), "twice in compute's view: " + t);
            assertEquals("FUNDED", t.path("state").asText());
            assertEquals(2, t.path("version").asLong());
        }
        JsonNode f = investorFunding(sut.compute, round, burst.investor);
        assertMoney(sum.toPlainString(), f.path("committed"));
        assertMoney("0", f.path("obligated"));
        awaitViewsEqualInvestment(CONVERGE);
        // what compute's consumer did with each record, across both of its lives: each change applied once; the
        // records it had not committed before the kill come again and are dropped as repeats
        assertAppliedOnce(Service.COMPUTE, round, tranches);
        assertAppliedOnce(Service.DISTRIBUTION, round, tranches);

        // the burst is not the partner's money: capacity untouched, no capacity event
        assertEquals(0, capacityBefore.compareTo(totalReleased()));
        assertEquals(capacityVersionBefore, capacityVersions());
        // on the topic: each of the burst's changes exactly once (the broker stayed up)
        awaitEvents(Topics.TRANCHE_EVENTS, e -> roundOf(e).equals(round), 2 * tranches);
        Waits.sleep(1000);
        assertEquals(2 * tranches, events(Topics.TRANCHE_EVENTS, e -> roundOf(e).equals(round)).size());
        assertNoDuplicateIds();
    }

    @Test
    @Order(5)
    void aBrokerRestartLosesNothingAndAppliesNothingTwice() throws Exception {
        String round = "st-restart-" + run;
        int tranches = 60; // 120 tranche events
        Burst burst = new Burst(round, "Restart Capital " + run, tranches).start();
        await("the burst under way", Duration.ofSeconds(60), () -> burst.requests.get() >= 30);
        long t0 = System.nanoTime();
        assertEquals(Proc.Stopped.GRACEFULLY, sut.stack.kafka().stop(Duration.ofSeconds(60)),
                "the broker was running and stopped on SIGTERM");
        System.out.printf("system test: Kafka stopped in %.1f s after %d requests of the burst%n",
                (System.nanoTime() - t0) / 1e9, burst.requests.get());
        int during = burst.requests.get();
        Waits.sleep(4000);
        assertTrue(burst.requests.get() > during, "investment-service took requests while Kafka was down");
        for (Service s : Service.values()) {
            // a Kubernetes probe gives up after timeoutSeconds (1 s by default) and counts that as a failure
            HttpResponse<String> ready = health(sut.stack.service(s), "/q/health/ready", PROBE_TIMEOUT);
            assertEquals(200, ready.statusCode(), s.module() + " stays ready without the broker: " + ready.body());
            assertFalse(ready.body().contains("Kafka"), s.module() + "'s readiness has no Kafka check: " + ready.body());
            HttpResponse<String> all = health(sut.stack.service(s), "/q/health", Duration.ofSeconds(10));
            assertEquals(503, all.statusCode(), s.module() + "'s /q/health shows the broker gone: " + all.body());
            JsonNode broker = brokerCheck(all.body());
            assertEquals("DOWN", broker.path("status").asText(), s.module() + ": " + all.body());
            assertEquals("no answer within 2 s", broker.path("data").path("reason").asText(), all.body());
            // where the broker is stays the service's configuration: /q/health tells no address
            assertFalse(all.body().contains(sut.stack.kafka().bootstrapServers()), all.body());
        }
        long t1 = System.nanoTime();
        sut.stack.startKafka(System.out);
        System.out.printf("system test: Kafka back in %.1f s%n", (System.nanoTime() - t1) / 1e9);
        burst.await(Duration.ofMinutes(3));

        BigDecimal sum = burst.sum();
        for (Api view : List.of(sut.compute, sut.distribution)) {
            await(view.baseUrl() + " applied the whole burst", CONVERGE_AFTER_FAULT, () -> {
                JsonNode f = investorFundingOrNull(view, round, burst.investor);
                return f != null && f.path("funded").decimalValue().compareTo(sum) == 0
                        && f.path("tranches").asInt() == tranches;
            });
            JsonNode viewOfRound = view.get(Api.query("/funding-view", Map.of("roundId", round)));
            assertEquals(tranches, viewOfRound.path("tranches").size());
            for (JsonNode t : viewOfRound.path("tranches")) {
                assertEquals("FUNDED", t.path("state").asText());
                assertEquals(2, t.path("version").asLong());
            }
        }
        awaitViewsEqualInvestment(CONVERGE);
        assertAppliedOnce(Service.COMPUTE, round, tranches);
        assertAppliedOnce(Service.DISTRIBUTION, round, tranches);
        for (Service s : Service.values()) {
            await(s.module() + " ready again", Duration.ofSeconds(60), () -> sut.stack.service(s).isReady());
            await(s.module() + " sees the broker again", Duration.ofSeconds(60), () -> "UP".equals(
                    brokerCheck(health(sut.stack.service(s), "/q/health", Duration.ofSeconds(10)).body())
                            .path("status").asText()));
        }

        // nothing lost: every change of the round is on the topic. A batch the relay had sent when Kafka went away
        // may go out again after the restart, with the same ce_id (consumers drop such repeats); never a second,
        // different event for the same change.
        awaitEvents(Topics.TRANCHE_EVENTS, e -> roundOf(e).equals(round), 2 * tranches);
        Map<String, List<TopicEvent>> byChange = events(Topics.TRANCHE_EVENTS, e -> roundOf(e).equals(round)).stream()
                .collect(Collectors.groupingBy(e -> e.subject() + "@v" + e.version(), TreeMap::new, Collectors.toList()));
        assertEquals(2 * tranches, byChange.size(), "distinct tranche changes on the topic");
        long repeats = 0;
        for (Map.Entry<String, List<TopicEvent>> change : byChange.entrySet()) {
            Set<String> ceIds = change.getValue().stream().map(TopicEvent::ceId).collect(Collectors.toSet());
            assertEquals(1, ceIds.size(), "one event (one ce_id) per change: " + change.getKey());
            repeats += change.getValue().size() - 1;
        }
        System.out.printf("system test: %d tranche changes on the topic, %d redelivered copies (same ce_id)%n",
                byChange.size(), repeats);
    }

    @Test
    @Order(6)
    void rebuildingBothViewsFromTheTrancheTopicEndsWhereTheyWereAndAnnouncesNothingAgain() {
        awaitViewsEqualInvestment(CONVERGE);
        String capacity = sut.compute.get("/capacity").path("commitments").toString();
        String rights = sut.distribution.getAll("/rights").toString();
        int capacityEvents = events(Topics.CAPACITY_EVENTS, e -> true).size();
        int rightsEvents = events(Topics.RIGHTS_EVENTS, e -> true).size();
        int trancheEvents = events(Topics.TRANCHE_EVENTS, e -> true).size();

        for (Api view : List.of(sut.compute, sut.distribution)) {
            Api.Reply reply = view.withBearer(sut.issuer.admin()).post("/funding-view/rebuild", null);
            assertEquals(200, reply.status(), reply.raw());
            JsonNode report = reply.body();
            System.out.printf("system test: %s rebuilt its view from %d records: %s%n", view.baseUrl(),
                    report.path("replayed").asInt(), report.path("outcomes"));
            assertEquals(trancheEvents, report.path("replayed").asInt(), "every record of the topic: " + report);
            assertEquals(0, report.path("refused").size(), "the system's own records are all taken: " + report);
        }

        awaitViewsEqualInvestment(CONVERGE);
        assertEquals(capacity, sut.compute.get("/capacity").path("commitments").toString());
        assertEquals(rights, sut.distribution.getAll("/rights").toString());
        Waits.sleep(2000);
        assertEquals(capacityEvents, events(Topics.CAPACITY_EVENTS, e -> true).size(), "no capacity event again");
        assertEquals(rightsEvents, events(Topics.RIGHTS_EVENTS, e -> true).size(), "no rights event again");
    }

    @Test
    @Order(6)
    void everyServiceStartedFromTheAotCacheItsTrainingRunMade() throws Exception {
        AotTraining.Exercise training = sut.stack.lastTraining()
                .orElseThrow(() -> new AssertionError("the stack ran no training run"));
        // the demo's three partner writes, then 20 rounds of: a round, two tranches, a funding, a trigger and a
        // funding, a commitment and a right; and 5 refused writes a round
        assertEquals(163, training.accepted(), training.toString());
        assertEquals(100, training.refused(), training.toString());
        assertTrue(training.viewsCaughtUp(), training.toString());
        // ... against databases and a broker of its own, gone since
        assertTrue(sut.tap.events().stream().noneMatch(e -> String.valueOf(e.subject()).startsWith("training-")),
                "no training event on the stack's topics");
        for (JsonNode round : sut.investment.getAll("/rounds")) {
            assertFalse(round.path("id").asText().startsWith("training-"), "a training round in the stack: " + round);
        }
        PostgresNode.Settings pg = sut.stack.postgres().settings();
        try (var c = java.sql.DriverManager.getConnection(pg.adminUrl(), pg.user(), pg.password());
                var rs = c.createStatement().executeQuery("SELECT datname FROM pg_database")) {
            Set<String> left = new java.util.TreeSet<>();
            while (rs.next()) {
                left.add(rs.getString(1));
            }
            for (Service s : Service.values()) {
                assertTrue(left.contains(sut.stack.config().database(s)), left.toString());
                assertFalse(left.contains(sut.stack.trainingDatabase(s)), left.toString());
            }
        }
        for (Service s : Service.values()) {
            ServiceNode node = sut.stack.service(s);
            assertTrue(node.usesAotCache(), s.module() + " has " + node.aotCache()
                    + " mapped (the stack's training run made it, the starts since use it)");
        }
    }

    @Test
    @Order(7)
    void theDemoSaysItNeedsAFreshSystem() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        int exit = new Demo(sut.investment.baseUrl(), sut.compute.baseUrl(), sut.distribution.baseUrl(), null,
                Duration.ofSeconds(5), sut.stack.config().jwtDir(), out).run();
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(Demo.NOT_FRESH, exit, text);
        assertTrue(text.contains("amazon-t1 is already FUNDED"), text);
        assertTrue(text.contains("make reset"), text);
    }

    /**
     * Every metric the DealStream dashboard queries (k8s/components/observability/dashboards/dealstream.json, what
     * Grafana shows on kind and in compose) is a series of some service's /q/metrics, once the journey, the crash and
     * the broker restart made them. The consumers' per-partition series appear within a minute of an assignment
     * (Micrometer's refresh of the Kafka client's metrics), so the scrapes are taken again for up to 90 s.
     */
    @Test
    @Order(7)
    void everyMetricTheDashboardQueriesIsOneTheServicesExpose() throws InterruptedException {
        Path file = Path.of(System.getProperty("dealstream.root", "..")).toAbsolutePath().normalize()
                .resolve("k8s/components/observability/dashboards/dealstream.json");
        SortedSet<String> queried = GrafanaDashboard.read(file).metricNames();
        assertTrue(queried.containsAll(List.of("dealstream_view_propagation_seconds_bucket", "dealstream_outbox_backlog",
                "dealstream_rights", "dealstream_capacity_released_gw")), "the dashboard's metrics: " + queried);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Map<Service, PrometheusScrape> scrapes = new LinkedHashMap<>();
        SortedSet<String> missing;
        while (true) {
            for (Service s : Service.values()) {
                HttpResponse<String> metrics = health(sut.stack.service(s), "/q/metrics", Duration.ofSeconds(10));
                assertEquals(200, metrics.statusCode(), s.module() + " /q/metrics");
                scrapes.put(s, PrometheusScrape.of(metrics.body()));
            }
            missing = queried.stream().filter(name -> scrapes.values().stream().noneMatch(scrape -> scrape.has(name)))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(2_000);
        }
        assertEquals(Set.of(), missing, "metrics the dashboard queries that no service's /q/metrics has, of " + queried);
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Opens a round of its own and commits + funds {@code n} tranches of one investor, from a thread of its own. */
    private final class Burst {
        final String round;
        final String investor;
        final int n;
        final AtomicInteger requests = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<BigDecimal> amounts = new ArrayList<>();
        private final Thread thread;
        /** investment-service as the burst's investor, who funds its own tranches. */
        private final Api asInvestor;

        Burst(String round, String investor, int n) {
            this.round = round;
            this.investor = investor;
            this.n = n;
            this.asInvestor = sut.investmentAs(investor);
            for (int i = 0; i < n; i++) {
                amounts.add(new BigDecimal(1_000_000L + 1_000L * i).add(new BigDecimal("0.25")));
            }
            this.thread = new Thread(this::send, "burst-" + round);
        }

        Burst start() {
            BigDecimal committed = sum();
            Api.Reply opened = sut.investmentAsAdmin.post("/rounds", Map.of("id", round, "name", "system test " + round,
                    "amount", committed.add(BigDecimal.ONE), "preMoneyValuation", new BigDecimal("1000000000.00"),
                    "investors", List.of(Map.of("investor", investor, "committed", committed))));
            assertEquals(201, opened.status(), opened.raw());
            thread.start();
            return this;
        }

        private void send() {
            try {
                for (int i = 0; i < n; i++) {
                    String id = round + "-" + i;
                    Map<String, Object> tranche = new LinkedHashMap<>();
                    tranche.put("id", id);
                    tranche.put("roundId", round);
                    tranche.put("investor", investor);
                    tranche.put("amount", amounts.get(i));
                    tranche.put("kind", "IMMEDIATE");
                    Api.Reply r = sut.investmentAsAdmin.post("/tranches", tranche);
                    if (r.status() != 201) {
                        throw new AssertionError("POST /tranches " + id + ": " + r.status() + " " + r.raw());
                    }
                    requests.incrementAndGet();
                    r = asInvestor.post("/tranches/" + id + "/funding",
                            Map.of("amount", amounts.get(i), "fundedOn", today.toString()));
                    if (r.status() != 200) {
                        throw new AssertionError("POST /tranches/" + id + "/funding: " + r.status() + " " + r.raw());
                    }
                    requests.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        void await(Duration timeout) throws InterruptedException {
            thread.join(timeout.toMillis());
            if (failure.get() != null) {
                throw new AssertionError("the burst failed", failure.get());
            }
            assertFalse(thread.isAlive(), "the burst did not end within " + timeout);
            assertEquals(2 * n, requests.get());
        }

        BigDecimal sum() {
            return amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /**
     * From the view's own record of what it consumed ({@code GET /funding-view/events}, written in the transaction
     * that applies the event, so a crash cannot leave it behind the view): every tranche change of the round APPLIED
     * exactly once; how many records came again (DUPLICATE/STALE) is printed.
     */
    private void assertAppliedOnce(Service service, String round, int tranches) {
        Api view = service == Service.COMPUTE ? sut.compute : sut.distribution;
        Map<String, Integer> applied = new TreeMap<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        long after = 0;
        while (true) {
            JsonNode events = view.get("/funding-view/events?limit=5000&after=" + after);
            if (events.isEmpty()) {
                break;
            }
            for (JsonNode e : events) {
                after = e.path("seq").asLong();
                if (e.path("subject").asText().startsWith(round + "-")) {
                    String outcome = e.path("outcome").asText();
                    outcomes.merge(outcome, 1, Integer::sum);
                    if (outcome.equals("APPLIED")) {
                        applied.merge(e.path("subject").asText() + "@v" + e.path("version").asLong(), 1, Integer::sum);
                    }
                }
            }
        }
        assertFalse(outcomes.isEmpty(), service.module() + " has consumed no event of " + round);
        assertEquals(2 * tranches, applied.size(), service.module() + ": changes applied");
        List<String> twice = applied.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).toList();
        assertTrue(twice.isEmpty(), service.module() + " applied more than once: " + twice);
        System.out.printf("system test: %s consumed %s for round %s%n", service.module(), outcomes, round);
    }

    private void awaitViewsAt(String trancheId, long version) {
        for (Api view : List.of(sut.compute, sut.distribution)) {
            await(view.baseUrl() + "/funding-view/tranches/" + trancheId + " at version " + version, CONVERGE, () -> {
                Api.Reply r = view.getReply("/funding-view/tranches/" + trancheId);
                return r.ok() && r.body().path("version").asLong() == version;
            });
        }
    }

    /** compute's and distribution's funding views equal investment's tranches (state, version, amounts). */
    private void awaitViewsEqualInvestment(Duration timeout) {
        Map<String, String> truth = fingerprints(sut.investment.getAll("/tranches"));
        for (Api view : List.of(sut.compute, sut.distribution)) {
            AtomicReference<Map<String, String>> seen = new AtomicReference<>();
            boolean same = Waits.until(timeout, Duration.ofMillis(300), () -> {
                seen.set(fingerprints(view.get("/funding-view").path("tranches")));
                return seen.get().equals(truth);
            });
            if (!same) {
                Map<String, String> diff = new TreeMap<>();
                truth.forEach((k, v) -> {
                    if (!v.equals(seen.get().get(k))) {
                        diff.put(k, "investment " + v + " / view " + seen.get().get(k));
                    }
                });
                seen.get().keySet().stream().filter(k -> !truth.containsKey(k)).forEach(k -> diff.put(k, "only in view"));
                fail(view.baseUrl() + "/funding-view differs from investment's tranches: " + diff);
            }
        }
    }

    private static Map<String, String> fingerprints(JsonNode tranches) {
        Map<String, String> result = new TreeMap<>();
        for (JsonNode t : tranches) {
            String previous = result.put(t.path("trancheId").asText(), t.path("roundId").asText() + "|"
                    + t.path("investor").asText() + "|" + t.path("state").asText() + "|v" + t.path("version").asLong()
                    + "|" + t.path("amount").decimalValue().stripTrailingZeros().toPlainString() + "|"
                    + t.path("fundedAmount").decimalValue().stripTrailingZeros().toPlainString());
            assertTrue(previous == null, "tranche listed twice: " + t);
        }
        return result;
    }

    private JsonNode investorFunding(Api view, String round, String investor) {
        JsonNode f = investorFundingOrNull(view, round, investor);
        assertNotNull(f, view.baseUrl() + " has no funding for " + investor + " in " + round);
        return f;
    }

    private static JsonNode investorFundingOrNull(Api view, String round, String investor) {
        for (JsonNode f : view.get(Api.query("/funding-view", Map.of("roundId", round))).path("investors")) {
            if (f.path("investor").asText().equals(investor)) {
                return f;
            }
        }
        return null;
    }

    private static int fundingTranches(Api view, String round) {
        return view.get(Api.query("/funding-view", Map.of("roundId", round))).path("tranches").size();
    }

    private BigDecimal totalReleased() {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode c : sut.compute.get("/capacity").path("commitments")) {
            total = total.add(c.path("releasedGw").decimalValue());
        }
        return total;
    }

    private long capacityVersions() {
        long sum = 0;
        for (JsonNode c : sut.compute.get("/capacity").path("commitments")) {
            sum += c.path("version").asLong();
        }
        return sum;
    }

    private void assertAmazon(JsonNode capTable, String funded, String stakeNow, String stakeIfAllFunded) {
        JsonNode amazon = null;
        for (JsonNode line : capTable.path("investors")) {
            if ("Amazon".equals(line.path("investor").asText())) {
                amazon = line;
            }
        }
        assertNotNull(amazon, "Amazon in the cap table: " + capTable);
        assertMoney("50000000000", amazon.path("committed"));
        assertMoney(funded, amazon.path("funded"));
        assertMoney(stakeNow, amazon.path("stakeNow"));
        assertMoney(stakeIfAllFunded, amazon.path("stakeIfAllFunded"));
    }

    private void assertRights(Map<String, String> expected) {
        Map<String, String> actual = new TreeMap<>();
        for (JsonNode r : sut.distribution.getAll("/rights")) {
            actual.put(r.path("id").asText(), r.path("status").asText());
        }
        assertEquals(new TreeMap<>(expected), actual, "rights");
    }

    private void assertEntitlements(Map<String, Boolean> expected) {
        Map<String, Boolean> actual = new TreeMap<>();
        for (String question : expected.keySet()) {
            String[] q = question.split(" ");
            JsonNode answer = sut.distribution.get(Api.query("/entitlements",
                    Map.of("product", q[0], "cloud", q[1], "mode", q[2])));
            actual.put(question, answer.path("allowed").asBoolean());
        }
        assertEquals(new TreeMap<>(expected), actual, "entitlements");
    }

    private static void assertMoney(String expected, JsonNode actual) {
        assertTrue(actual.isNumber(), "a number, not " + actual);
        assertEquals(0, new BigDecimal(expected).compareTo(actual.decimalValue()),
                "expected " + expected + ", got " + actual);
    }

    private static void assertMoney(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), "expected " + expected + ", got " + actual);
    }

    private List<TopicEvent> events(String topic, Predicate<TopicEvent> filter) {
        return sut.tap.events().stream().filter(e -> e.topic().equals(topic)).filter(filter).toList();
    }

    private void awaitEvents(String topic, Predicate<TopicEvent> filter, int count) {
        await(count + " events on " + topic, CONVERGE, () -> events(topic, filter).size() >= count);
    }

    private Map<String, List<String>> typesBySubject(String topic, Predicate<TopicEvent> filter) {
        Map<String, List<String>> result = new TreeMap<>();
        events(topic, filter).stream()
                .sorted(java.util.Comparator.comparing(TopicEvent::subject).thenComparingLong(TopicEvent::version))
                .forEach(e -> result.computeIfAbsent(e.subject(), k -> new ArrayList<>()).add(e.ceType()));
        return result;
    }

    private void assertVersionsExactlyOnce(String topic, String subject, long first, long last) {
        List<Long> versions = events(topic, e -> e.subject().equals(subject)).stream().map(TopicEvent::version)
                .sorted().toList();
        List<Long> expected = new ArrayList<>();
        for (long v = first; v <= last; v++) {
            expected.add(v);
        }
        assertEquals(expected, versions, "versions of " + subject + " on " + topic + ", each once");
    }

    private void assertNoDuplicateIds() {
        Map<String, Long> counts = sut.tap.events().stream().filter(e -> e.ceId() != null)
                .collect(Collectors.groupingBy(TopicEvent::ceId, Collectors.counting()));
        List<String> twice = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        assertTrue(twice.isEmpty(), "ce_ids on the topics more than once: " + twice);
    }

    private static String roundOf(TopicEvent e) {
        return e.body() instanceof io.dealstream.events.tranche.TrancheSnapshot t ? t.roundId() : "";
    }

    private static boolean sleep(long millis) {
        Waits.sleep(millis);
        return true;
    }

    private static LocalDate earliest(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    /** Polls; a request that fails meanwhile (a service restarting) counts as "not yet". */
    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        AtomicReference<RuntimeException> last = new AtomicReference<>();
        boolean met = Waits.until(timeout, Duration.ofMillis(250), () -> {
            try {
                return condition.getAsBoolean();
            } catch (RuntimeException e) {
                last.set(e);
                return false;
            }
        });
        if (!met) {
            fail("not within " + timeout.toSeconds() + " s: " + what
                    + (last.get() == null ? "" : " (last error: " + last.get().getMessage() + ")"));
        }
    }

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final HttpClient HEALTH_HTTP = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

    private static HttpResponse<String> health(ServiceNode node, String path, Duration timeout) {
        try {
            return HEALTH_HTTP.send(HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new AssertionError(node.url() + path + " did not answer within " + timeout + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The "Kafka broker" check of a /q/health answer. */
    private static JsonNode brokerCheck(String healthJson) {
        try {
            for (JsonNode check : Api.JSON.readTree(healthJson).path("checks")) {
                if ("Kafka broker".equals(check.path("name").asText())) {
                    return check;
                }
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + healthJson, e);
        }
        throw new AssertionError("no \"Kafka broker\" check in " + healthJson);
    }
}
