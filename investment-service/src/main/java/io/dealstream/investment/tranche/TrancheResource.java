package io.dealstream.investment.tranche;

import io.dealstream.events.Limits;
import io.dealstream.events.tranche.TrancheState;
import io.dealstream.platform.http.Created;
import io.dealstream.platform.http.Paging;
import io.dealstream.platform.http.QueryParams;
import io.dealstream.platform.security.Caller;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/tranches")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TrancheResource {

    private final TrancheService tranches;
    private final Caller caller;

    TrancheResource(TrancheService tranches, Caller caller) {
        this.tranches = tranches;
        this.caller = caller;
    }

    @GET
    @APIResponse(responseCode = "200", description = "A page of the tranches, by id",
            headers = @Header(name = "Link", description = Paging.LINK_DESCRIPTION,
                    schema = @Schema(type = SchemaType.STRING)))
    public RestResponse<List<TrancheResponse>> list(
            @Parameter(description = "COMMITTED, CONTINGENT, OBLIGATED, FUNDED or EXPIRED (case-insensitive)",
                    schema = @Schema(type = SchemaType.STRING)) @QueryParam("state") List<String> state,
            @QueryParam("investor") String investor,
            @Parameter(description = Paging.LIMIT_DESCRIPTION, schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "" + Paging.MAX_LIMIT, defaultValue = "" + Paging.DEFAULT_LIMIT))
            @QueryParam("limit") List<String> limit,
            @Parameter(description = Paging.AFTER_ID_DESCRIPTION,
                    schema = @Schema(type = SchemaType.STRING, maxLength = Limits.ID))
            @QueryParam("after") List<String> after,
            @Context UriInfo uri) {
        QueryParams params = new QueryParams();
        TrancheState wanted = params.optional(TrancheState.class, "state", state);
        int most = params.limit(limit);
        String from = params.afterId(after);
        params.check();
        return tranches.list(wanted, investor, from, most).answer(uri);
    }

    @GET
    @Path("{id}")
    public TrancheResponse get(@PathParam("id") String id) {
        return tranches.get(id);
    }

    @POST
    @RolesAllowed(Roles.DEAL_ADMIN)
    public Response commit(@NotNull @Valid NewTranche tranche, @Context UriInfo uri) {
        TrancheResponse committed = tranches.commit(tranche);
        return Created.at(uri, committed.trancheId(), committed);
    }

    @POST
    @Path("{id}/funding")
    @RolesAllowed({Roles.DEAL_ADMIN, Roles.INVESTOR})
    public TrancheResponse fund(@PathParam("id") String id, @NotNull @Valid Funding funding) {
        return tranches.fund(id, funding, caller);
    }

    @POST
    @Path("{id}/triggers")
    @RolesAllowed(Roles.DEAL_ADMIN)
    public TrancheResponse trigger(@PathParam("id") String id, @NotNull @Valid TriggerOccurrence trigger) {
        return tranches.trigger(id, trigger);
    }

    @GET
    @Path("{id}/events")
    @APIResponse(responseCode = "200", description = "A page of the tranche's events, oldest first",
            headers = @Header(name = "Link", description = Paging.LINK_DESCRIPTION,
                    schema = @Schema(type = SchemaType.STRING)))
    public RestResponse<List<RecordedEvent>> events(@PathParam("id") String id,
            @Parameter(description = Paging.LIMIT_DESCRIPTION, schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "" + Paging.MAX_LIMIT, defaultValue = "" + Paging.DEFAULT_LIMIT))
            @QueryParam("limit") List<String> limit,
            @Parameter(description = Paging.AFTER_POSITION_DESCRIPTION,
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
            @QueryParam("after") List<String> after,
            @Context UriInfo uri) {
        QueryParams params = new QueryParams();
        int most = params.limit(limit);
        long from = params.afterPosition(after);
        params.check();
        return tranches.events(id, from, most).answer(uri);
    }
}
