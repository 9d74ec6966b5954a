package io.dealstream.compute.commitment;

import io.dealstream.events.Limits;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The capacity contracted of one chip generation (in and out of the API). */
@Schema(description = "Capacity contracted of one chip generation. Released capacity fills the generation that is "
        + "deliverable first; lapsed capacity comes off the latest generation first.")
public record GenerationTerms(
        @Schema(description = "Chip generation, e.g. Trainium3", examples = "Trainium3")
        @NotBlank @Size(max = Limits.GENERATION, message = Limits.TOO_LONG) String generation,
        @Schema(description = "Contracted capacity in GW, at most 3 decimals", examples = "1.000")
        @NotNull @PositiveOrZero @Digits(integer = 6, fraction = 3) BigDecimal contractedGw,
        @Schema(description = "First day this generation can be delivered; on POST defaults to the commitment's startsOn",
                examples = "2027-01-01")
        LocalDate availableFrom) {

    static GenerationTerms of(ContractedGeneration g) {
        return new GenerationTerms(g.generation, g.contractedGw, g.availableFrom);
    }
}
