package io.dealstream.compute.capacity;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/capacity")
@Produces(MediaType.APPLICATION_JSON)
public class CapacityResource {

    private final CapacityLedger ledger;

    CapacityResource(CapacityLedger ledger) {
        this.ledger = ledger;
    }

    @GET
    @Operation(summary = "Capacity of every commitment that states one",
            description = "Contracted, released, lapsed, pending and available GW, per chip generation and in total, "
                    + "with the partner investor's funding they were decided from and the last tranche event applied. "
                    + "ASSUMPTIONS (settings): the release rule (released = contracted x funded / committed equity, "
                    + "lapsed = contracted x expired / committed, rounded down to 0.001 GW; "
                    + "dealstream.capacity.release-on), the Trainium3/Trainium4 split of the ~2 GW "
                    + "(dealstream.capacity.trainium3-share, default 0.5: Trainium3's share of the 2 GW, Trainium4 "
                    + "the rest) and the first delivery "
                    + "days (dealstream.capacity.trainium3-available-from, default 2026-02-26; "
                    + "trainium4-available-from, default 2027-01-01).")
    @APIResponse(responseCode = "200", description = "The capacity report")
    public CapacityReport all() {
        return ledger.report();
    }

    @GET
    @Path("{commitmentId}")
    @Operation(summary = "One commitment's capacity")
    @APIResponse(responseCode = "200", description = "The commitment's capacity")
    @APIResponse(responseCode = "404", description = "No such commitment, or it states no capacity (problem+json)")
    public CommitmentCapacity one(@PathParam("commitmentId") String commitmentId) {
        return ledger.capacity(commitmentId);
    }
}
