package io.dealstream.distribution.right;

import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.fundingview.PartnerFundingChanged;
import io.dealstream.platform.log.LogSafe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Re-evaluates the rights when the partner investor's funding changes. Runs inside the transaction that applied
 * the tranche event, so the view, the rights and their events commit together.
 */
@ApplicationScoped
public class RightsOnFunding {

    private static final Logger LOG = Logger.getLogger(RightsOnFunding.class);

    private final RightService rights;

    RightsOnFunding(RightService rights) {
        this.rights = rights;
    }

    void on(@Observes PartnerFundingChanged change) {
        TrancheSnapshot tranche = change.tranche();
        List<String> changed = rights.reevaluate(change).stream().map(r -> LogSafe.of(r.id()) + "=" + r.status())
                .toList();
        LOG.infof("%s ce_id=%s tranche=%s version=%d: rights changed %s", change.type().eventName(),
                LogSafe.of(change.event().id()), LogSafe.of(tranche.trancheId()), tranche.version(), changed);
    }
}
