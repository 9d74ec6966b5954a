package io.dealstream.fundingview;

import io.dealstream.platform.idempotency.Idempotent;
import io.dealstream.platform.problem.Problem;
import io.dealstream.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/** The repairs of the funding view, for the deal's administrator: {@code make redrive} and {@code make rebuild}. */
@Path("/funding-view")
@Produces(MediaType.APPLICATION_JSON)
public class ViewRepairResource {

    private static final Logger LOG = Logger.getLogger(ViewRepairResource.class);

    private final ViewRepair repair;

    ViewRepairResource(ViewRepair repair) {
        this.repair = repair;
    }

    @POST
    @Path("/redrive")
    @RolesAllowed(Roles.DEAL_ADMIN)
    @Idempotent(ownTransactions = true)
    @Operation(summary = "Re-drives the dead-letter topic",
            description = "Its records since the last re-drive go through the view again, each applied at most once "
                    + "(a ce_id seen before is a duplicate); what is refused again goes back to the topic's end with "
                    + "its new reason.")
    @APIResponse(responseCode = "200", description = "What each record did", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ViewRepair.RedriveReport.class)))
    @APIResponse(responseCode = "503", description = "The broker or the database did not answer (problem+json)")
    public Response redrive() {
        return answer(repair::redrive, "the re-drive stopped, what it did is kept and the next one goes on from there");
    }

    @POST
    @Path("/rebuild")
    @RolesAllowed(Roles.DEAL_ADMIN)
    @Idempotent(ownTransactions = true)
    @Operation(summary = "Rebuilds the view from investment.tranche-events",
            description = "Empties the view and replays the topic from its start in one transaction; the capacity "
                    + "or rights are announced again only where the partner's funding ends up other than it was.")
    @APIResponse(responseCode = "200", description = "What the replay did", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ViewRepair.RebuildReport.class)))
    @APIResponse(responseCode = "503", description = "The broker or the database did not answer; the view is as it "
            + "was (problem+json)")
    public Response rebuild() {
        return answer(repair::rebuild, "the rebuild rolled back, the view is as it was");
    }

    /** The repair's report as a 200, or a 503 saying what became of it and why it stopped. */
    private static Response answer(Callable<?> repair, String whenItStops) {
        try {
            return Response.ok(repair.call()).build();
        } catch (Problem problem) {
            throw problem;
        } catch (Exception e) {
            LOG.warnf(e, "%s", whenItStops);
            throw Problem.unavailable(whenItStops + ": " + ApplyFailures.describe(e));
        }
    }
}
