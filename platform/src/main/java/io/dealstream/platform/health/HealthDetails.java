package io.dealstream.platform.health;

import io.smallrye.health.api.HealthContentFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Set;

/**
 * What {@code /q/health} (and its ready, live, started and well parts) tells an anonymous caller: each check's name
 * and status, and of its data only the {@link #SHOWN} items, which hold no address. The checks Quarkus and SmallRye
 * bring put a database's or broker's host and port in their data when a connection fails (the JDBC driver's message,
 * a Kafka client's), and the endpoint has no caller to tell apart; the kubelet, compose and the images' healthcheck
 * read the status code alone. Why a check is down is in the service's log.
 */
@ApplicationScoped
public class HealthDetails implements HealthContentFilter {

    /**
     * Data items the checks of the platform and the funding view write, none of them an address: the broker check's
     * count and reason, the tranche consumer's reason, position (topic-partition@offset), tries, seconds and lag.
     */
    static final Set<String> SHOWN = Set.of("brokers", "reason", "position", "attempts", "failingSeconds", "lag",
            "maxLag");

    @Override
    public JsonObject filter(JsonObject payload) {
        if (!(payload.get("checks") instanceof jakarta.json.JsonArray checks)) {
            return payload;
        }
        JsonArrayBuilder filtered = Json.createArrayBuilder();
        for (JsonValue check : checks) {
            filtered.add(check instanceof JsonObject object ? withoutAddresses(object) : check);
        }
        return Json.createObjectBuilder(payload).add("checks", filtered).build();
    }

    private static JsonObject withoutAddresses(JsonObject check) {
        JsonObjectBuilder kept = Json.createObjectBuilder();
        JsonObjectBuilder data = Json.createObjectBuilder();
        boolean anyData = false;
        for (Map.Entry<String, JsonValue> member : check.entrySet()) {
            if (!member.getKey().equals("data")) {
                kept.add(member.getKey(), member.getValue());
            } else if (member.getValue() instanceof JsonObject items) {
                for (Map.Entry<String, JsonValue> item : items.entrySet()) {
                    if (SHOWN.contains(item.getKey())) {
                        data.add(item.getKey(), item.getValue());
                        anyData = true;
                    }
                }
            }
        }
        if (anyData) {
            kept.add("data", data);
        }
        return kept.build();
    }
}
