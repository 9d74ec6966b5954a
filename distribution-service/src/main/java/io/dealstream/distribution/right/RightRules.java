package io.dealstream.distribution.right;

import io.dealstream.events.right.RightStatus;
import io.dealstream.fundingview.InvestorFunding;
import java.util.Optional;

/**
 * When a right activates or lapses, given the partner investor's funding. A right only moves forward
 * (PENDING to ACTIVE or LAPSED, ACTIVE to LAPSED): funding and expiry are final, and there is no event for a
 * right going back to PENDING. LAPSED is final.
 */
public final class RightRules {

    /** A status change the rules call for, and why in words. */
    public record Transition(RightStatus status, String why) {
    }

    private RightRules() {
    }

    /** The change the condition calls for, from {@code current}, or empty when the status stays. */
    public static Optional<Transition> evaluate(ConditionKind condition, RightStatus current, InvestorFunding funding) {
        if (current == RightStatus.LAPSED) {
            return Optional.empty();
        }
        Transition target = target(condition, funding);
        if (target.status() == current || target.status() == RightStatus.PENDING) {
            return Optional.empty();
        }
        return Optional.of(target);
    }

    private static Transition target(ConditionKind condition, InvestorFunding funding) {
        String investor = funding.investor();
        return switch (condition) {
            case NONE -> new Transition(RightStatus.ACTIVE, "no condition: in force from the start");
            case FIRST_TRANCHE_FUNDED -> funding.funded().signum() > 0
                    ? new Transition(RightStatus.ACTIVE, investor + " has funded its first tranche, so the deal has "
                            + "closed (" + Money.usd(funding.funded()) + " funded)")
                    : pending();
            case ALL_COMMITTED_FUNDED -> {
                if (funding.expired().signum() > 0) {
                    yield new Transition(RightStatus.LAPSED, Money.usd(funding.expired()) + " of " + investor
                            + "'s committed equity expired unfunded, so all of it can never be funded");
                }
                // a commitment only counted from the tranches seen (no event stated it) may miss tranches not seen yet
                boolean allFunded = funding.commitmentStated()
                        && funding.funded().compareTo(funding.committed()) == 0;
                yield allFunded
                        ? new Transition(RightStatus.ACTIVE, "all of " + investor + "'s committed equity is funded ("
                                + Money.usd(funding.funded()) + ")")
                        : pending();
            }
        };
    }

    private static Transition pending() {
        return new Transition(RightStatus.PENDING, "condition not met yet");
    }
}
