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

    private final RightService rights;
    private final Partner partner;
    private final RightsConfig config;

    DistributionSeed(RightService rights, Partner partner, RightsConfig config) {
        this.rights = rights;
        this.partner = partner;
        this.config = config;
    }

    void seed(@Observes StartupEvent startup) {
        List<String> created = rights.seed(DistributionTerms.rights(partner.investor(), config));
        LOG.infof("deal rights seeded: %s", created.isEmpty() ? "none new (already stored)" : created);
    }
}
