package io.dealstream.investment.tranche;

import io.dealstream.events.tranche.TrancheState;
import io.dealstream.platform.http.Created;
import io.dealstream.platform.http.EntityTags;
import io.dealstream.platform.http.IfMatch;
import io.dealstream.platform.http.PageQuery;
import io.dealstream.platform.http.QueryParams;
import io.dealstream.platform.idempotency.Idempotent;
import io.dealstream.platform.security.Caller;
import io.dealstream.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/tranches")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TrancheResource {

    /** The 409 of a write the tranche's state refuses (TrancheService's), said alike for each. */
    private static final String NOT_IN_THIS_STATE = "The tranche's state does not allow it (currentState says which "
            + "it is)";

    private final TrancheService tranches;
    private final Caller caller;

    TrancheResource(TrancheService tranches, Caller caller) {
        this.tranches = tranches;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Every tranche, or those in one state or of one investor, a page at a time")
    @APIResponse(responseCode = "200", description = "A page of the tranches, by id")
    public RestResponse<List<TrancheResponse>> list(
            @Parameter(description = "COMMITTED, CONTINGENT, OBLIGATED, FUNDED or EXPIRED (case-insensitive)",
                    schema = @Schema(type = SchemaType.STRING)) @QueryParam("state") List<String> state,
            @QueryParam("investor") String investor, @BeanParam PageQuery.AfterId page) {
        QueryParams params = new QueryParams();
        TrancheState wanted = params.optional(TrancheState.class, "state", state);
        return page.answer(params, (after, limit) -> tranches.list(wanted, investor, after, limit));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One tranche")
    @APIResponse(responseCode = "200", description = "The tranche; its ETag is its version",
            extensions = @Extension(name = EntityTags.TAGGED, value = "true"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TrancheResponse.class)))
    public Response get(@PathParam("id") String id) {
        TrancheResponse tranche = tranches.get(id);
        return EntityTags.ok(tranche, tranche.version());
    }

    @POST
    @RolesAllowed(Roles.DEAL_ADMIN)
    @Operation(summary = "Commits a tranche of a round's investor")
    @Idempotent
    @APIResponse(responseCode = "201", description = "Committed at version 1; Location names it, ETag \"1\"",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TrancheResponse.class)))
    @APIResponse(responseCode = "409", description = "A tranche with this id exists")
    @APIResponse(responseCode = "422", description = "The round or investor is unknown, the investor's tranches "
            + "would exceed its commitment, or a date or trigger does not fit (errors names the field)")
    public Response commit(@NotNull @Valid NewTranche tranche, @Context UriInfo uri) {
        TrancheResponse committed = tranches.commit(tranche);
        return Created.at(uri, committed.trancheId(), committed, committed.version());
    }

    @POST
    @Path("{id}/funding")
    @RolesAllowed({Roles.DEAL_ADMIN, Roles.INVESTOR})
    @Operation(summary = "Records the tranche's funding: the whole amount, on a day")
    @Idempotent
    @APIResponse(responseCode = "200", description = "Funded; ETag is the new version",
            extensions = @Extension(name = EntityTags.TAGGED, value = "true"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TrancheResponse.class)))
    @APIResponse(responseCode = "409", description = NOT_IN_THIS_STATE)
    @APIResponse(responseCode = "422", description = "The amount is not the tranche's, or the day is before the "
            + "round opened or in the future (errors names the field)")
    public Response fund(@PathParam("id") String id, @NotNull @Valid Funding funding,
            @HeaderParam(IfMatch.HEADER) List<String> ifMatch) {
        TrancheResponse funded = tranches.fund(id, funding, caller, IfMatch.of(ifMatch));
        return EntityTags.ok(funded, funded.version());
    }

    @POST
    @Path("{id}/triggers")
    @RolesAllowed(Roles.DEAL_ADMIN)
    @Operation(summary = "Records that the contingent tranche's trigger occurred: it becomes OBLIGATED")
    @Idempotent
    @APIResponse(responseCode = "200", description = "Obligated; ETag is the new version",
            extensions = @Extension(name = EntityTags.TAGGED, value = "true"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TrancheResponse.class)))
    @APIResponse(responseCode = "409", description = NOT_IN_THIS_STATE)
    @APIResponse(responseCode = "422", description = "The trigger is not the tranche's, or the day does not fit "
            + "(errors names the field)")
    public Response trigger(@PathParam("id") String id, @NotNull @Valid TriggerOccurrence trigger,
            @HeaderParam(IfMatch.HEADER) List<String> ifMatch) {
        TrancheResponse obligated = tranches.trigger(id, trigger, IfMatch.of(ifMatch));
        return EntityTags.ok(obligated, obligated.version());
    }

    @GET
    @Path("{id}/events")
    @Operation(summary = "The tranche's events, oldest first, as published to investment.tranche-events")
    @APIResponse(responseCode = "200", description = "A page of the tranche's events, oldest first")
    public RestResponse<List<RecordedEvent>> events(@PathParam("id") String id,
            @BeanParam PageQuery.AfterPosition page) {
        return page.answer((after, limit) -> tranches.events(id, after, limit));
    }
}
