package io.dealstream.compute.capacity;

import io.dealstream.compute.capacity.ReleaseRule.ReleaseOn;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * {@code dealstream.capacity.*}: what the sources do not say about the 2 GW, each one an ASSUMPTION. The split and
 * the delivery days shape the seeded expansion (deal/ComputeSeed) in a fresh database only, as seeded rows are never
 * changed; the release rule applies to every decision. A value out of range stops the service at start, naming the
 * property.
 */
@ConfigMapping(prefix = "dealstream.capacity")
public interface CapacitySettings {

    String SHARE = "must be between 0 and 1: Trainium3's share of the 2 GW (Trainium4 gets the rest)";

    /**
     * How the ~2 GW divide between Trainium3 and Trainium4 is not public: Trainium3 gets this share of the 2 GW
     * (deal/ComputeTerms.CONTRACTED_GW), Trainium4 the rest.
     */
    @WithDefault("0.5")
    @DecimalMin(value = "0", message = SHARE)
    @DecimalMax(value = "1", message = SHARE)
    BigDecimal trainium3Share();

    /** Trainium3 is the current generation, deliverable from the expansion's start. */
    LocalDate trainium3AvailableFrom();

    /** The sources say Trainium4 deliveries begin "in 2027"; the day is not public. */
    LocalDate trainium4AvailableFrom();

    /** Which of the partner's equity releases capacity (see {@link ReleaseRule}). */
    @WithDefault("FUNDED")
    ReleaseOn releaseOn();
}
