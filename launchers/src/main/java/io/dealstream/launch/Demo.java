package io.dealstream.launch;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealstream.events.Topics;
import io.dealstream.testsupport.LocalIssuer;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code make demo}: walks a newcomer through the deal on a running system, printing each step, what changed in
 * each service and the events each step put on the topics. Exits non-zero when a view does not converge in time.
 *
 * <p>It changes the seeded tranches (funds amazon-t1, triggers and funds amazon-t2), so it runs once per fresh system;
 * on a system where they have moved on it says so and exits with 2.
 *
 * <p>Its writes carry bearer tokens ({@link DemoTokens}: signed with the key pair the services verify with,
 * {@code .local/jwt} or JWT_DIR, or given in the environment): the trigger a deal-admin's, each funding an investor
 * token for the tranche's investor; and it shows that another investor's token may not fund Amazon's tranche.
 */
public final class Demo {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int NOT_FRESH = 2;
    public static final int NOT_RUNNING = 3;
    public static final int NO_KEYS = 4;

    /** The investor whose token the demo shows refused on Amazon's tranche. */
    static final String OTHER_INVESTOR = "SoftBank";

    static final String ROUND = "openai-2026";
    static final String T1 = "amazon-t1";
    static final String T2 = "amazon-t2";

    /** The entitlement questions the demo asks before and after: product, cloud, mode. */
    static final List<String[]> QUESTIONS = List.of(
            new String[] {"FRONTIER", "AWS", "STATEFUL"},
            new String[] {"FRONTIER", "AZURE", "STATEFUL"},
            new String[] {"STATEFUL_RUNTIME", "AWS", "STATEFUL"},
            new String[] {"CUSTOM_MODELS", "AWS", "STATEFUL"},
            new String[] {"STATELESS_API", "AZURE", "STATELESS"},
            new String[] {"STATELESS_API", "AWS", "STATELESS"});

    private final Api investment;
    private final Api compute;
    private final Api distribution;
    private final KafkaEndpoint kafka;
    private final Duration converge;
    private final Path keys;
    private final PrintStream out;
    private TopicTap tap;
    private int eventsShown;

    /**
     * @param kafka the broker to show the events from, read as the reader, or null not to show them
     * @param converge how long a view may take to catch up with a change
     * @param keys the folder of the key pair the services verify tokens with (its private key signs the demo's)
     */
    public Demo(String investmentUrl, String computeUrl, String distributionUrl, KafkaEndpoint kafka, Duration converge,
            Path keys, PrintStream out) {
        this.investment = new Api(investmentUrl);
        this.compute = new Api(computeUrl);
        this.distribution = new Api(distributionUrl);
        this.kafka = kafka;
        this.converge = converge;
        this.keys = keys.toAbsolutePath().normalize();
        this.out = out;
    }

    public int run() {
        out.println("DealStream demo: the Amazon-OpenAI partnership of 2026-02-26, step by step");
        out.printf("  investment-service %s   compute-service %s   distribution-service %s%n", investment.baseUrl(),
                compute.baseUrl(), distribution.baseUrl());
        for (Api api : List.of(investment, compute, distribution)) {
            if (!api.ready()) {
                out.println();
                out.println("The system is not running: " + api.baseUrl() + "/q/health/ready does not answer 200.");
                out.println("Start it with: make up   (or point INVESTMENT_URL, COMPUTE_URL, DISTRIBUTION_URL at one)");
                return NOT_RUNNING;
            }
        }
        DemoTokens tokens = DemoTokens.from(System.getenv(), keys);
        if (tokens == null) {
            out.println();
            out.println("No key to sign the demo's tokens with: " + keys.resolve(LocalIssuer.PRIVATE_KEY)
                    + " is missing.");
            out.println("make up makes it (.local/jwt); against another deployment, set JWT_DIR to the folder of the "
                    + "key pair whose publicKey.pem its services verify with.");
            return NO_KEYS;
        }
        As admin = new As(investment.withBearer(tokens.admin()), "a deal-admin's token");
        try {
            JsonNode t1 = investment.get("/tranches/" + T1);
            JsonNode t2 = investment.get("/tranches/" + T2);
            if (!"COMMITTED".equals(t1.path("state").asText()) || !"CONTINGENT".equals(t2.path("state").asText())) {
                out.println();
                out.printf("%s is already %s and %s is %s: the demo needs the deal as seeded (%s COMMITTED, %s "
                        + "CONTINGENT).%n", T1, t1.path("state").asText(), T2, t2.path("state").asText(), T1, T2);
                out.println("It needs a fresh system: make reset   (stops, deletes the data and starts afresh; the key pair "
                        + "is kept)");
                return NOT_FRESH;
            }
            out.println("  tokens: " + tokens.source());
            startTap();

            step("1", "The deal as seeded at first start");
            Snapshot before = snapshot();
            printRound(before.capTable);
            printTranche(t1);
            printTranche(t2);
            printCapacity(null, before.capacity);
            printRights(null, before.rights);
            printEntitlements(null, before.entitlements);
            printEvents();

            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            LocalDate dueOn = t1.hasNonNull("dueOn") ? LocalDate.parse(t1.get("dueOn").asText()) : today;
            LocalDate fundedOn = today.isBefore(dueOn) ? today : dueOn;
            step("2", "Amazon pays in the first tranche: " + money(t1.path("amount")) + " on " + fundedOn + " (due by "
                    + dueOn + ")");
            Map<String, Object> fundT1 = Map.of("amount", t1.path("amount").decimalValue(), "fundedOn",
                    fundedOn.toString());
            if (!otherInvestorRefused(investment.withBearer(tokens.investor(OTHER_INVESTOR)), T1, fundT1, t1)) {
                return FAILED;
            }
            Snapshot s2 = act(investorOf(t1, tokens), "/tranches/" + T1 + "/funding", fundT1, T1, before);
            expect("released capacity", totalReleased(s2.capacity), new BigDecimal("0.600"));
            expect("frontier-aws", rightStatus(s2.rights, "frontier-aws"), "ACTIVE");

            step("3", "OpenAI files confidentially for an IPO: the trigger obliges Amazon to buy " + T2);
            Snapshot s3 = act(admin, "/tranches/" + T2 + "/triggers",
                    Map.of("type", "CONFIDENTIAL_IPO_FILING", "occurredOn", today.toString()), T2, s2);

            step("4", "Amazon pays in the second tranche: " + money(t2.path("amount")) + " on " + today);
            Snapshot s4 = act(investorOf(t2, tokens), "/tranches/" + T2 + "/funding",
                    Map.of("amount", t2.path("amount").decimalValue(), "fundedOn", today.toString()), T2, s3);
            expect("released capacity", totalReleased(s4.capacity), new BigDecimal("2.000"));
            expect("custom-models-amazon", rightStatus(s4.rights, "custom-models-amazon"), "ACTIVE");

            step("5", "Where the three services stand now");
            boolean agree = viewsAgree();
            out.println(agree ? "  compute's and distribution's funding views hold exactly investment's tranches"
                    : "  the funding views DIFFER from investment's tranches (see GET /funding-view)");
            out.println("  entitlements, before the deal closed -> now:");
            for (String[] q : QUESTIONS) {
                String key = key(q);
                out.printf("    %-40s %-3s -> %-3s  %s%n", key, yesNo(before.entitlements.get(key)),
                        yesNo(s4.entitlements.get(key)), s4.entitlements.get(key).path("reason").asText());
            }
            out.println();
            out.println("Done. Explore: make watch (events as they happen), the Swagger UIs at <service>/q/swagger-ui.");
            return agree ? OK : FAILED;
        } catch (NotConverged e) {
            out.println();
            out.println("FAILED: " + e.getMessage());
            return FAILED;
        } catch (Api.ApiException e) {
            out.println();
            out.println("FAILED: " + e.getMessage());
            return FAILED;
        } finally {
            if (tap != null) {
                tap.close();
            }
        }
    }

    /** Who sends a write: investment-service's client with a token, and how the demo names that token. */
    private record As(Api api, String token) {
    }

    /** investment-service as the tranche's investor: with an investor token that names it. */
    private As investorOf(JsonNode tranche, DemoTokens tokens) {
        String investor = tranche.path("investor").asText();
        return new As(investment.withBearer(tokens.investor(investor)), investor + "'s investor token");
    }

    /**
     * Another investor's token funding the tranche: refused with 403, and the tranche as it was. False (with the
     * reason printed) when it is not so.
     */
    private boolean otherInvestorRefused(Api other, String trancheId, Map<String, Object> body, JsonNode tranche) {
        String path = "/tranches/" + trancheId + "/funding";
        Api.Reply reply = other.post(path, body);
        JsonNode after = investment.get("/tranches/" + trancheId);
        boolean unchanged = after.path("state").asText().equals(tranche.path("state").asText())
                && after.path("version").asLong() == tranche.path("version").asLong();
        out.printf("  %s's investor token: POST %s -> %d%s; %s%n", OTHER_INVESTOR, path, reply.status(),
                reply.body().hasNonNull("detail") ? " (" + reply.body().path("detail").asText() + ")" : "",
                unchanged ? "nothing written (" + trancheId + " still " + after.path("state").asText() + ", version "
                        + after.path("version").asLong() + ")" : "the tranche CHANGED: " + fingerprint(after));
        if (reply.status() == 401) {
            out.println();
            out.println("FAILED: the services refuse the demo's tokens (401): they do not verify with "
                    + keys.resolve(LocalIssuer.PUBLIC_KEY) + " (set JWT_DIR to the folder of the key pair they use)");
            return false;
        }
        if (reply.status() != 403 || !unchanged) {
            out.println();
            out.println("FAILED: " + OTHER_INVESTOR + "'s token must be refused with 403 and change nothing");
            return false;
        }
        return true;
    }

    /** Posts the change, waits until both funding views hold the tranche's new version, prints what changed. */
    private Snapshot act(As as, String path, Map<String, Object> body, String trancheId, Snapshot before) {
        Api.Reply reply = as.api().post(path, body);
        out.printf("  POST %s %s  (%s)%n", path, json(new java.util.TreeMap<>(body)), as.token());
        JsonNode tranche = reply.orThrow("POST " + path);
        out.printf("    -> %d: %s is %s (version %d)%s%n", reply.status(), trancheId, tranche.path("state").asText(),
                tranche.path("version").asLong(), tranche.hasNonNull("trigger")
                        ? ", must be funded by " + tranche.path("trigger").path("fundingDeadline").asText() : "");
        long version = tranche.path("version").asLong();
        long t0 = System.nanoTime();
        awaitFundingViews(trancheId, version);
        out.printf("  compute-service and distribution-service applied it (funding views at version %d) in %.1f s%n",
                version, (System.nanoTime() - t0) / 1e9);
        Snapshot after = snapshot();
        printRound(after.capTable);
        printCapacity(before.capacity, after.capacity);
        printRights(before.rights, after.rights);
        printEntitlements(before.entitlements, after.entitlements);
        printEvents();
        return after;
    }

    private void awaitFundingViews(String trancheId, long version) {
        for (Api view : List.of(compute, distribution)) {
            boolean done = Waits.until(converge, Duration.ofMillis(200), () -> {
                Api.Reply r = view.getReply("/funding-view/tranches/" + trancheId);
                return r.ok() && r.body().path("version").asLong() >= version;
            });
            if (!done) {
                throw new NotConverged(view.baseUrl() + "/funding-view/tranches/" + trancheId + " did not reach version "
                        + version + " within " + converge.toSeconds() + " s (is the service consuming "
                        + Topics.TRANCHE_EVENTS + "? see make logs)");
            }
        }
    }

    /** Whether both funding views hold exactly investment's tranches (state, version, amounts). */
    public boolean viewsAgree() {
        Map<String, String> truth = new LinkedHashMap<>();
        for (JsonNode t : investment.getAll("/tranches?limit=1000")) {
            truth.put(t.path("trancheId").asText(), fingerprint(t));
        }
        for (Api view : List.of(compute, distribution)) {
            Map<String, String> seen = new LinkedHashMap<>();
            Api.Reply whole = view.getReply("/funding-view");
            if (whole.ok()) {
                for (JsonNode t : whole.body().path("tranches")) {
                    seen.put(t.path("trancheId").asText(), fingerprint(t));
                }
            } else {
                out.printf("  note: GET %s/funding-view answered %d; comparing tranche by tranche instead%n",
                        view.baseUrl(), whole.status());
                for (String id : truth.keySet()) {
                    Api.Reply one = view.getReply("/funding-view/tranches/" + id);
                    if (one.ok()) {
                        seen.put(id, fingerprint(one.body()));
                    }
                }
            }
            if (!seen.equals(truth)) {
                return false;
            }
        }
        return true;
    }

    static String fingerprint(JsonNode t) {
        return t.path("roundId").asText() + "|" + t.path("investor").asText() + "|" + t.path("state").asText() + "|v"
                + t.path("version").asLong() + "|" + t.path("amount").decimalValue().stripTrailingZeros().toPlainString()
                + "|" + t.path("fundedAmount").decimalValue().stripTrailingZeros().toPlainString();
    }

    private record Snapshot(JsonNode capTable, JsonNode capacity, JsonNode rights, Map<String, JsonNode> entitlements) {
    }

    private Snapshot snapshot() {
        Map<String, JsonNode> entitlements = new LinkedHashMap<>();
        for (String[] q : QUESTIONS) {
            entitlements.put(key(q), distribution.get(Api.query("/entitlements",
                    Map.of("product", q[0], "cloud", q[1], "mode", q[2]))));
        }
        return new Snapshot(investment.get("/rounds/" + ROUND + "/cap-table"), compute.get("/capacity"),
                distribution.getAll("/rights?limit=1000"), entitlements);
    }

    private void startTap() {
        if (kafka == null) {
            out.println("  (events not shown: no Kafka address)");
            return;
        }
        tap = new TopicTap(kafka, List.of(Topics.TRANCHE_EVENTS, Topics.CAPACITY_EVENTS, Topics.RIGHTS_EVENTS), false,
                e -> { }).start();
        if (!tap.awaitPositioned(Duration.ofSeconds(15))) {
            out.println("  (events not shown: " + (tap.problem() != null ? tap.problem() : "the topics are not there")
                    + "; set KAFKA=host:port)");
            tap.close();
            tap = null;
        } else {
            out.println("  events: read from " + kafka.bootstrapServers() + " as they are written");
        }
    }

    /** Prints the events that arrived since the last call, once none has come for a second. */
    private void printEvents() {
        if (tap == null) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            int now = tap.size();
            if (now == last) {
                break;
            }
            last = now;
            Waits.sleep(1200);
        }
        List<TopicEvent> events = tap.events();
        List<TopicEvent> fresh = events.subList(Math.min(eventsShown, events.size()), events.size());
        eventsShown = events.size();
        out.println("  events this step put on the topics:" + (fresh.isEmpty() ? " none" : ""));
        fresh.forEach(e -> out.println("    " + e.line()));
    }

    private void step(String n, String title) {
        out.println();
        out.println("Step " + n + ". " + title);
    }

    private void printRound(JsonNode capTable) {
        out.printf("  round %s: %s at %s pre-money -> %s post-money%n", capTable.path("roundId").asText(),
                money(capTable.path("roundAmount")), money(capTable.path("preMoneyValuation")),
                money(capTable.path("postMoneyValuation")));
        for (JsonNode line : capTable.path("investors")) {
            out.printf("    %-10s committed %-6s funded %-6s stake now %s, if all funded %s%n",
                    line.path("investor").asText(), money(line.path("committed")), money(line.path("funded")),
                    percent(line.path("stakeNow")), percent(line.path("stakeIfAllFunded")));
        }
    }

    private void printTranche(JsonNode t) {
        out.printf("  tranche %-10s %-6s %-10s %-10s%s%s  (version %d)%n", t.path("trancheId").asText(),
                money(t.path("amount")), t.path("kind").asText(), t.path("state").asText(),
                t.hasNonNull("dueOn") ? " due by " + t.path("dueOn").asText() : "",
                t.hasNonNull("expiresOn") ? " expires " + t.path("expiresOn").asText() : "", t.path("version").asLong());
    }

    private void printCapacity(JsonNode before, JsonNode after) {
        for (JsonNode c : after.path("commitments")) {
            String id = c.path("commitmentId").asText();
            String was = before == null ? null : gw(findBy(before.path("commitments"), "commitmentId", id)
                    .path("releasedGw"));
            String now = gw(c.path("releasedGw"));
            if (before == null) {
                out.printf("  capacity %s: released %s GW of %s GW (pending %s GW)%n", id, now,
                        gw(c.path("contractedGw")), gw(c.path("pendingGw")));
            } else if (!Objects.equals(was, now)) {
                out.printf("  capacity %s: released %s -> %s GW of %s GW%n", id, was, now, gw(c.path("contractedGw")));
            } else {
                out.printf("  capacity %s: unchanged, %s GW released (release on: %s)%n", id, now,
                        after.path("releaseOn").asText());
            }
        }
    }

    private void printRights(JsonNode before, JsonNode after) {
        List<String> changes = new ArrayList<>();
        for (JsonNode r : after) {
            String id = r.path("id").asText();
            String now = r.path("status").asText();
            if (before == null) {
                changes.add(id + " " + now);
            } else {
                String was = findBy(before, "id", id).path("status").asText();
                if (!was.equals(now)) {
                    changes.add(id + " " + was + " -> " + now);
                }
            }
        }
        out.println("  rights: " + (changes.isEmpty() ? "unchanged" : String.join(", ", changes)));
    }

    private void printEntitlements(Map<String, JsonNode> before, Map<String, JsonNode> after) {
        if (before == null) {
            out.println("  entitlements:");
        }
        boolean any = false;
        for (String[] q : QUESTIONS) {
            String key = key(q);
            JsonNode now = after.get(key);
            if (before == null) {
                out.printf("    %-40s %-3s  %s%n", key, yesNo(now), now.path("reason").asText());
            } else if (before.get(key).path("allowed").asBoolean() != now.path("allowed").asBoolean()) {
                if (!any) {
                    out.println("  entitlements that changed:");
                }
                any = true;
                out.printf("    %-40s %s -> %s  %s%n", key, yesNo(before.get(key)), yesNo(now), now.path("reason").asText());
            }
        }
        if (before != null && !any) {
            out.println("  entitlements: unchanged");
        }
    }

    private void expect(String what, Object actual, Object expected) {
        boolean same = actual instanceof BigDecimal a && expected instanceof BigDecimal e ? a.compareTo(e) == 0
                : Objects.equals(actual, expected);
        if (!same) {
            out.printf("  note: %s is %s; the deal's default settings give %s%n", what, actual, expected);
        }
    }

    static BigDecimal totalReleased(JsonNode capacity) {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode c : capacity.path("commitments")) {
            total = total.add(c.path("releasedGw").decimalValue());
        }
        return total;
    }

    static String rightStatus(JsonNode rights, String id) {
        return findBy(rights, "id", id).path("status").asText(null);
    }

    static JsonNode findBy(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        return Api.JSON.missingNode();
    }

    static String key(String[] q) {
        return q[0] + " via " + q[1] + " (" + q[2] + ")";
    }

    private static String yesNo(JsonNode entitlement) {
        return entitlement.path("allowed").asBoolean() ? "yes" : "no";
    }

    private static String gw(JsonNode n) {
        return n.isNumber() ? n.decimalValue().setScale(3, RoundingMode.HALF_EVEN).toPlainString() : n.asText();
    }

    private static String json(Object body) {
        try {
            return Api.JSON.writeValueAsString(body);
        } catch (java.io.IOException e) {
            return String.valueOf(body);
        }
    }

    private static String money(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "-" : TopicEvent.money(n.decimalValue());
    }

    private static String percent(JsonNode fraction) {
        return fraction.isMissingNode() || fraction.isNull() ? "-"
                : fraction.decimalValue().movePointRight(2).setScale(4, RoundingMode.HALF_EVEN).toPlainString() + "%";
    }

    /** A view did not catch up in time. */
    static final class NotConverged extends RuntimeException {
        NotConverged(String message) {
            super(message);
        }
    }
}
