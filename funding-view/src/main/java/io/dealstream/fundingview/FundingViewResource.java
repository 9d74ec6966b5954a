package io.dealstream.fundingview;

import io.dealstream.platform.problem.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
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

    /** The last tranche event that changed the view. */
    public record LastEvent(String id, String type, String subject, long version, OffsetDateTime time,
            OffsetDateTime appliedAt) {

        static LastEvent of(SeenEvent seen) {
            return seen == null ? null
                    : new LastEvent(seen.eventId, seen.type, seen.subject, seen.version, seen.eventTime, seen.appliedAt);
        }
    }

    public record View(List<InvestorFunding> investors, List<TrancheView> tranches, LastEvent lastEvent) {
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
        return new View(investors, tranches, LastEvent.of(SeenEvent.lastApplied()));
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
