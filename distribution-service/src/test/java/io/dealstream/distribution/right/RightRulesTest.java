package io.dealstream.distribution.right;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.distribution.right.RightRules.Transition;
import io.dealstream.events.right.RightStatus;
import io.dealstream.fundingview.InvestorFunding;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When rights activate and lapse, for the funding of an investor whose tranche events state its commitment (stated
 * yes) or, for records from before the contract had it, only the tranches seen (stated no). Amounts in $B.
 */
class RightRulesTest {

    private static final BigDecimal BILLION = new BigDecimal("1000000000");

    @ParameterizedTest(name = "{0} from {1}: committed {2} (stated: {3}), funded {4}, expired {5} -> {6}")
    @CsvSource(delimiter = '|', textBlock = """
            # condition          | from    | committed | stated | funded | expired | becomes
            NONE                 | PENDING |  0        | no     |  0     |  0      | ACTIVE
            NONE                 | ACTIVE  | 50        | yes    |  0     |  0      | unchanged
            FIRST_TRANCHE_FUNDED | PENDING |  0        | no     |  0     |  0      | unchanged
            FIRST_TRANCHE_FUNDED | PENDING | 50        | yes    |  0     |  0      | unchanged
            FIRST_TRANCHE_FUNDED | PENDING | 50        | yes    | 15     |  0      | ACTIVE
            FIRST_TRANCHE_FUNDED | PENDING | 15        | no     | 15     |  0      | ACTIVE
            FIRST_TRANCHE_FUNDED | ACTIVE  | 50        | yes    | 15     |  0      | unchanged
            FIRST_TRANCHE_FUNDED | ACTIVE  | 50        | yes    | 15     | 35      | unchanged
            FIRST_TRANCHE_FUNDED | PENDING | 50        | yes    |  0     | 35      | unchanged
            ALL_COMMITTED_FUNDED | PENDING | 50        | yes    |  0     |  0      | unchanged
            ALL_COMMITTED_FUNDED | PENDING | 50        | yes    | 15     |  0      | unchanged
            ALL_COMMITTED_FUNDED | PENDING | 15        | no     | 15     |  0      | unchanged
            ALL_COMMITTED_FUNDED | PENDING | 50        | no     | 50     |  0      | unchanged
            ALL_COMMITTED_FUNDED | PENDING | 50        | yes    | 50     |  0      | ACTIVE
            ALL_COMMITTED_FUNDED | PENDING | 60        | yes    | 50     |  0      | unchanged
            ALL_COMMITTED_FUNDED | PENDING | 60        | yes    | 60     |  0      | ACTIVE
            ALL_COMMITTED_FUNDED | PENDING | 50        | yes    | 15     | 35      | LAPSED
            ALL_COMMITTED_FUNDED | PENDING | 50        | yes    |  0     | 35      | LAPSED
            ALL_COMMITTED_FUNDED | PENDING | 50        | no     | 15     | 35      | LAPSED
            ALL_COMMITTED_FUNDED | ACTIVE  | 60        | yes    | 50     | 10      | LAPSED
            ALL_COMMITTED_FUNDED | LAPSED  | 50        | yes    | 50     |  0      | unchanged
            FIRST_TRANCHE_FUNDED | LAPSED  | 50        | yes    | 15     |  0      | unchanged
            NONE                 | LAPSED  |  0        | no     |  0     |  0      | unchanged
            """)
    void statusFollowsTheCondition(ConditionKind condition, RightStatus from, long committed, String stated,
            long funded, long expired, String becomes) {
        Optional<Transition> transition = RightRules.evaluate(condition, from,
                amazon(committed, stated.equals("yes"), funded, expired));
        assertEquals(becomes, transition.map(t -> t.status().name()).orElse("unchanged"));
    }

    @Test
    void theWhyNamesTheInvestorAndTheAmounts() {
        Transition activated = RightRules.evaluate(ConditionKind.FIRST_TRANCHE_FUNDED, RightStatus.PENDING,
                amazon(50, true, 15, 0)).orElseThrow();
        assertTrue(activated.why().contains("Amazon has funded its first tranche") && activated.why().contains("$15B"),
                activated.why());

        Transition lapsed = RightRules.evaluate(ConditionKind.ALL_COMMITTED_FUNDED, RightStatus.PENDING,
                amazon(50, true, 15, 35)).orElseThrow();
        assertTrue(lapsed.why().contains("$35B of Amazon's committed equity expired unfunded"), lapsed.why());
    }

    @Test
    void conditionTextSaysWhatItWaitsFor() {
        assertEquals("active once all of Amazon's committed equity is funded; lapses once any of it expires unfunded",
                ConditionKind.ALL_COMMITTED_FUNDED.text("Amazon"));
        assertEquals("active once Amazon funds its first tranche (the deal closes)",
                ConditionKind.FIRST_TRANCHE_FUNDED.text("Amazon"));
    }

    private static InvestorFunding amazon(long committed, boolean stated, long funded, long expired) {
        BigDecimal c = BigDecimal.valueOf(committed).multiply(BILLION);
        BigDecimal f = BigDecimal.valueOf(funded).multiply(BILLION);
        BigDecimal e = BigDecimal.valueOf(expired).multiply(BILLION);
        return new InvestorFunding("openai-2026", "Amazon", c, stated, f, BigDecimal.ZERO, c.subtract(f).subtract(e),
                e, 2);
    }
}
