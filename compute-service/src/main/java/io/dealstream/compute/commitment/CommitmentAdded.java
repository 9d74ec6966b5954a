package io.dealstream.compute.commitment;

/**
 * Fired (as a synchronous CDI event) inside the transaction that adds a commitment, so its capacity is set up
 * from the funding view in the same transaction.
 */
public record CommitmentAdded(Commitment commitment) {
}
