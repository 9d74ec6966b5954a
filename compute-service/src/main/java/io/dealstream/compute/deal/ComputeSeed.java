package io.dealstream.compute.deal;

import io.dealstream.compute.capacity.CapacitySettings;
import io.dealstream.compute.commitment.CommitmentService;
import io.dealstream.compute.commitment.NewCommitment;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Seeds the deal's two compute commitments ({@link ComputeTerms}) at first start, unless
 * {@code dealstream.commitments.seed} is off. Existing rows are never changed, so the settings only shape a fresh
 * database ({@link CommitmentService#seed} adds only what is missing, safe with replicas starting at once).
 */
@ApplicationScoped
public class ComputeSeed {

    private static final Logger LOG = Logger.getLogger(ComputeSeed.class);

    /** The beans it needs are the observer's parameters, as nothing else here uses them. */
    void seed(@Observes StartupEvent startup, CommitmentService commitments, CommitmentSettings commitmentSettings,
            CapacitySettings capacitySettings) {
        if (commitmentSettings.seed()) {
            List<NewCommitment> deal = ComputeTerms.commitments(commitmentSettings, capacitySettings);
            List<String> added = commitments.seed(deal);
            LOG.infof("deal commitments: %d seeded, %d already there", added.size(), deal.size() - added.size());
        }
    }
}
