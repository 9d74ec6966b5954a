package io.dealstream.console.deal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The deal as the three services report it, read at {@code readAt}: each service's part is its API's answers as they
 * came (the page shows their figures as the services wrote them), or why it could not be read.
 */
public record DealView(String readAt, String round, Part investment, Part compute, Part distribution,
        Matrix matrix) {

    /**
     * One service: {@code up} with its answers by name ({@code capTable}, {@code tranches}; {@code capacity};
     * {@code rights}, {@code entitlements}), or down with the problem.
     */
    public record Part(String url, boolean up, String problem, Map<String, JsonNode> data) {

        static Part up(String url, Map<String, JsonNode> data) {
            return new Part(url, true, null, data);
        }

        static Part down(String url, String problem) {
            return new Part(url, false, problem, Map.of());
        }
    }

    /** The entitlement matrix's axes, in the page's order. */
    public record Matrix(List<String> products, List<String> clouds, List<String> modes) {
    }
}
