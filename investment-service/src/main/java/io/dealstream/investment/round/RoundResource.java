package io.dealstream.investment.round;

import io.dealstream.platform.http.Created;
import io.dealstream.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

@Path("/rounds")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoundResource {

    private final RoundService rounds;

    RoundResource(RoundService rounds) {
        this.rounds = rounds;
    }

    @GET
    public List<RoundView> list() {
        return rounds.all();
    }

    @GET
    @Path("{id}")
    public RoundView get(@PathParam("id") String id) {
        return rounds.get(id);
    }

    /** Opens a round of your own (for demos and load tests) beside the deal's. */
    @POST
    @RolesAllowed(Roles.DEAL_ADMIN)
    public Response open(@NotNull @Valid NewRound round, @Context UriInfo uri) {
        RoundView opened = rounds.open(round);
        return Created.at(uri, opened.id(), opened);
    }

    @GET
    @Path("{id}/cap-table")
    public CapTable capTable(@PathParam("id") String id) {
        return rounds.capTable(id);
    }
}
