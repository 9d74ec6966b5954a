package io.dealstream.distribution.right;

import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.fundingview.FundingChange;
import io.dealstream.fundingview.Partner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Re-evaluates the rights when the partner investor's funding changes. Runs inside the transaction that applied
 * the tranche event, so the view, the rights and their events commit together.
 */
@ApplicationScoped
public class FundingReaction {

    private static final Logger LOG = Logger.getLogger(FundingReaction.class);

    @Inject
    RightService rights;

    @Inject
    Partner partner;

    void onFundingChange(@Observes FundingChange change) {
        TrancheSnapshot tranche = change.tranche();
        if (!partner.is(tranche.roundId(), tranche.investor())) {
            LOG.debugf("%s ce_id=%s tranche=%s: not the partner's funding, rights untouched",
                    change.type().eventName(), change.event().id(), tranche.trancheId());
            return;
        }
        List<String> changed = rights.reevaluate(change).stream().map(r -> r.id() + "=" + r.status()).toList();
        LOG.infof("%s ce_id=%s tranche=%s version=%d: rights changed %s", change.type().eventName(),
                change.event().id(), tranche.trancheId(), tranche.version(), changed);
    }
}
