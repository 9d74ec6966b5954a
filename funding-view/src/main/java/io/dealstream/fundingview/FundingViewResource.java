package io.dealstream.fundingview;

import io.dealstream.platform.http.EntityTags;
import io.dealstream.platform.http.Page;
import io.dealstream.platform.http.Paging;
import io.dealstream.platform.http.QueryParams;
import io.dealstream.platform.problem.Problem;
import io.dealstream.platform.problem.ProblemMappers;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The funding view as this service holds it: per investor and per tranche, and the last event applied. */
@Path("/funding-view")
@Produces(MediaType.APPLICATION_JSON)
public class FundingViewResource {

    private static final Comparator<List<String>> BY_ROUND_THEN_INVESTOR =
            Comparator.<List<String>, String>comparing(key -> key.get(0)).thenComparing(key -> key.get(1));

    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 5000;
    static final int MAX_WAIT_MS = 30_000;
    static final int RETRY_AFTER_SECONDS = 1;

    private final AppliedEvents applied;
    private final FundingViewMetrics metrics;
    private final Vertx vertx;

    FundingViewResource(AppliedEvents applied, FundingViewMetrics metrics, Vertx vertx) {
        this.applied = applied;
        this.metrics = metrics;
        this.vertx = vertx;
    }

    public record View(List<InvestorFunding> investors, List<TrancheView> tranches, LastAppliedEvent lastEvent) {
    }

    /** The whole view, or the part of one round (and investor). */
    @GET
    @Operation(summary = "The funding view: per investor and per tranche, and the last event applied",
            description = "The whole view, or the part of one round (roundId) and investor.")
    @APIResponse(responseCode = "200", description = "The view")
    public View view(@QueryParam("roundId") String roundId, @QueryParam("investor") String investor) {
        List<TrancheView> tranches = TrancheView.<TrancheView>listAll().stream()
                .filter(t -> roundId == null || t.roundId.equals(roundId))
                .filter(t -> investor == null || t.investor.equals(investor))
                .sorted(Comparator.comparing((TrancheView t) -> t.roundId).thenComparing(t -> t.trancheId))
                .toList();
        Map<List<String>, List<TrancheView>> byInvestor = tranches.stream()
                .collect(Collectors.groupingBy(t -> List.of(t.roundId, t.investor),
                        () -> new TreeMap<>(BY_ROUND_THEN_INVESTOR), Collectors.toList()));
        List<InvestorFunding> investors = byInvestor.entrySet().stream()
                .map(e -> InvestorFunding.of(e.getKey().get(0), e.getKey().get(1), e.getValue()))
                .toList();
        return new View(investors, tranches, LastAppliedEvent.current());
    }

    /**
     * The tranche events this view consumed after position {@code after}, oldest first (at most {@code limit}, up to
     * 5000); with {@code waitMs} (up to 30 s), an empty answer waits that long for the next commit of this process's
     * consumer. Follow it with {@code after} = the last {@code seq} read, or the Link a page carries when more events
     * are there already. A waiting request holds no thread: it parks a signal that the commit completes (or a timer
     * ends), and only its reads run on a worker.
     */
    @GET
    @Path("/events")
    @Operation(summary = "The tranche events this view consumed after a position; a long poll with waitMs",
            description = "Oldest first. With waitMs, an empty answer waits up to that long for the next commit of "
                    + "this process's consumer and returns what it recorded (an empty list when none came). When "
                    + "dealstream.funding-view.max-long-polls requests wait already, one more that would wait is "
                    + "answered 503 with Retry-After.")
    @APIResponse(responseCode = "200", description = "The events, possibly none",
            headers = @Header(name = "Link", description = "When more events than limit are there already: the "
                    + "next page, <target>; rel=\"next\" (RFC 8288), a relative reference with this request's "
                    + "limit and waitMs and the last seq as after", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "after, limit or waitMs is not a whole number, out of its "
            + "bounds or repeated (problem+json naming it)")
    @APIResponse(responseCode = "503", description = "Too many long polls wait already (problem+json, Retry-After)")
    public Uni<RestResponse<List<AppliedEvents.AppliedEvent>>> events(
            @Parameter(description = "The position to continue after (0: from the first)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
            @QueryParam("after") List<String> after,
            @Parameter(description = "At most this many events",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + MAX_LIMIT,
                            defaultValue = "" + DEFAULT_LIMIT))
            @QueryParam("limit") List<String> limit,
            @Parameter(description = "How long an empty answer waits for the next commit, in ms (0: not at all)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "" + MAX_WAIT_MS,
                            defaultValue = "0"))
            @QueryParam("waitMs") List<String> waitMs,
            @Context UriInfo uri) {
        QueryParams params = new QueryParams();
        long from = params.afterPosition(after);
        int most = (int) params.number(Paging.LIMIT, limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
        long waitMillis = params.number("waitMs", waitMs, 0, MAX_WAIT_MS, 0);
        params.check();
        Uni<Page<AppliedEvents.AppliedEvent>> page = waitMillis == 0 ? read(from, most)
                : poll(from, most, System.nanoTime() + waitMillis * 1_000_000, true);
        return page.map(p -> p.answer(uri));
    }

    /**
     * Reads once and, when there is nothing yet, waits for a commit (then reads again) or the deadline (then reads a
     * last time: another replica's commits do not signal here). The signal is taken before the read, so a commit
     * during it ends the wait at once.
     */
    private Uni<Page<AppliedEvents.AppliedEvent>> poll(long after, int limit, long deadline, boolean first) {
        CompletableFuture<Void> commit = applied.nextCommit();
        return read(after, limit).onItem().transformToUni(events -> {
            long left = deadline - System.nanoTime();
            if (!events.items().isEmpty() || left <= 0) {
                return Uni.createFrom().item(events);
            }
            if (commit == null && first) {
                metrics.longPollRefused();
                return Uni.createFrom().failure(new LongPollsFull(applied.maxWaiting()));
            }
            if (commit == null) {
                // it waited already, and a commit freed its place to another: it ends its wait, empty
                return Uni.createFrom().item(events);
            }
            return commitWithin(commit, left).onItem().transformToUni(committed -> committed
                    ? poll(after, limit, deadline, false)
                    : read(after, limit));
        }).onTermination().invoke(() -> applied.release(commit));
    }

    /** True once {@code commit} completes, false when {@code nanos} pass first; a Vert.x timer, not a thread. */
    private Uni<Boolean> commitWithin(CompletableFuture<Void> commit, long nanos) {
        return Uni.createFrom().emitter(emitter -> {
            long timer = vertx.setTimer(Math.max(1, (nanos + 999_999) / 1_000_000), id -> emitter.complete(false));
            // completed on the consumer's thread: only cancels the timer and hands the next read to a worker
            commit.thenRun(() -> {
                vertx.cancelTimer(timer);
                emitter.complete(true);
            });
            emitter.onTermination(() -> vertx.cancelTimer(timer));
        });
    }

    /** The database read, on a worker thread: never on the event loop, never on the consumer's thread. */
    private Uni<Page<AppliedEvents.AppliedEvent>> read(long after, int limit) {
        return Uni.createFrom().item(() -> applied.after(after, limit))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * 503: the long polls that may wait at once wait already; the client asks again after {@code Retry-After}. No
     * stack trace: it is an answer, made many times over in a flood.
     */
    static final class LongPollsFull extends RuntimeException {

        private final int maxWaiting;

        LongPollsFull(int maxWaiting) {
            super(maxWaiting + " long polls wait already, the most this service keeps; ask again in "
                    + RETRY_AFTER_SECONDS + " s", null, false, false);
            this.maxWaiting = maxWaiting;
        }
    }

    @ServerExceptionMapper
    public Response longPollsFull(LongPollsFull full, UriInfo uri) {
        Problem problem = new Problem(503, "Service Unavailable", full.getMessage(), List.of(),
                Map.of("maxLongPolls", full.maxWaiting, "retryAfterSeconds", RETRY_AFTER_SECONDS));
        return Response.status(503).type(ProblemMappers.PROBLEM_JSON)
                .header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))
                .entity(problem.body(uri.getPath())).build();
    }

    @GET
    @Path("/tranches/{id}")
    @Operation(summary = "One tranche as this view holds it")
    @APIResponse(responseCode = "200", description = "The tranche as this view last applied it; its ETag is that "
            + "version of the tranche",
            extensions = @Extension(name = EntityTags.TAGGED, value = "true"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TrancheView.class)))
    @APIResponse(responseCode = "404", description = "The view holds no tranche with this id")
    public Response tranche(@PathParam("id") String id) {
        TrancheView view = TrancheView.findById(id);
        if (view == null) {
            throw Problem.notFound("tranche in the funding view", id);
        }
        return EntityTags.ok(view, view.version);
    }
}
