package io.dealstream.compute.deal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.LocalDate;

/**
 * {@code dealstream.commitments.*}: whether the deal's commitments are seeded, and their start days, which the
 * sources do not give. They only shape a fresh database: seeded rows are never changed.
 */
@ConfigMapping(prefix = "dealstream.commitments")
public interface CommitmentSettings {

    /** Whether the deal's commitments are seeded at start. */
    @WithDefault("true")
    boolean seed();

    /** ASSUMPTION: the sources say "November 2025"; the day is not public. */
    @WithName(ComputeTerms.EXISTING)
    CommitmentStart existing();

    /** ASSUMPTION: the announcement date (2026-02-26) taken as the start of the expansion. */
    @WithName(ComputeTerms.EXPANSION)
    CommitmentStart expansion();

    /** {@code dealstream.commitments.<id>.starts-on} */
    interface CommitmentStart {

        LocalDate startsOn();
    }
}
