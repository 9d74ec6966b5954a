package io.dealstream.investment.tranche;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.LocalDate;
import org.jboss.logging.Logger;

/**
 * Expires contingent tranches whose date has passed with no trigger and no funding: once at startup (after
 * the seed) and then every {@code dealstream.tranche.expiry-check-every}. Each tranche expires in its own
 * transaction under its row lock, so replicas running this at once expire each tranche once.
 */
@ApplicationScoped
public class TrancheExpiry {

    /** After {@code deal/InvestmentSeed}, which observes at {@code Interceptor.Priority.APPLICATION}. */
    static final int AFTER_SEED = Interceptor.Priority.APPLICATION + 100;

    private static final Logger LOG = Logger.getLogger(TrancheExpiry.class);

    private final TrancheService tranches;
    private final TrancheSettings settings;

    TrancheExpiry(TrancheService tranches, TrancheSettings settings) {
        this.tranches = tranches;
        this.settings = settings;
    }

    void atStartup(@Observes @Priority(AFTER_SEED) StartupEvent startup) {
        LOG.infof("expiring lapsed contingent tranches now and every %s", settings.expiryCheckEvery());
        expireLapsed();
    }

    /** The first run is the startup one, hence the delay of one period. */
    @Scheduled(identity = "tranche-expiry",
            every = "${dealstream.tranche.expiry-check-every:1h}",
            delayed = "${dealstream.tranche.expiry-check-every:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void expireLapsed() {
        LocalDate today = tranches.today();
        int expired = 0;
        for (String id : tranches.lapsed(today)) {
            if (tranches.expireIfLapsed(id, today)) {
                expired++;
            }
        }
        LOG.debugf("expiry check on %s: %d tranche(s) expired", today, expired);
    }
}
