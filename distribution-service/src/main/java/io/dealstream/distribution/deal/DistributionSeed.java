package io.dealstream.distribution.deal;

import io.dealstream.distribution.right.RightService;
import io.dealstream.distribution.right.RightsConfig;
import io.dealstream.fundingview.Partner;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/** Seeds the deal's rights ({@link DistributionTerms}) at start-up, once: a right already stored is left as it is. */
@ApplicationScoped
public class DistributionSeed {

    private static final Logger LOG = Logger.getLogger(DistributionSeed.class);

    /** The beans it needs are the observer's parameters, as nothing else here uses them. */
    void seed(@Observes StartupEvent startup, RightService rights, Partner partner, RightsConfig config) {
        List<String> created = rights.seed(DistributionTerms.rights(partner.investor(), config));
        LOG.infof("deal rights seeded: %s", created.isEmpty() ? "none new (already stored)" : created);
    }
}
