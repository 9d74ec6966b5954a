package io.dealstream.fundingview;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** {@code dealstream.funding-view.*}: what each service that keeps a funding view sets for itself. */
@ConfigMapping(prefix = "dealstream.funding-view")
public interface FundingViewSettings {

    /** Where this service's poison tranche records go, e.g. {@code compute.tranche-events.dlq}. */
    String deadLetterTopic();

    /**
     * How many long polls of {@code /funding-view/events} may wait for a commit at once in this process; one more
     * that would wait is answered 503 at once. A waiting poll holds no thread, only a few hundred bytes; the bound
     * keeps a flood of them from growing the heap and the burst of reads each commit sets off.
     */
    @WithDefault("1000")
    @Min(value = 0, message = "must be 0 or more: how many long polls may wait at once (0: none)")
    int maxLongPolls();

    /**
     * How many times a batch is tried when it fails for a reason that retrying does not take away (the database
     * refuses a value); then its events are applied one at a time and the one that still fails is dead-lettered.
     * Failures that pass (the database down, a lock) are retried for as long as they last.
     */
    @WithDefault("3")
    @Min(value = 1, message = "must be 1 or more: how many times a failing batch is tried")
    int maxApplyAttempts();

    /**
     * How long the consumer may fail to apply the same records before its health check says it is stuck (DOWN in
     * {@code /q/health}, not in readiness: the API keeps answering from what the view holds).
     */
    @WithDefault("30s")
    Duration stuckAfter();

    /** How many records the consumer may be behind the end of its partitions before its health check says so. */
    @WithDefault("10000")
    @Min(value = 1, message = "must be 1 or more: how many records behind counts as lagging")
    long maxLag();
}
