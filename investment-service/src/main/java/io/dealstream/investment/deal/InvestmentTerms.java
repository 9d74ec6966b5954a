package io.dealstream.investment.deal;

import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.investment.round.InvestorCommitment;
import io.dealstream.investment.round.NewRound;
import io.dealstream.investment.tranche.NewTranche;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The investment side of the deal announced on 2026-02-26, as the sources state it (docs/deal.md, Investment):
 * OpenAI's $110B round at $730B pre-money, and Amazon's $50B in two tranches. Ids are the bare names
 * ({@link #ROUND}, {@link #T1}, {@link #T2}); each figure is named after what it belongs to. {@link InvestmentSeed}
 * records them at first start.
 */
public final class InvestmentTerms {

    /** The round's id. */
    public static final String ROUND = "openai-2026";
    public static final String ROUND_NAME = "OpenAI 2026 funding round";
    /** $110B raised in the round. */
    public static final BigDecimal ROUND_AMOUNT = billions(110);
    /** $730B before the round; post-money is $840B. */
    public static final BigDecimal PRE_MONEY_VALUATION = billions(730);
    /** The round opened on the day the deal was announced: nothing of it is funded or triggered before. */
    public static final LocalDate ROUND_OPENED_ON = LocalDate.of(2026, 2, 26);

    public static final String AMAZON = "Amazon";
    /** $50B in all, in tranches {@link #T1} and {@link #T2}. */
    public static final BigDecimal AMAZON_COMMITMENT = billions(50);
    public static final String SOFTBANK = "SoftBank";
    public static final BigDecimal SOFTBANK_COMMITMENT = billions(30);
    public static final String NVIDIA = "Nvidia";
    public static final BigDecimal NVIDIA_COMMITMENT = billions(30);

    /** Amazon's first tranche: paid at once. */
    public static final String T1 = "amazon-t1";
    public static final BigDecimal T1_AMOUNT = billions(15);
    public static final String T1_SECURITY = "Series C Preferred";
    public static final LocalDate T1_DUE_ON = LocalDate.of(2026, 3, 31);

    /** Amazon's second tranche: contingent on a trigger or Amazon's discretion. */
    public static final String T2 = "amazon-t2";
    public static final BigDecimal T2_AMOUNT = billions(35);
    /** The $35B tranche expires after this day if no trigger occurs and Amazon declines. */
    public static final LocalDate T2_EXPIRES_ON = LocalDate.of(2028, 12, 31);

    private InvestmentTerms() {
    }

    /** The round with its three investors, Amazon first. */
    public static NewRound round() {
        return new NewRound(ROUND, ROUND_NAME, ROUND_AMOUNT, PRE_MONEY_VALUATION, List.of(
                new InvestorCommitment(AMAZON, AMAZON_COMMITMENT),
                new InvestorCommitment(SOFTBANK, SOFTBANK_COMMITMENT),
                new InvestorCommitment(NVIDIA, NVIDIA_COMMITMENT)), ROUND_OPENED_ON);
    }

    /** Amazon's two tranches, in the order they are committed. */
    public static List<NewTranche> tranches() {
        return List.of(
                immediate(T1, AMAZON, T1_AMOUNT, T1_SECURITY, T1_DUE_ON),
                contingent(T2, AMAZON, T2_AMOUNT, T2_EXPIRES_ON));
    }

    /** An immediate tranche has a due day and never expires. */
    private static NewTranche immediate(String id, String investor, BigDecimal amount, String security,
            LocalDate dueOn) {
        LocalDate neverExpires = null;
        return new NewTranche(id, ROUND, investor, amount, TrancheKind.IMMEDIATE, security, dueOn, neverExpires);
    }

    /** A contingent tranche names no security and no due day until a trigger sets its funding deadline. */
    private static NewTranche contingent(String id, String investor, BigDecimal amount, LocalDate expiresOn) {
        String noSecurity = null;
        LocalDate noDueDay = null;
        return new NewTranche(id, ROUND, investor, amount, TrancheKind.CONTINGENT, noSecurity, noDueDay, expiresOn);
    }

    /** USD with cents, as the API reads and writes money. */
    private static BigDecimal billions(long n) {
        return BigDecimal.valueOf(n).movePointRight(9).setScale(2);
    }
}
