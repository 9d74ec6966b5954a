package io.dealstream.compute.deal;

import io.dealstream.compute.capacity.CapacitySettings;
import io.dealstream.compute.commitment.GenerationTerms;
import io.dealstream.compute.commitment.NewCommitment;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;

/**
 * The compute side of the deal, as the sources state it (docs/deal.md, Compute): AWS's $38B agreement of November
 * 2025 and the $100B expansion announced on 2026-02-26 with about 2 GW of Trainium capacity. Ids are the bare names
 * ({@link #EXISTING}, {@link #EXPANSION}); each figure is named after what it belongs to. What the sources do not
 * give (start days, how the 2 GW divide between Trainium3 and Trainium4, delivery days) comes from
 * {@link CommitmentSettings} and {@link CapacitySettings}. {@link ComputeSeed} records the commitments at first start.
 */
public final class ComputeTerms {

    public static final String PROVIDER = "AWS";
    public static final String CUSTOMER = "OpenAI";

    /** The November 2025 agreement's id. */
    public static final String EXISTING = "aws-2025-11";
    /** $38B. */
    public static final BigDecimal EXISTING_TOTAL_USD = new BigDecimal("38000000000.00");
    public static final int EXISTING_YEARS = 7;
    public static final String EXISTING_DESCRIPTION = "The November 2025 agreement: AWS data centres with Nvidia "
            + "processors. The sources give no capacity in GW for it.";

    /** The expansion's id. */
    public static final String EXPANSION = "aws-2026-02-expansion";
    /** $100B more, over $138B committed in all. */
    public static final BigDecimal EXPANSION_TOTAL_USD = new BigDecimal("100000000000.00");
    public static final int EXPANSION_YEARS = 8;
    public static final String EXPANSION_DESCRIPTION = "The expansion announced on 2026-02-26: about 2 GW of Trainium "
            + "capacity through AWS infrastructure, Trainium3 now and Trainium4 from 2027.";

    /**
     * "About 2 GW of Trainium capacity": the expansion's contracted capacity in total, whatever its split between the
     * generations. The capacity rule (capacity/ReleaseRule) releases GW of it as the partner's funding arrives:
     * released GW = 2 GW x funded / committed.
     */
    public static final BigDecimal CONTRACTED_GW = new BigDecimal("2.000");
    /** The current generation. */
    public static final String TRAINIUM3 = "Trainium3";
    /** The next generation, delivered from 2027. */
    public static final String TRAINIUM4 = "Trainium4";

    private static final int GW_SCALE = CONTRACTED_GW.scale();

    private ComputeTerms() {
    }

    /** The two commitments, the figures not in the sources taken from the settings. */
    public static List<NewCommitment> commitments(CommitmentSettings commitments, CapacitySettings capacity) {
        return List.of(existing(commitments.existing().startsOn()),
                expansion(commitments.expansion().startsOn(), capacity));
    }

    /** Trainium3's part of {@link #CONTRACTED_GW}: {@code trainium3Share} of it, rounded half-even to 0.001 GW. */
    public static BigDecimal trainium3Gw(BigDecimal trainium3Share) {
        if (trainium3Share.signum() < 0 || trainium3Share.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("Trainium3's share of the " + CONTRACTED_GW + " GW must be between 0 "
                    + "and 1, not " + trainium3Share.toPlainString());
        }
        return CONTRACTED_GW.multiply(trainium3Share).setScale(GW_SCALE, RoundingMode.HALF_EVEN);
    }

    /** Trainium4's part: the rest, so the two add up to exactly {@link #CONTRACTED_GW}. */
    public static BigDecimal trainium4Gw(BigDecimal trainium3Share) {
        return CONTRACTED_GW.subtract(trainium3Gw(trainium3Share));
    }

    private static NewCommitment existing(LocalDate startsOn) {
        BigDecimal statesNoCapacity = null;
        List<GenerationTerms> noGenerations = null;
        List<BigDecimal> straightLineSchedule = null;
        return new NewCommitment(EXISTING, PROVIDER, CUSTOMER, EXISTING_DESCRIPTION, EXISTING_TOTAL_USD,
                EXISTING_YEARS, startsOn, statesNoCapacity, noGenerations, straightLineSchedule);
    }

    private static NewCommitment expansion(LocalDate startsOn, CapacitySettings split) {
        List<GenerationTerms> generations = List.of(
                new GenerationTerms(TRAINIUM3, trainium3Gw(split.trainium3Share()), split.trainium3AvailableFrom()),
                new GenerationTerms(TRAINIUM4, trainium4Gw(split.trainium3Share()), split.trainium4AvailableFrom()));
        List<BigDecimal> straightLineSchedule = null;
        return new NewCommitment(EXPANSION, PROVIDER, CUSTOMER, EXPANSION_DESCRIPTION, EXPANSION_TOTAL_USD,
                EXPANSION_YEARS, startsOn, CONTRACTED_GW, generations, straightLineSchedule);
    }
}
