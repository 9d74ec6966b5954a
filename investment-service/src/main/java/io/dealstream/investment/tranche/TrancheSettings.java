package io.dealstream.investment.tranche;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code dealstream.tranche.*}: how long a trigger gives the investor, and how often lapsed tranches are expired. */
@ConfigMapping(prefix = "dealstream.tranche")
public interface TrancheSettings {

    /**
     * ASSUMPTION: the days a trigger gives the investor to fund; the filings say "within a strict timeframe"
     * without its length.
     */
    int obligationWindowDays();

    /**
     * The period of {@link TrancheExpiry}'s schedule, which reads the property by name (a schedule's period is a
     * config expression): e.g. {@code 1h}, {@code PT30M}, or {@code off}.
     */
    @WithDefault("1h")
    String expiryCheckEvery();
}
