package io.dealstream.fundingview;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the tranche consumer is getting on: the records it keeps failing to apply, since when, how often and why.
 * The consumer reports here; the health check and the metrics read it.
 */
@ApplicationScoped
public class ConsumerProgress {

    /** Records the consumer has failed to apply since {@code since}: where they are, tries so far, the last error. */
    public record Failing(String position, int attempts, Instant since, String error) {

        Duration lasting(Instant now) {
            return Duration.between(since, now);
        }
    }

    private final Clock clock;
    private volatile Failing failing;

    ConsumerProgress(Clock clock) {
        this.clock = clock;
    }

    /** A try at the records at {@code position} (topic-partition@offset, ...) failed; returns how long they fail. */
    synchronized Failing failed(String position, String error) {
        Failing before = failing;
        failing = before != null && before.position().equals(position)
                ? new Failing(position, before.attempts() + 1, before.since(), error)
                : new Failing(position, 1, clock.instant(), error);
        return failing;
    }

    /** The records in hand were applied (or dead-lettered): nothing fails now. */
    void recovered() {
        failing = null;
    }

    /** What fails now, or null. */
    public Failing failing() {
        return failing;
    }

    /** How long the records in hand have been failing, or zero. */
    public Duration failingFor() {
        Failing now = failing;
        return now == null ? Duration.ZERO : now.lasting(clock.instant());
    }
}
