package io.dealstream.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * What an AOT cache's training run does besides starting: the requests the demo and a user send (reads, and writes
 * the service refuses, so nothing changes), while the funding views consume the tranche events already on the topic.
 * The cache then holds the classes, links and profiles of that work, not only of the start.
 */
final class AotTraining {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String INVALID = "{\"id\": \"\"}";

    private AotTraining() {
    }

    /** The reads of the service and a refused write per resource, {@code rounds} times. */
    static int exercise(ServiceNode node, int rounds) {
        List<HttpRequest> requests = requests(node.service(), node.url());
        int answered = 0;
        for (int i = 0; i < rounds; i++) {
            for (HttpRequest r : requests) {
                try {
                    HTTP.send(r, HttpResponse.BodyHandlers.discarding());
                    answered++;
                } catch (IOException e) {
                    // a request the service did not answer trains nothing; the next ones still do
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return answered;
                }
            }
        }
        return answered;
    }

    static List<HttpRequest> requests(Service service, String url) {
        List<String> reads = switch (service) {
            case INVESTMENT -> List.of("/rounds", "/rounds/openai-2026", "/rounds/openai-2026/cap-table", "/tranches",
                    "/tranches/amazon-t1", "/tranches/amazon-t1/events", "/tranches/unknown");
            case COMPUTE -> List.of("/capacity", "/commitments", "/commitments/unknown", "/funding-view",
                    "/funding-view/events?after=0&limit=5");
            case DISTRIBUTION -> List.of("/rights", "/entitlements?product=FRONTIER&cloud=AWS&mode=STATEFUL",
                    "/entitlements?product=UNKNOWN", "/funding-view", "/funding-view/events?after=0&limit=5");
        };
        List<String> writes = switch (service) {
            case INVESTMENT -> List.of("/rounds", "/tranches", "/tranches/amazon-t1/funding");
            case COMPUTE -> List.of("/commitments");
            case DISTRIBUTION -> List.of("/rights");
        };
        List<HttpRequest> all = new java.util.ArrayList<>();
        for (String path : reads) {
            all.add(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).GET().build());
        }
        all.add(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).timeout(Duration.ofSeconds(10)).GET()
                .build());
        for (String path : writes) {
            all.add(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(INVALID))
                    .build());
        }
        return all;
    }
}
