package io.dealstream.fundingview;

import io.smallrye.config.ConfigMapping;

/** {@code dealstream.funding-view.*}: what each service that keeps a funding view sets for itself. */
@ConfigMapping(prefix = "dealstream.funding-view")
public interface FundingViewSettings {

    /** Where this service's poison tranche records go, e.g. {@code compute.tranche-events.dlq}. */
    String deadLetterTopic();
}
