package io.dealstream.distribution.right;

import io.dealstream.events.Limits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A right to create: what it grants and the condition that governs it. Enum values are case-insensitive. */
@Schema(description = "A new distribution right. Its status is evaluated at once against the funding view.")
public record NewRight(
        @Schema(description = "Unique id: lower-case words joined by '-'", examples = "frontier-oracle")
        @NotBlank @Size(max = Limits.ID, message = Limits.TOO_LONG) @Pattern(regexp = "[a-z0-9]+(-[a-z0-9]+)*",
                message = "must be lower-case letters and digits in words joined by '-', e.g. frontier-aws") String id,
        @Schema(description = "The company holding the right", examples = "Oracle")
        @NotBlank @Size(max = Limits.HOLDER, message = Limits.TOO_LONG) String holder,
        @NotNull Product product,
        @NotNull Cloud cloud,
        @Schema(description = "Must be a mode the product comes in (FRONTIER, STATEFUL_RUNTIME and CUSTOM_MODELS: "
                + "STATEFUL; STATELESS_API: STATELESS), else 422")
        @NotNull Mode mode,
        @Schema(description = "Whether no other cloud may offer the product in this mode; refused (409) when it "
                + "clashes with another cloud's right that has not lapsed", examples = "false")
        @NotNull Boolean exclusive,
        @Schema(description = "What the right grants, in words", examples = "Oracle may resell frontier models") @Size(max = Limits.RIGHT_DESCRIPTION, message = Limits.TOO_LONG)
        String description,
        @NotNull @Valid NewCondition condition) {

    /** The condition of a new right; without text, the kind's standard wording is used. */
    public record NewCondition(
            @NotNull ConditionKind kind,
            @Schema(description = "The condition in words; say here if it is an assumption",
                    examples = "Active once the partner investor funds its first tranche") @Size(max = Limits.CONDITION_TEXT, message = Limits.TOO_LONG)
            String text) {
    }
}
