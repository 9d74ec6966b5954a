package io.dealstream.distribution.right;

import io.dealstream.fundingview.Partner;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/** Seeds the deal's rights at start-up, once: a right already stored is left as it is. */
@ApplicationScoped
public class RightSeeding {

    private static final Logger LOG = Logger.getLogger(RightSeeding.class);

    @Inject
    RightService rights;

    @Inject
    Partner partner;

    @Inject
    RightsConfig config;

    void seed(@Observes StartupEvent startup) {
        List<String> created = rights.seed(DealRights.of(partner.investor(), config));
        LOG.infof("deal rights seeded: %s", created.isEmpty() ? "none new (already stored)" : created);
    }
}
