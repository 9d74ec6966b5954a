package io.dealstream.compute.commitment;

import io.dealstream.platform.lock.AdvisoryLock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Seeds the deal's two compute commitments at first start. Existing rows are never changed, so the settings below
 * only shape a fresh database. Two replicas starting at once take turns on an advisory lock, and the second finds
 * the rows there.
 */
@ApplicationScoped
public class DealCommitments {

    public static final String EXISTING = "aws-2025-11";
    public static final String EXPANSION = "aws-2026-02-expansion";

    private static final Logger LOG = Logger.getLogger(DealCommitments.class);
    /** Key of the PostgreSQL advisory lock that serialises seeding across replicas. */
    private static final long SEED_LOCK = 0xC0_5EEDL;

    @Inject
    EntityManager em;

    @Inject
    CommitmentService commitments;

    @ConfigProperty(name = "dealstream.commitments.seed", defaultValue = "true")
    boolean enabled;

    /** ASSUMPTION: the sources say "November 2025"; the day is not public. */
    @ConfigProperty(name = "dealstream.commitments.aws-2025-11.starts-on")
    LocalDate existingStartsOn;

    /** ASSUMPTION: the announcement date (2026-02-26) taken as the start of the expansion. */
    @ConfigProperty(name = "dealstream.commitments.aws-2026-02-expansion.starts-on")
    LocalDate expansionStartsOn;

    /** ASSUMPTION: how the ~2 GW divide between Trainium3 and Trainium4 is not public. */
    @ConfigProperty(name = "dealstream.capacity.trainium3-gw")
    BigDecimal trainium3Gw;

    @ConfigProperty(name = "dealstream.capacity.trainium4-gw")
    BigDecimal trainium4Gw;

    /** ASSUMPTION: Trainium3 is the current generation, deliverable from the expansion's start. */
    @ConfigProperty(name = "dealstream.capacity.trainium3-available-from")
    LocalDate trainium3AvailableFrom;

    /** ASSUMPTION: the sources say Trainium4 deliveries begin "in 2027"; the day is not public. */
    @ConfigProperty(name = "dealstream.capacity.trainium4-available-from")
    LocalDate trainium4AvailableFrom;

    void onStart(@Observes StartupEvent start) {
        if (enabled) {
            seed();
        }
    }

    /** Adds whichever of the deal's commitments is missing; returns how many it added. */
    public int seed() {
        return QuarkusTransaction.requiringNew().call(() -> {
            AdvisoryLock.holdUntilCommit(em, SEED_LOCK);
            List<NewCommitment> deal = deal();
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

    /** The two commitments as the sources state them; figures not in the sources come from the settings above. */
    List<NewCommitment> deal() {
        return List.of(
                new NewCommitment(EXISTING, "AWS", "OpenAI",
                        "The November 2025 agreement: AWS data centres with Nvidia processors. The sources give no "
                                + "capacity in GW for it.",
                        new BigDecimal("38000000000.00"), 7, existingStartsOn, null, null, null),
                new NewCommitment(EXPANSION, "AWS", "OpenAI",
                        "The expansion announced on 2026-02-26: about 2 GW of Trainium capacity through AWS "
                                + "infrastructure, Trainium3 now and Trainium4 from 2027.",
                        new BigDecimal("100000000000.00"), 8, expansionStartsOn, trainium3Gw.add(trainium4Gw),
                        List.of(new GenerationTerms("Trainium3", trainium3Gw, trainium3AvailableFrom),
                                new GenerationTerms("Trainium4", trainium4Gw, trainium4AvailableFrom)),
                        null));
    }
}
