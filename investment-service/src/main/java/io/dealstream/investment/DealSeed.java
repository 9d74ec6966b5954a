package io.dealstream.investment;

import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.investment.round.InvestorCommitment;
import io.dealstream.investment.round.NewRound;
import io.dealstream.investment.round.Round;
import io.dealstream.investment.round.RoundService;
import io.dealstream.investment.tranche.NewTranche;
import io.dealstream.investment.tranche.TrancheService;
import io.dealstream.platform.lock.AdvisoryLock;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Records the deal as announced on 2026-02-26 (docs/deal.md) at first start: OpenAI's $110B
 * round at $730B pre-money with Amazon, SoftBank and Nvidia, and Amazon's two tranches. Replicas starting at
 * once take turns on an advisory lock and only the first finds the round missing.
 */
@ApplicationScoped
public class DealSeed {

    private static final String ROUND_ID = "openai-2026";

    private static final Logger LOG = Logger.getLogger(DealSeed.class);
    private static final BigDecimal BILLION = new BigDecimal("1000000000");

    @Inject
    EntityManager em;

    @Inject
    RoundService rounds;

    @Inject
    TrancheService tranches;

    @Transactional
    void seed(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent startup) {
        AdvisoryLock.holdUntilCommit(em, "investment-service:deal-seed");
        if (Round.findById(ROUND_ID) != null) {
            return;
        }
        rounds.open(new NewRound(ROUND_ID, "OpenAI 2026 funding round", billions(110), billions(730), List.of(
                new InvestorCommitment("Amazon", billions(50)),
                new InvestorCommitment("SoftBank", billions(30)),
                new InvestorCommitment("Nvidia", billions(30)))));
        tranches.commit(new NewTranche("amazon-t1", ROUND_ID, "Amazon", billions(15), TrancheKind.IMMEDIATE,
                "Series C Preferred", LocalDate.parse("2026-03-31"), null));
        tranches.commit(new NewTranche("amazon-t2", ROUND_ID, "Amazon", billions(35), TrancheKind.CONTINGENT,
                null, null, LocalDate.parse("2028-12-31")));
        LOG.infof("seeded round %s with tranches amazon-t1 and amazon-t2", ROUND_ID);
    }

    private static BigDecimal billions(long n) {
        return BILLION.multiply(BigDecimal.valueOf(n)).setScale(2);
    }
}
