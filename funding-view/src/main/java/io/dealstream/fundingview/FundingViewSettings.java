package io.dealstream.fundingview;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

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
}
