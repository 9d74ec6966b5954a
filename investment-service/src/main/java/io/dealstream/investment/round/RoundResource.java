package io.dealstream.investment.round;

import io.dealstream.platform.http.Created;
import io.dealstream.platform.http.EntityTags;
import io.dealstream.platform.http.PageQuery;
import io.dealstream.platform.idempotency.Idempotent;
import io.dealstream.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/rounds")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoundResource {

    private final RoundService rounds;

    RoundResource(RoundService rounds) {
        this.rounds = rounds;
    }

    @GET
    @Operation(summary = "Every round, the deal's and any opened since, a page at a time")
    @APIResponse(responseCode = "200", description = "A page of the rounds, by id")
    public RestResponse<List<RoundView>> list(@BeanParam PageQuery.AfterId page) {
        return page.answer(rounds::list);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One round")
    @APIResponse(responseCode = "200", description = "The round; its ETag is \"1\": a round never changes once opened",
            extensions = @Extension(name = EntityTags.TAGGED, value = "true"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RoundView.class)))
    public Response get(@PathParam("id") String id) {
        return EntityTags.ok(rounds.get(id), Round.VERSION);
    }

    /** Opens a round of your own (for demos and load tests) beside the deal's. */
    @POST
    @RolesAllowed(Roles.DEAL_ADMIN)
    @Operation(summary = "Opens a round")
    @Idempotent
    @APIResponse(responseCode = "201", description = "Opened; Location names it, ETag \"1\" is its version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RoundView.class)))
    @APIResponse(responseCode = "409", description = "A round with this id exists")
    @APIResponse(responseCode = "422", description = "An investor is listed twice, the commitments add up to more "
            + "than the round, or it opens after today (errors names the field)")
    public Response open(@NotNull @Valid NewRound round, @Context UriInfo uri) {
        RoundView opened = rounds.open(round);
        return Created.at(uri, opened.id(), opened, Round.VERSION);
    }

    @GET
    @Path("{id}/cap-table")
    @Operation(summary = "The round's cap table: each investor's commitment, funding and stake")
    @APIResponse(responseCode = "200", description = "The cap table")
    public CapTable capTable(@PathParam("id") String id) {
        return rounds.capTable(id);
    }
}
