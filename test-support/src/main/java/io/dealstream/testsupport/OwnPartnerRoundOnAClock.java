package io.dealstream.testsupport;

import io.dealstream.events.tranche.TrancheSnapshot;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * A test profile: {@link MutableClock} as the clock, and the round a subclass names as the partner's, so that only the
 * test class's own tranches move its partner's funding. The round must be a fixed name, not a random one: the profile
 * and the test methods see the test class from different class loaders.
 */
public abstract class OwnPartnerRoundOnAClock implements QuarkusTestProfile {

    private final String round;

    protected OwnPartnerRoundOnAClock(String round) {
        this.round = round;
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(MutableClock.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("dealstream.partner.round-id", round);
    }

    /**
     * Amazon's first tranche in {@code round} ({@code <round>-t1}, $15B of its $50B) sent as the round opened, the
     * tranche committed and funded on 2026-03-02, once the broker has them all.
     */
    public static void fundFirstTranche(KafkaCompanion kafka, String round, Duration wait) {
        TrancheSnapshot t1 = TrancheEvents.amazonT1(round + "-t1", round);
        kafka.produceStrings().fromRecords(TrancheEvents.record(TrancheEvents.opened(TrancheEvents.roundOf(t1))),
                TrancheEvents.record(TrancheEvents.event(t1)),
                TrancheEvents.record(TrancheEvents.event(TrancheEvents.funded(t1, LocalDate.of(2026, 3, 2)))))
                .awaitCompletion(wait);
    }
}
