package io.dealstream.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealstream.launch.Api;
import io.dealstream.launch.DemoTokens;
import io.dealstream.launch.Service;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code make redrive} and {@code make rebuild}: asks a service that keeps a funding view (compute or distribution)
 * to re-drive its dead-letter topic or to rebuild its view from investment.tranche-events, as the deal's
 * administrator, and prints what it did, a line per record.
 */
final class Repair {

    /** The service's endpoint for each repair. */
    static final Map<String, String> PATHS = Map.of("redrive", "/funding-view/redrive", "rebuild", "/funding-view/rebuild");

    private Repair() {
    }

    /** The service SERVICE names; investment-service keeps no funding view. */
    static Service viewKeeper(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("SERVICE is missing: SERVICE=compute or SERVICE=distribution");
        }
        Service service = Service.byName(name);
        if (service == Service.INVESTMENT) {
            throw new IllegalArgumentException("SERVICE=" + name + " keeps no funding view: use compute or distribution");
        }
        return service;
    }

    static int run(String repair, Service service, String url, DemoTokens tokens, PrintStream out) {
        if (tokens == null) {
            throw new IllegalArgumentException("no token for the deal's administrator: set " + DemoTokens.ADMIN_VARIABLE
                    + " or make the key pair (make up does)");
        }
        Api.Reply reply = new Api(url).withBearer(tokens.admin()).post(PATHS.get(repair), null);
        if (!reply.ok()) {
            JsonNode body = reply.body();
            out.printf("%s: %s failed with %d: %s%n", service.module(), repair, reply.status(),
                    body != null && body.hasNonNull("detail") ? body.get("detail").asText() : reply.raw());
            return 1;
        }
        JsonNode report = reply.body();
        if (repair.equals("redrive")) {
            out.printf("%s: re-drove %d records of %s: %d went through, %d failed again%n", service.module(),
                    report.get("read").asInt(), report.get("topic").asText(), report.get("applied").asInt(),
                    report.get("failedAgain").asInt());
            for (JsonNode record : report.get("records")) {
                out.println("  " + line(record));
            }
        } else {
            out.printf("%s: rebuilt its funding view from %d records of %s: %d rounds, %d tranches, outcomes %s,"
                    + " %d refused%n", service.module(), report.get("replayed").asInt(), report.get("topic").asText(),
                    report.get("rounds").asInt(), report.get("tranches").asInt(), report.get("outcomes"),
                    report.get("refused").size());
            for (JsonNode record : report.get("refused")) {
                out.println("  " + line(record));
            }
        }
        return 0;
    }

    private static String line(JsonNode record) {
        StringBuilder line = new StringBuilder(record.get("position").asText());
        if (record.hasNonNull("ceId")) {
            line.append(" ce_id=").append(record.get("ceId").asText());
        }
        if (record.hasNonNull("roundId")) {
            line.append(" round=").append(record.get("roundId").asText());
        }
        if (record.hasNonNull("trancheId")) {
            line.append(" tranche=").append(record.get("trancheId").asText());
        }
        line.append(' ').append(record.get("outcome").asText());
        if (record.hasNonNull("reason")) {
            line.append(": ").append(record.get("reason").asText());
        }
        return line.toString();
    }
}
