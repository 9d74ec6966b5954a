package io.dealstream.compute.capacity;

import io.dealstream.events.capacity.GenerationCapacity;
import io.dealstream.fundingview.InvestorFunding;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The capacity release rule. ASSUMPTION (illustrative; the sources tie no capacity to the investment):
 *
 * <ul>
 * <li>released GW = contracted GW x releasing equity / committed equity of the partner investor, where releasing
 * equity is its funded equity (or funded + obligated with {@link ReleaseOn#OBLIGATED});</li>
 * <li>lapsed GW = contracted GW x expired equity / committed equity (committed includes expired tranches);</li>
 * <li>pending GW = contracted - released - lapsed; no committed equity releases and lapses nothing;</li>
 * <li>GW are rounded down to 3 decimals, so the rule never releases more than funding paid for.</li>
 * </ul>
 *
 * Per chip generation, released capacity fills the generation deliverable first (Trainium3) before the next
 * (Trainium4); lapsed capacity comes off the unreleased remainder from the latest generation back. Available is
 * what is released and deliverable on the day: nothing of a generation before its availableFrom date.
 */
public final class ReleaseRule {

    public static final int GW_SCALE = 3;
    public static final BigDecimal NO_GW = BigDecimal.ZERO.setScale(GW_SCALE);

    /** Which of the partner's equity releases capacity. */
    public enum ReleaseOn {
        /** Only money paid in. */
        FUNDED,
        /** Money paid in and money a trigger obliges the investor to pay. */
        OBLIGATED
    }

    /** The partner investor's equity as the rule reads it, in USD. */
    public record Equity(BigDecimal committed, BigDecimal releasing, BigDecimal expired) {

        public static Equity of(InvestorFunding funding, ReleaseOn releaseOn) {
            BigDecimal releasing = releaseOn == ReleaseOn.OBLIGATED ? funding.funded().add(funding.obligated())
                    : funding.funded();
            return new Equity(funding.committed(), releasing, funding.expired());
        }
    }

    /** The contracted capacity of one chip generation and the first day it can be delivered. */
    public record ChipGeneration(String generation, BigDecimal contractedGw, LocalDate availableFrom) {
    }

    /** What funding decided about a commitment's capacity, in GW; the rest is pending. */
    public record Decision(BigDecimal releasedGw, BigDecimal lapsedGw) {
    }

    /** A commitment's capacity on a day, in total and per generation (deliverable first). */
    public record Capacity(BigDecimal contractedGw, BigDecimal releasedGw, BigDecimal lapsedGw, BigDecimal pendingGw,
            BigDecimal availableGw, List<GenerationCapacity> generations) {
    }

    private ReleaseRule() {
    }

    public static Decision decide(BigDecimal contractedGw, Equity equity) {
        if (equity.committed().signum() == 0) {
            return new Decision(NO_GW, NO_GW);
        }
        return new Decision(share(contractedGw, equity.releasing(), equity.committed()),
                share(contractedGw, equity.expired(), equity.committed()));
    }

    /** Spreads a decision over the generations and says what is available on {@code on}. */
    public static Capacity spread(List<ChipGeneration> generations, Decision decision, LocalDate on) {
        List<ChipGeneration> deliverableFirst = generations.stream()
                .sorted(Comparator.comparing(ChipGeneration::availableFrom))
                .toList();
        BigDecimal contracted = gw(deliverableFirst.stream().map(ChipGeneration::contractedGw)
                .reduce(BigDecimal.ZERO, BigDecimal::add));
        if (decision.releasedGw().add(decision.lapsedGw()).compareTo(contracted) > 0) {
            throw new IllegalArgumentException("released " + decision.releasedGw() + " GW and lapsed "
                    + decision.lapsedGw() + " GW exceed the contracted " + contracted + " GW");
        }
        int n = deliverableFirst.size();
        BigDecimal[] released = new BigDecimal[n];
        BigDecimal toRelease = decision.releasedGw();
        for (int i = 0; i < n; i++) {
            released[i] = toRelease.min(deliverableFirst.get(i).contractedGw());
            toRelease = toRelease.subtract(released[i]);
        }
        BigDecimal[] lapsed = new BigDecimal[n];
        BigDecimal toLapse = decision.lapsedGw();
        for (int i = n - 1; i >= 0; i--) {
            lapsed[i] = toLapse.min(deliverableFirst.get(i).contractedGw().subtract(released[i]));
            toLapse = toLapse.subtract(lapsed[i]);
        }
        List<GenerationCapacity> spread = new ArrayList<>(n);
        BigDecimal available = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            ChipGeneration g = deliverableFirst.get(i);
            BigDecimal availableGw = on.isBefore(g.availableFrom()) ? NO_GW : released[i];
            available = available.add(availableGw);
            spread.add(new GenerationCapacity(g.generation(), gw(g.contractedGw()), gw(released[i]), gw(lapsed[i]),
                    gw(g.contractedGw().subtract(released[i]).subtract(lapsed[i])), gw(availableGw),
                    g.availableFrom()));
        }
        BigDecimal pending = contracted.subtract(decision.releasedGw()).subtract(decision.lapsedGw());
        return new Capacity(contracted, gw(decision.releasedGw()), gw(decision.lapsedGw()), gw(pending), gw(available),
                List.copyOf(spread));
    }

    private static BigDecimal share(BigDecimal contractedGw, BigDecimal part, BigDecimal whole) {
        return contractedGw.multiply(part).divide(whole, GW_SCALE, RoundingMode.DOWN);
    }

    /** GW at scale 3; a figure with finer digits is refused rather than rounded. */
    private static BigDecimal gw(BigDecimal value) {
        return value.setScale(GW_SCALE, RoundingMode.UNNECESSARY);
    }
}
