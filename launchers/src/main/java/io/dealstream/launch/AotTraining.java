package io.dealstream.launch;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealstream.testsupport.LocalIssuer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an AOT cache's training run does besides starting: what the demo and a user do, against databases and a
 * broker of the training run's own. investment commits, triggers and funds tranches (the partner's too), compute and
 * distribution consume those events (capacity and rights follow the partner's funding) and take writes of their own,
 * and every service answers reads and refuses bad writes. The cache then holds the classes, links and profiles of that
 * work, not only of the start. Its writes carry a deal-admin's token, signed with the key pair the training run gave
 * its services.
 */
public final class AotTraining {

    /** What a training run did: requests answered, writes accepted (2xx) and refused (4xx), whether the views caught up. */
    public record Exercise(int answered, int accepted, int refused, boolean viewsCaughtUp) {
    }

    private static final String PARTNER_ROUND = "openai-2026";
    private static final Map<String, String> INVALID = Map.of("id", "");

    private final Api investment;
    private final Api compute;
    private final Api distribution;
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private int answered;
    private int accepted;
    private int refused;

    AotTraining(Map<Service, String> urls, LocalIssuer issuer) {
        String admin = issuer.admin();
        this.investment = new Api(urls.get(Service.INVESTMENT)).withBearer(admin);
        this.compute = new Api(urls.get(Service.COMPUTE)).withBearer(admin);
        this.distribution = new Api(urls.get(Service.DISTRIBUTION)).withBearer(admin);
    }

    /**
     * {@code rounds} times: investment's writes for a round of its own, compute's and distribution's writes, then
     * every service's reads and refused writes; the partner's tranches are funded in the first round, as the demo
     * does. Then waits up to {@code catchUp} for both funding views to hold investment's tranches.
     */
    Exercise run(int rounds, Duration catchUp) {
        for (int i = 1; i <= rounds; i++) {
            if (i == 1) {
                partnerFunds();
            }
            roundOfInvestment(i);
            write(compute, "/commitments", commitment(i));
            write(distribution, "/rights", right(i));
            for (Service s : Service.values()) {
                answer(s);
            }
        }
        return new Exercise(answered, accepted, refused, viewsCatchUp(catchUp));
    }

    /** The demo's steps: the partner funds its first tranche, the trigger obliges the second, which is funded. */
    private void partnerFunds() {
        for (JsonNode t : send(investment, "GET", "/tranches?investor=Amazon", null).body()) {
            String id = t.path("trancheId").asText();
            if ("CONTINGENT".equals(t.path("state").asText())) {
                write(investment, "/tranches/" + id + "/triggers",
                        Map.of("type", "CONFIDENTIAL_IPO_FILING", "occurredOn", today.toString()));
            }
            LocalDate dueOn = t.hasNonNull("dueOn") ? LocalDate.parse(t.get("dueOn").asText()) : today;
            write(investment, "/tranches/" + id + "/funding", Map.of("amount", t.path("amount").decimalValue(),
                    "fundedOn", (today.isBefore(dueOn) ? today : dueOn).toString()));
        }
    }

    /** A round with one investor and two tranches: one paid in at once, one contingent, triggered and paid in. */
    private void roundOfInvestment(int i) {
        String round = "training-" + i;
        String investor = "Training Investor " + i;
        write(investment, "/rounds", Map.of("id", round, "name", "Training round " + i,
                "amount", new BigDecimal("1000000.00"), "preMoneyValuation", new BigDecimal("9000000.00"),
                "investors", List.of(Map.of("investor", investor, "committed", new BigDecimal("1000000.00")))));
        write(investment, "/tranches", Map.of("id", round + "-now", "roundId", round, "investor", investor,
                "amount", new BigDecimal("400000.00"), "kind", "IMMEDIATE", "dueOn", today.toString()));
        write(investment, "/tranches", Map.of("id", round + "-later", "roundId", round, "investor", investor,
                "amount", new BigDecimal("600000.00"), "kind", "CONTINGENT", "expiresOn", today.plusYears(1).toString()));
        write(investment, "/tranches/" + round + "-now/funding",
                Map.of("amount", new BigDecimal("400000.00"), "fundedOn", today.toString()));
        write(investment, "/tranches/" + round + "-later/triggers",
                Map.of("type", "CONFIDENTIAL_IPO_FILING", "occurredOn", today.toString()));
        write(investment, "/tranches/" + round + "-later/funding",
                Map.of("amount", new BigDecimal("600000.00"), "fundedOn", today.toString()));
    }

    private Map<String, Object> commitment(int i) {
        return Map.of("id", "training-" + i, "provider", "AWS", "customer", "OpenAI", "totalUsd",
                new BigDecimal("3000000.00"), "years", 3, "startsOn", today.toString(), "capacityGw",
                new BigDecimal("0.010"));
    }

    private static Map<String, Object> right(int i) {
        return Map.of("id", "training-" + i, "holder", "Training Holder " + i, "product", "CUSTOM_MODELS",
                "cloud", "GOOGLE_CLOUD", "mode", "STATEFUL", "exclusive", false,
                "condition", Map.of("kind", "FIRST_TRANCHE_FUNDED"));
    }

    /** The service's reads, its readiness, and one write per resource that it refuses. */
    private void answer(Service service) {
        Api api = switch (service) {
            case INVESTMENT -> investment;
            case COMPUTE -> compute;
            case DISTRIBUTION -> distribution;
        };
        for (String path : reads(service)) {
            send(api, "GET", path, null);
        }
        for (String path : refusedWrites(service)) {
            write(api, path, INVALID);
        }
    }

    static List<String> reads(Service service) {
        List<String> reads = new ArrayList<>(switch (service) {
            case INVESTMENT -> List.of("/rounds", "/rounds/" + PARTNER_ROUND, "/rounds/" + PARTNER_ROUND + "/cap-table",
                    "/tranches", "/tranches?state=FUNDED&limit=1", "/tranches/amazon-t1", "/tranches/amazon-t1/events",
                    "/tranches/unknown");
            case COMPUTE -> List.of("/capacity", "/commitments", "/commitments/unknown", "/funding-view",
                    "/funding-view/events?after=0&limit=5");
            case DISTRIBUTION -> List.of("/rights", "/entitlements?product=FRONTIER&cloud=AWS&mode=STATEFUL",
                    "/entitlements?product=UNKNOWN", "/funding-view", "/funding-view/events?after=0&limit=5");
        });
        reads.add("/q/health/ready");
        return reads;
    }

    static List<String> refusedWrites(Service service) {
        return switch (service) {
            case INVESTMENT -> List.of("/rounds", "/tranches", "/tranches/amazon-t1/funding");
            case COMPUTE -> List.of("/commitments");
            case DISTRIBUTION -> List.of("/rights");
        };
    }

    /** Whether compute's and distribution's funding views hold every tranche of investment at its version. */
    private boolean viewsCatchUp(Duration timeout) {
        Map<String, Long> truth = versions(everyTranche());
        return !truth.isEmpty() && Waits.until(timeout, Duration.ofMillis(200), () -> List.of(compute, distribution)
                .stream().allMatch(view -> truth.equals(versions(send(view, "GET", "/funding-view", null).body()
                        .path("tranches")))));
    }

    /** Every tranche of investment, all pages; none when it did not answer. */
    private JsonNode everyTranche() {
        try {
            JsonNode tranches = investment.getAll("/tranches?limit=1000");
            answered++;
            return tranches;
        } catch (Api.ApiException e) {
            return Api.JSON.createArrayNode();
        }
    }

    private static Map<String, Long> versions(JsonNode tranches) {
        Map<String, Long> versions = new TreeMap<>();
        tranches.forEach(t -> versions.put(t.path("trancheId").asText(), t.path("version").asLong()));
        return versions;
    }

    private void write(Api api, String path, Object body) {
        Api.Reply reply = send(api, "POST", path, body);
        if (reply.ok()) {
            accepted++;
        } else if (reply.status() >= 400 && reply.status() < 500) {
            refused++;
        }
    }

    /** A request; one the service did not answer trains nothing, and the next ones still do. */
    private Api.Reply send(Api api, String method, String path, Object body) {
        try {
            Api.Reply reply = method.equals("GET") ? api.getReply(path) : api.post(path, body);
            answered++;
            return reply;
        } catch (Api.ApiException e) {
            return new Api.Reply(0, Api.JSON.missingNode(), e.getMessage());
        }
    }
}
