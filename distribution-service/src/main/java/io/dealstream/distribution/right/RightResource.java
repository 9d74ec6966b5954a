package io.dealstream.distribution.right;

import io.dealstream.events.right.RightStatus;
import io.dealstream.platform.http.Created;
import io.dealstream.platform.http.EntityTags;
import io.dealstream.platform.http.PageQuery;
import io.dealstream.platform.http.QueryParams;
import io.dealstream.platform.idempotency.Idempotent;
import io.dealstream.platform.problem.Problem;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The distribution rights this service owns. */
@Path("/rights")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "rights", description = "Who may offer which OpenAI product through which cloud, and whether it is in force")
public class RightResource {

    private final RightService rights;

    RightResource(RightService rights) {
        this.rights = rights;
    }

    @GET
    @Operation(summary = "The rights, by id",
            description = "Seeded at first start: frontier-aws and stateful-runtime-bedrock (active once the partner "
                    + "investor funds its first tranche), custom-models-amazon (ILLUSTRATIVE ASSUMPTION: active once all "
                    + "$50B is funded, lapsed once any of it expires unfunded) and stateless-api-azure (pre-existing, "
                    + "ACTIVE).")
    @APIResponse(responseCode = "200", description = "A page of the rights, by id")
    @APIResponse(responseCode = "400", description = "Unknown or repeated status, or a limit or after out of its "
            + "bounds, malformed or repeated")
    public RestResponse<List<Right>> list(
            @Parameter(description = "PENDING, ACTIVE or LAPSED (case-insensitive)",
                    schema = @Schema(type = SchemaType.STRING)) @QueryParam("status") List<String> status,
            @Parameter(description = "The holder, e.g. Amazon (case-insensitive)") @QueryParam("holder") String holder,
            @BeanParam PageQuery.AfterId page) {
        QueryParams params = new QueryParams();
        RightStatus wanted = params.optional(RightStatus.class, "status", status);
        String wantedHolder = holder == null || holder.isBlank() ? null : holder.trim();
        return page.answer(params, (after, limit) -> rights.list(wanted, wantedHolder, after, limit));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One right, with its condition and why its status last changed")
    @APIResponse(responseCode = "200", description = "The right; its ETag is its version, which each status change "
            + "moves",
            extensions = @Extension(name = EntityTags.TAGGED, value = "true"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Right.class)))
    public Response get(@PathParam("id") String id) {
        Right right = rights.find(id).orElseThrow(() -> Problem.notFound("right", id));
        return EntityTags.ok(right, right.version());
    }

    @POST
    @RolesAllowed(Roles.DEAL_ADMIN)
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Creates a right",
            description = "Its status is evaluated at once against the funding view; a right created ACTIVE or LAPSED "
                    + "is announced on distribution.rights-events. Refused when the mode is not one the product comes in "
                    + "(422), the id exists (409) or it clashes with an exclusive right of another cloud (409).")
    @APIResponse(responseCode = "201", description = "Created; Location names it, ETag is its version (1)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Right.class)))
    @APIResponse(responseCode = "409", description = "The id exists, or exclusivity clashes with another right")
    @APIResponse(responseCode = "422", description = "The product does not come in that mode")
    public Response create(@Valid @NotNull NewRight body, @Context UriInfo uri) {
        Right created = rights.create(body);
        return Created.at(uri, created.id(), created, created.version());
    }
}
