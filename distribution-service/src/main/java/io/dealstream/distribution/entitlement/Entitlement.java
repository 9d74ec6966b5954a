package io.dealstream.distribution.entitlement;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The deal's answer to "may this cloud offer this product in this mode?". */
public record Entitlement(
        @Schema(description = "Whether the cloud may offer the product in the mode now") boolean allowed,
        @Schema(description = "Why, naming the right that decides") String reason,
        @Schema(description = "The right that decides; null only when no right concerns the product at all")
        String rightId) {
}
