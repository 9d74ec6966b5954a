package io.dealstream.investment.deal;

import io.dealstream.investment.round.Round;
import io.dealstream.investment.round.RoundService;
import io.dealstream.investment.tranche.TrancheService;
import io.dealstream.platform.lock.AdvisoryLock;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Records the deal's {@link InvestmentTerms} at first start: the round and Amazon's two tranches; and at every start
 * announces the rounds opened before RoundOpened existed ({@link RoundService#announceUnannounced}). Replicas starting
 * at once take turns on an advisory lock: only the first finds the round missing, or a round unannounced.
 */
@ApplicationScoped
public class InvestmentSeed {

    private static final Logger LOG = Logger.getLogger(InvestmentSeed.class);

    /**
     * Runs before the expiry check at startup (tranche/TrancheExpiry observes after this priority); the beans it needs
     * are the observer's parameters, as nothing else here uses them.
     */
    @Transactional
    public void seed(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent startup, EntityManager em,
            RoundService rounds, TrancheService tranches) {
        AdvisoryLock.INVESTMENT_SEED.holdUntilCommit(em);
        if (Round.findById(InvestmentTerms.ROUND) == null) {
            rounds.open(InvestmentTerms.round());
            // as agreed when the round opened: a contingent tranche lapsed since is recorded, then expired by the job
            InvestmentTerms.tranches().forEach(t -> tranches.commit(t, InvestmentTerms.ROUND_OPENED_ON));
            LOG.infof("seeded round %s with tranches %s and %s", InvestmentTerms.ROUND, InvestmentTerms.T1,
                    InvestmentTerms.T2);
        }
        rounds.announceUnannounced();
    }
}
