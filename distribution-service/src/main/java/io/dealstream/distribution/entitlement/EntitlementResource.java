package io.dealstream.distribution.entitlement;

import io.dealstream.distribution.right.Cloud;
import io.dealstream.distribution.right.Mode;
import io.dealstream.distribution.right.Product;
import io.dealstream.distribution.right.RightService;
import io.dealstream.platform.http.QueryParams;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** "May this cloud offer this OpenAI product in this mode?", answered from the rights as they stand. */
@Path("/entitlements")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "entitlements", description = "The deal's answer for a product, a cloud and a mode")
public class EntitlementResource {

    private static final Logger LOG = Logger.getLogger(EntitlementResource.class);

    private final RightService rights;

    EntitlementResource(RightService rights) {
        this.rights = rights;
    }

    @GET
    @Operation(summary = "May this cloud offer this product in this mode?",
            description = "Refused when the product does not come in the mode (FRONTIER, STATEFUL_RUNTIME and "
                    + "CUSTOM_MODELS are STATEFUL, STATELESS_API is STATELESS; CUSTOM_MODELS being STATEFUL is an "
                    + "assumption), when another cloud holds an exclusive right that has not lapsed, or when the cloud's "
                    + "own right is PENDING or LAPSED or missing. The reason names the right that decides.")
    @APIResponse(responseCode = "200", description = "Allowed or not, and the right that decides")
    @APIResponse(responseCode = "400", description = "A parameter is missing, unknown or repeated; the problem names "
            + "each and lists the known values")
    public Entitlement check(
            @Parameter(required = true, description = "FRONTIER, STATEFUL_RUNTIME, STATELESS_API or CUSTOM_MODELS "
                    + "(case-insensitive; '-' or ' ' for '_')", schema = @Schema(type = SchemaType.STRING))
            @QueryParam("product") List<String> product,
            @Parameter(required = true, description = "AWS, AZURE, GOOGLE_CLOUD or ORACLE_CLOUD (case-insensitive; "
                    + "'-' or ' ' for '_')", schema = @Schema(type = SchemaType.STRING))
            @QueryParam("cloud") List<String> cloud,
            @Parameter(required = true, description = "STATEFUL or STATELESS (case-insensitive)",
                    schema = @Schema(type = SchemaType.STRING))
            @QueryParam("mode") List<String> mode) {
        QueryParams params = new QueryParams();
        Product p = params.required(Product.class, "product", product);
        Cloud c = params.required(Cloud.class, "cloud", cloud);
        Mode m = params.required(Mode.class, "mode", mode);
        params.check();
        Entitlement answer = EntitlementDecision.decide(rights.all(), p, c, m);
        LOG.debugf("entitlement %s %s %s: allowed=%s right=%s", p, c, m, answer.allowed(), answer.rightId());
        return answer;
    }
}
