package io.dealstream.fundingview;

import io.dealstream.platform.problem.Problem;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The funding view as this service holds it: per investor and per tranche, and the last event applied. */
@Path("/funding-view")
@Produces(MediaType.APPLICATION_JSON)
public class FundingViewResource {

    private static final Comparator<List<String>> BY_ROUND_THEN_INVESTOR =
            Comparator.<List<String>, String>comparing(key -> key.get(0)).thenComparing(key -> key.get(1));

    private final AppliedEvents applied;

    FundingViewResource(AppliedEvents applied) {
        this.applied = applied;
    }

    public record View(List<InvestorFunding> investors, List<TrancheView> tranches, LastAppliedEvent lastEvent) {
    }

    /** The whole view, or the part of one round (and investor). */
    @GET
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
     * 5000); with {@code waitMs}, an empty answer waits up to that long (30 s at most) for the next one. Follow it
     * with {@code after} = the last {@code seq} read.
     */
    @GET
    @Path("/events")
    public List<AppliedEvents.AppliedEvent> events(@QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("500") int limit, @QueryParam("waitMs") @DefaultValue("0") long waitMs)
            throws InterruptedException {
        if (limit < 1) {
            throw Problem.badRequest("limit", "must be 1 or more");
        }
        if (waitMs < 0) {
            throw Problem.badRequest("waitMs", "must be 0 or more");
        }
        return applied.after(after, Math.min(limit, 5000), Duration.ofMillis(Math.min(waitMs, 30_000)));
    }

    @GET
    @Path("/tranches/{id}")
    public TrancheView tranche(@PathParam("id") String id) {
        TrancheView view = TrancheView.findById(id);
        if (view == null) {
            throw Problem.notFound("tranche in the funding view", id);
        }
        return view;
    }
}
