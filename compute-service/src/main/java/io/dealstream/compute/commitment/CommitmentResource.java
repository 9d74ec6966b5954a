package io.dealstream.compute.commitment;

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

@Path("/commitments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CommitmentResource {

    private final CommitmentService commitments;

    CommitmentResource(CommitmentService commitments) {
        this.commitments = commitments;
    }

    @GET
    @Operation(summary = "All compute commitments",
            description = "The deal's two are seeded at first start: aws-2025-11 ($38B over 7 years; its start day "
                    + "2025-11-01 is an assumption, setting dealstream.commitments.aws-2025-11.starts-on; no capacity "
                    + "is stated for it) and aws-2026-02-expansion ($100B over 8 years, about 2 GW of Trainium; its "
                    + "start on the announcement date 2026-02-26 is an assumption, setting "
                    + "dealstream.commitments.aws-2026-02-expansion.starts-on; the Trainium3/Trainium4 split and "
                    + "availability dates are assumptions, settings dealstream.capacity.*). Seeded rows are never "
                    + "changed by later settings.")
    @APIResponse(responseCode = "200", description = "A page of the commitments, by id")
    public RestResponse<List<CommitmentView>> list(@BeanParam PageQuery.AfterId page) {
        return page.answer(commitments::list);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One commitment")
    @APIResponse(responseCode = "200", description = "The commitment; its ETag is \"1\": a commitment never changes "
            + "once added",
            extensions = @Extension(name = EntityTags.TAGGED, value = "true"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CommitmentView.class)))
    public Response get(@PathParam("id") String id) {
        return EntityTags.ok(commitments.get(id), Commitment.VERSION);
    }

    @POST
    @RolesAllowed(Roles.DEAL_ADMIN)
    @Idempotent
    @Operation(summary = "Adds a commitment",
            description = "Its capacity (if any) is released at once from the partner investor's funding as the "
                    + "funding view holds it.")
    @APIResponse(responseCode = "201", description = "Added; Location names it, ETag \"1\" is its version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CommitmentView.class)))
    @APIResponse(responseCode = "409", description = "The id is taken (problem+json)")
    @APIResponse(responseCode = "422", description = "The schedule or generations do not match the commitment "
            + "(problem+json naming the field)")
    public Response add(@NotNull @Valid NewCommitment commitment, @Context UriInfo uri) {
        CommitmentView added = commitments.add(commitment);
        return Created.at(uri, added.id(), added, Commitment.VERSION);
    }

    @GET
    @Path("{id}/schedule")
    @Operation(summary = "Spend per contract year",
            description = "Straight-line unless a schedule was given: total / years rounded down to the cent each "
                    + "year, the remainder in the last year, so the years add up exactly to the total.")
    @APIResponse(responseCode = "200", description = "The spend per contract year")
    public ScheduleView schedule(@PathParam("id") String id) {
        return commitments.schedule(id);
    }
}
