package io.dealstream.console.deal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dealstream.console.ConsoleSettings;
import io.dealstream.console.web.Feed;
import io.dealstream.events.EventJson;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Reads the deal from the services' APIs: at start, every {@code refresh-every} (so a service that went away or came
 * back shows as such), and at once after records arrive, since a record means some service's state changed. One
 * read at a time; changes during a read bring one more read after it.
 */
@ApplicationScoped
public class DealWatch {

    private static final Logger LOG = Logger.getLogger(DealWatch.class);
    /** The lists are read whole, page after page; the services' largest page, so that few requests do. */
    private static final int LIST_PAGE = 1000;

    private final ConsoleSettings settings;
    private final Feed feed;
    private final ServiceApi investment;
    private final ServiceApi compute;
    private final ServiceApi distribution;
    private final ObjectMapper json;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-deal-reader");
        t.setDaemon(true);
        return t;
    });

    DealWatch(ConsoleSettings settings, Feed feed) {
        this.settings = settings;
        this.feed = feed;
        // the contract's JSON settings: money and GW read as exact decimals (15000000000.00, 0.600), passed on as such
        this.json = EventJson.configure(new ObjectMapper());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.investment = new ServiceApi(settings.investmentUrl(), http, json);
        this.compute = new ServiceApi(settings.computeUrl(), http, json);
        this.distribution = new ServiceApi(settings.distributionUrl(), http, json);
    }

    void start(@Observes StartupEvent start) {
        long every = settings.refreshEvery().toMillis();
        reader.scheduleWithFixedDelay(this::readSafely, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        reader.shutdownNow();
    }

    /** Something changed: read the deal again as soon as the reader is free. */
    public void changed() {
        if (pending.compareAndSet(false, true)) {
            reader.execute(() -> {
                pending.set(false);
                readSafely();
            });
        }
    }

    private void readSafely() {
        try {
            feed.deal(read());
        } catch (RuntimeException e) {
            LOG.warnf(e, "reading the deal failed");
        }
    }

    /** Each service's answers, read in parallel. */
    DealView read() {
        String round = URLEncoder.encode(settings.round(), StandardCharsets.UTF_8);
        Map<String, CompletableFuture<JsonNode>> investmentReads = new LinkedHashMap<>();
        investmentReads.put("capTable", investment.get("/rounds/" + round + "/cap-table"));
        investmentReads.put("tranches", investment.getAll("/tranches?limit=" + LIST_PAGE));
        CompletableFuture<DealView.Part> inv = collect(investment, investmentReads);
        CompletableFuture<DealView.Part> cmp = part(compute, Map.of("capacity", "/capacity"));
        CompletableFuture<DealView.Part> dst = distributionPart();
        ConsoleSettings.Matrix m = settings.matrix();
        return new DealView(Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), settings.round(), inv.join(),
                cmp.join(), dst.join(), new DealView.Matrix(m.products(), m.clouds(), m.modes()));
    }

    private CompletableFuture<DealView.Part> part(ServiceApi api, Map<String, String> paths) {
        Map<String, CompletableFuture<JsonNode>> reads = new LinkedHashMap<>();
        paths.forEach((name, path) -> reads.put(name, api.get(path)));
        return collect(api, reads);
    }

    /** The rights, and the entitlement of every product, cloud and mode of the matrix. */
    private CompletableFuture<DealView.Part> distributionPart() {
        Map<String, CompletableFuture<JsonNode>> reads = new LinkedHashMap<>();
        reads.put("rights", distribution.getAll("/rights?limit=" + LIST_PAGE));
        List<CompletableFuture<JsonNode>> cells = new ArrayList<>();
        ConsoleSettings.Matrix m = settings.matrix();
        for (String product : m.products()) {
            for (String cloud : m.clouds()) {
                for (String mode : m.modes()) {
                    cells.add(distribution.get("/entitlements?product=" + product + "&cloud=" + cloud + "&mode=" + mode)
                            .thenApply(answer -> {
                                ObjectNode cell = json.createObjectNode().put("product", product).put("cloud", cloud)
                                        .put("mode", mode);
                                cell.setAll((ObjectNode) answer);
                                return cell;
                            }));
                }
            }
        }
        reads.put("entitlements", CompletableFuture.allOf(cells.toArray(CompletableFuture[]::new))
                .thenApply(done -> json.valueToTree(cells.stream().map(CompletableFuture::join).toList())));
        return collect(distribution, reads);
    }

    private static CompletableFuture<DealView.Part> collect(ServiceApi api,
            Map<String, CompletableFuture<JsonNode>> reads) {
        return CompletableFuture.allOf(reads.values().toArray(CompletableFuture[]::new)).handle((done, failure) -> {
            if (failure != null) {
                return DealView.Part.down(api.url(), ServiceApi.problem(failure));
            }
            Map<String, JsonNode> data = new LinkedHashMap<>();
            reads.forEach((name, read) -> data.put(name, read.join()));
            return DealView.Part.up(api.url(), data);
        });
    }
}
