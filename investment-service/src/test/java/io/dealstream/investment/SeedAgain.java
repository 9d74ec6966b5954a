package io.dealstream.investment;

import io.dealstream.investment.deal.InvestmentSeed;
import io.dealstream.investment.round.RoundService;
import io.dealstream.investment.tranche.TrancheService;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.runtime.StartupEvent;
import jakarta.persistence.EntityManager;

/** The deal's seed run again in a running service. */
public final class SeedAgain {

    private SeedAgain() {
    }

    /** As a start of the service runs it: its observer called with the beans CDI hands it. */
    public static void asAtStart() {
        ArcContainer beans = Arc.container();
        beans.instance(InvestmentSeed.class).get().seed(new StartupEvent(), beans.instance(EntityManager.class).get(),
                beans.instance(RoundService.class).get(), beans.instance(TrancheService.class).get());
    }
}
