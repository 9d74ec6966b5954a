package io.dealstream.compute.deal;

import io.dealstream.compute.capacity.CapacitySettings;
import io.dealstream.compute.commitment.CommitmentService;
import io.dealstream.compute.commitment.NewCommitment;
import io.dealstream.platform.lock.AdvisoryLock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Seeds the deal's two compute commitments ({@link ComputeTerms}) at first start. Existing rows are never changed,
 * so the settings only shape a fresh database. Two replicas starting at once take turns on an advisory lock, and the
 * second finds the rows there.
 */
@ApplicationScoped
public class ComputeSeed {

    private static final Logger LOG = Logger.getLogger(ComputeSeed.class);

    private final EntityManager em;
    private final CommitmentService commitments;
    private final CommitmentSettings commitmentSettings;
    private final CapacitySettings capacitySettings;

    ComputeSeed(EntityManager em, CommitmentService commitments, CommitmentSettings commitmentSettings,
            CapacitySettings capacitySettings) {
        this.em = em;
        this.commitments = commitments;
        this.commitmentSettings = commitmentSettings;
        this.capacitySettings = capacitySettings;
    }

    void onStart(@Observes StartupEvent start) {
        if (commitmentSettings.seed()) {
            seed();
        }
    }

    /** Adds whichever of the deal's commitments is missing; returns how many it added. */
    public int seed() {
        return QuarkusTransaction.requiringNew().call(() -> {
            AdvisoryLock.COMPUTE_SEED.holdUntilCommit(em);
            List<NewCommitment> deal = ComputeTerms.commitments(commitmentSettings, capacitySettings);
            int seeded = 0;
            for (NewCommitment commitment : deal) {
                if (!commitments.exists(commitment.id())) {
                    commitments.add(commitment);
                    seeded++;
                }
            }
            LOG.infof("deal commitments: %d seeded, %d already there", seeded, deal.size() - seeded);
            return seeded;
        });
    }
}
