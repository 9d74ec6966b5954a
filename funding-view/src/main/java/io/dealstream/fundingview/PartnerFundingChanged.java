package io.dealstream.fundingview;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheSnapshot;

/**
 * Fired (as a synchronous CDI event) when a tranche event of the {@link Partner} investor changed the view, inside
 * the transaction that applied it and after the view holds it, so a service's reaction (capacity, rights) and the
 * events it publishes commit together with the view, or not at all. Other investors' tranches fire nothing.
 *
 * @param funding the partner's totals with this event applied, read under the lock that orders such changes
 *        ({@link PartnerFunding#afterChange()}): what the reactions decide from
 */
public record PartnerFundingChanged(CloudEvent event, TrancheEventType type, TrancheSnapshot tranche,
        InvestorFunding funding) {
}
