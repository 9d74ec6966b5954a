package io.dealstream.events.round;

import java.math.BigDecimal;

/** One investor of a round and what it committed to it, in USD, as a {@link RoundSnapshot} lists it. */
public record RoundCommitment(String investor, BigDecimal committed) {
}
