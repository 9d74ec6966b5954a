package io.dealstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dealstream.events.round.RoundEventType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When a consumer service reports a tranche change: follows its {@code GET /funding-view/events} (the events its view
 * consumed, in order, waiting for the next commit) on every instance, and records when each change of the load
 * ({@code trancheId@version}) first showed.
 */
final class ViewWatch implements AutoCloseable {

    /** A change as the view reported it: seen by this client (nanoTime and wall clock µs), applied by the service. */
    record Seen(long nanos, long micros, long appliedMicros) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * A gap in seq that lasts this long is a rolled-back insert, not a commit still to come (another instance's
     * transaction can take seconds on a starved machine).
     */
    private static final long GAP_NANOS = 10_000_000_000L;
    private static final String ROUND_OPENED = RoundEventType.OPENED.ceType();

    private final String name;
    private final String prefix;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<String> problem = new AtomicReference<>();
    private final java.util.concurrent.CountDownLatch positioned;
    private volatile boolean closed;

    /**
     * @param name the service, e.g. compute-service
     * @param prefix only changes of tranches whose id starts with it are kept
     */
    ViewWatch(String name, List<String> instanceUrls, String prefix) {
        this.name = name;
        this.prefix = prefix;
        this.positioned = new java.util.concurrent.CountDownLatch(instanceUrls.size());
        for (String url : instanceUrls) {
            Thread t = new Thread(() -> follow(url), "view-watch-" + url);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    ViewWatch start() {
        threads.forEach(Thread::start);
        return this;
    }

    /** Waits until every instance is followed from its current end. */
    boolean awaitPositioned(Duration timeout) throws InterruptedException {
        return positioned.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    String name() {
        return name;
    }

    Seen seen(String key) {
        return seen.get(key);
    }

    /** Why following failed last (null while it works). */
    String problem() {
        return problem.get();
    }

    private void follow(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        long contiguous = -1; // every seq up to here has been read; -1: not positioned yet
        TreeSet<Long> above = new TreeSet<>();
        long gapSince = 0;
        while (!closed) {
            try {
                if (contiguous < 0) {
                    contiguous = end(base);
                    positioned.countDown();
                    continue;
                }
                List<JsonNode> events = new ArrayList<>();
                if (above.isEmpty()) {
                    get(base + "/funding-view/events?limit=5000&waitMs=1000&after=" + contiguous).forEach(events::add);
                } else {
                    // a gap: look again at the gap's range only (not everything after it), and for what is new
                    long top = above.last();
                    get(base + "/funding-view/events?limit=" + Math.min(5000, top - contiguous) + "&after="
                            + contiguous).forEach(events::add);
                    get(base + "/funding-view/events?limit=5000&waitMs=10&after=" + top).forEach(events::add);
                }
                long nowNanos = System.nanoTime();
                long nowMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                for (JsonNode e : events) {
                    long seq = e.path("seq").asLong();
                    if (seq <= contiguous || !above.add(seq)) {
                        continue;
                    }
                    String subject = e.path("subject").asText();
                    // the tranches' changes, not the rounds' openings
                    if (subject.startsWith(prefix) && !ROUND_OPENED.equals(e.path("type").asText())) {
                        long applied = ChronoUnit.MICROS.between(Instant.EPOCH,
                                OffsetDateTime.parse(e.path("appliedAt").asText()).toInstant());
                        seen.putIfAbsent(TrancheLoad.key(subject, e.path("version").asLong()),
                                new Seen(nowNanos, nowMicros, applied));
                    }
                }
                while (!above.isEmpty() && above.first() == contiguous + 1) {
                    contiguous = above.pollFirst();
                }
                if (above.isEmpty()) {
                    gapSince = 0;
                } else if (gapSince == 0) {
                    gapSince = nowNanos;
                } else if (nowNanos - gapSince > GAP_NANOS) {
                    contiguous = above.first() - 1;
                    gapSince = 0;
                    continue;
                }
                problem.set(null);
            } catch (IOException | RuntimeException e) {
                problem.set(base + ": " + e.getMessage());
                sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The last seq now in the view's feed, so that only what comes after counts. */
    private long end(String base) throws IOException, InterruptedException {
        long after = 0;
        while (true) {
            JsonNode events = get(base + "/funding-view/events?limit=5000&after=" + after);
            if (events.isEmpty()) {
                return after;
            }
            after = events.get(events.size() - 1).path("seq").asLong();
        }
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
    }
}
