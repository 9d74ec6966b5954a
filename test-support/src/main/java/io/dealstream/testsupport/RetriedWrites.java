package io.dealstream.testsupport;

import io.dealstream.events.tranche.TrancheSnapshot;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * What the services' tests of writes sent again with one Idempotency-Key share: a profile giving the class a partner
 * round of its own and a clock moved by hand (past the keys' 24 h), that round funded, requests sent at once, fresh
 * ids, and the rows the writes left read back with plain SQL.
 */
public final class RetriedWrites {

    private RetriedWrites() {
    }

    /**
     * {@link MutableClock} as the clock and the round a subclass names as the partner's, so that only the class's own
     * tranches move its partner's funding. The round must be a fixed name, not a random one: the profile and the test
     * methods see the test class from different class loaders.
     */
    public abstract static class OwnPartnerRoundOnAClock implements QuarkusTestProfile {

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

    /** A new id of the form {@code retried-1a2b3c4d}. */
    public static String newId() {
        return "retried-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** {@code request} sent by {@code clients} threads let go together; the answers in the order of the threads. */
    public static <T> List<T> atOnce(int clients, Callable<T> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    /** The number the one-parameter {@code sql} counts. */
    public static long count(DataSource database, String sql, String parameter) {
        return Long.parseLong(text(database, sql, parameter));
    }

    /** The first column of the first row of the one-parameter {@code sql}, as text. */
    public static String text(DataSource database, String sql, String parameter) {
        try (Connection db = database.getConnection(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
