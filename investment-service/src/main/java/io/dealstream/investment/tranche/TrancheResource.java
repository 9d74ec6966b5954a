package io.dealstream.investment.tranche;

import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.events.tranche.TrancheState;
import io.dealstream.platform.problem.Problem;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

@Path("/tranches")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TrancheResource {

    @Inject
    TrancheService tranches;

    /** {@code state} is read here rather than by JAX-RS, which would answer an unknown value with a 404. */
    @GET
    public List<TrancheSnapshot> list(@QueryParam("state") String state, @QueryParam("investor") String investor) {
        return tranches.list(Problem.enumParam(TrancheState.class, "state", state), investor);
    }

    @GET
    @Path("{id}")
    public TrancheSnapshot get(@PathParam("id") String id) {
        return tranches.get(id);
    }

    @POST
    public Response commit(@NotNull @Valid NewTranche tranche, @Context UriInfo uri) {
        TrancheSnapshot committed = tranches.commit(tranche);
        return Response.created(uri.getAbsolutePathBuilder().path(committed.trancheId()).build())
                .entity(committed).build();
    }

    @POST
    @Path("{id}/funding")
    public TrancheSnapshot fund(@PathParam("id") String id, @NotNull @Valid Funding funding) {
        return tranches.fund(id, funding);
    }

    @POST
    @Path("{id}/triggers")
    public TrancheSnapshot trigger(@PathParam("id") String id, @NotNull @Valid TriggerOccurrence trigger) {
        return tranches.trigger(id, trigger);
    }

    @GET
    @Path("{id}/events")
    public List<RecordedEvent> events(@PathParam("id") String id) {
        return tranches.events(id);
    }
}
