package io.dealstream.bench;

import io.dealstream.launch.Api;
import io.dealstream.testsupport.LocalIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tranche changes against investment-service at a steady offered rate (open loop: each tranche starts at its
 * scheduled time, whatever the answers before it took). A tranche is committed ({@code POST /tranches}, version 1)
 * and, once that answered, funded ({@code POST /tranches/{id}/funding}, version 2): two changes. Tranches go into
 * rounds of their own ({@value #INVESTORS} investors, {@value #TRANCHES_PER_INVESTOR} tranches each), so that no
 * round's lock or investor total grows with the run, and consecutive tranches into different rounds. Every request
 * carries a deal-admin's bearer token.
 */
final class TrancheLoad {

    static final int INVESTORS = 10;
    static final int TRANCHES_PER_INVESTOR = 10;
    static final int TRANCHES_PER_ROUND = INVESTORS * TRANCHES_PER_INVESTOR;
    static final String AMOUNT = "1000000.00";
    /** Tranches under way at most; when they are all waiting for answers, the schedule slips (and it shows). */
    static final int MAX_IN_FLIGHT = 512;

    /** A run's token lives this long: a full benchmark outlasts the hour of {@link LocalIssuer#admin()}. */
    static final Duration TOKEN_TTL = Duration.ofHours(12);

    /** A deal-admin's token for a whole run, signed with the key pair the services verify with. */
    static String adminToken(LocalIssuer issuer) {
        return issuer.token("bench", List.of(LocalIssuer.DEAL_ADMIN), null, TOKEN_TTL);
    }

    /** How the benchmark names one change: {@code trancheId@version}, the same on the topic, in a view and here. */
    static String key(String trancheId, long version) {
        return trancheId + "@" + version;
    }

    /** One change as the client saw it: sent and answered (System.nanoTime), answered (wall clock, µs). */
    record Change(String trancheId, long version, long sentNanos, long answeredNanos, long answeredMicros,
            int status) {

        String key() {
            return TrancheLoad.key(trancheId, version);
        }

        boolean ok() {
            return status == (version == 1 ? 201 : 200);
        }

        double httpMillis() {
            return (answeredNanos - sentNanos) / 1e6;
        }
    }

    /** The outcome of one run at one rate. */
    record Result(double offeredPerSecond, List<Change> changes, int errors, String firstError, long startNanos,
            long endNanos) {

        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        long ok() {
            return changes.stream().filter(Change::ok).count();
        }

        double achievedPerSecond() {
            return ok() / seconds();
        }
    }

    /** Called about once a second while a run goes on. */
    interface Progress {
        void tick(Result soFar, int inFlight);
    }

    private final String baseUrl;
    private final String runId;
    private final String token;
    private final HttpClient http;
    private final String fundedOn = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
    private final AtomicInteger rounds = new AtomicInteger();

    /** @param token the bearer token of every request (a deal-admin's: it commits and funds any investor's tranche) */
    TrancheLoad(String baseUrl, String runId, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.runId = runId;
        this.token = token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4, r -> {
                    Thread t = new Thread(r, "load-http");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
    }

    /** The prefix of every round and tranche id of this load. */
    String idPrefix() {
        return runId + "-";
    }

    /** Opens enough rounds for {@code tranches} tranches (several at once); returns their ids. */
    List<String> openRounds(int tranches) {
        // at least 20 rounds (when there are that many tranches), so that few tranches wait for one round's lock
        int count = Math.max((tranches + TRANCHES_PER_ROUND - 1) / TRANCHES_PER_ROUND, Math.min(tranches, 20));
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<Void>> opening = new ArrayList<>();
        Semaphore parallel = new Semaphore(8);
        for (int i = 0; i < count; i++) {
            String id = runId + "-r" + rounds.incrementAndGet();
            ids.add(id);
            parallel.acquireUninterruptibly();
            opening.add(http.sendAsync(post("/rounds", roundBody(id, fundedOn)), HttpResponse.BodyHandlers.ofString())
                    .thenAccept(r -> {
                        if (r.statusCode() != 201) {
                            throw new IllegalStateException("POST /rounds " + id + " answered " + r.statusCode()
                                    + ": " + r.body());
                        }
                    }).whenComplete((r, e) -> parallel.release()));
        }
        CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).join();
        return ids;
    }

    /** A round that opened on {@code openedOn}: its tranches are funded that day, not before it opened. */
    private static String roundBody(String id, String openedOn) {
        StringBuilder investors = new StringBuilder();
        String committed = new java.math.BigDecimal(AMOUNT).multiply(java.math.BigDecimal.valueOf(TRANCHES_PER_INVESTOR))
                .toPlainString();
        for (int i = 0; i < INVESTORS; i++) {
            investors.append(i == 0 ? "" : ",").append("{\"investor\":\"Load Investor ").append(i)
                    .append("\",\"committed\":").append(committed).append('}');
        }
        String amount = new java.math.BigDecimal(AMOUNT).multiply(java.math.BigDecimal.valueOf(TRANCHES_PER_ROUND))
                .toPlainString();
        return "{\"id\":\"" + id + "\",\"name\":\"load " + id + "\",\"amount\":" + amount
                + ",\"preMoneyValuation\":1000000000.00,\"investors\":[" + investors + "],\"openedOn\":\"" + openedOn
                + "\"}";
    }

    /**
     * Sends {@code tranches} tranches (2 changes each) at {@code changesPerSecond}, into the given rounds (opened with
     * {@link #openRounds}), and waits for every answer.
     */
    Result run(double changesPerSecond, int tranches, List<String> roundIds, Progress progress) {
        Queue<Change> changes = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        TrancheSchedule.Tick tick = progress == null ? null : (start, now, inFlight) -> progress.tick(
                snapshot(changesPerSecond, changes, errors, firstError, start, now), inFlight);
        TrancheSchedule.Outcome outcome = TrancheSchedule.run(changesPerSecond, tranches, roundIds, tick,
                (slot, finished) -> {
                    String trancheId = slot.trancheId();
                    String body = "{\"id\":\"" + trancheId + "\",\"roundId\":\"" + slot.roundId() + "\",\"investor\":\""
                            + slot.investor() + "\",\"amount\":" + AMOUNT + ",\"kind\":\"IMMEDIATE\"}";
                    long sent = System.nanoTime();
                    http.sendAsync(post("/tranches", body), HttpResponse.BodyHandlers.discarding())
                            .handle((r, e) -> record(changes, errors, firstError, trancheId, 1, sent, r, e))
                            .thenCompose(ok -> {
                                if (!ok) {
                                    return CompletableFuture.completedFuture(false);
                                }
                                long fundSent = System.nanoTime();
                                return http.sendAsync(post("/tranches/" + trancheId + "/funding", "{\"amount\":"
                                        + AMOUNT + ",\"fundedOn\":\"" + fundedOn + "\"}"),
                                        HttpResponse.BodyHandlers.discarding())
                                        .handle((r, e) -> record(changes, errors, firstError, trancheId, 2, fundSent,
                                                r, e));
                            })
                            .whenComplete((ok, e) -> finished.run());
                });
        if (outcome.unfinished() > 0) {
            errors.addAndGet(outcome.unfinished());
            firstError.compareAndSet(null, outcome.unfinished() + " tranches had no answer within 60 s");
        }
        long end = changes.stream().mapToLong(Change::answeredNanos).max().orElse(System.nanoTime());
        return new Result(changesPerSecond, List.copyOf(changes), errors.get(), firstError.get(),
                outcome.startNanos(), end);
    }

    private static Result snapshot(double rate, Queue<Change> changes, AtomicInteger errors,
            AtomicReference<String> firstError, long start, long now) {
        return new Result(rate, List.copyOf(changes), errors.get(), firstError.get(), start, now);
    }

    private static boolean record(Queue<Change> changes, AtomicInteger errors, AtomicReference<String> firstError,
            String trancheId, long version, long sent, HttpResponse<?> response, Throwable failure) {
        long answered = System.nanoTime();
        Instant now = Instant.now();
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        int status = response == null ? -1 : response.statusCode();
        Change change = new Change(trancheId, version, sent, answered, micros, status);
        changes.add(change);
        if (!change.ok()) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, (version == 1 ? "POST /tranches " : "POST /tranches/" + trancheId
                    + "/funding ") + trancheId + ": " + (failure != null ? failure.toString() : "status " + status));
            return false;
        }
        return true;
    }

    private HttpRequest post(String path, String json) {
        return Api.authorize(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json"), token)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
