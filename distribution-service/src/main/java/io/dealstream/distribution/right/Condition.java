package io.dealstream.distribution.right;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The condition that governs a right's status: its kind (what the rules evaluate) and readable text. */
public record Condition(
        @Schema(description = "What the rules evaluate against the partner investor's funding") ConditionKind kind,
        @Schema(description = "The condition in words, including whether it is an assumption") String text) {

    /** The form event bodies carry, e.g. {@code FIRST_TRANCHE_FUNDED: active once Amazon funds ...}. */
    public String describe() {
        return kind + ": " + text;
    }
}
