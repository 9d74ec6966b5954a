package io.dealstream.bench;

import io.dealstream.events.Topics;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.launch.Service;
import io.dealstream.launch.Stack;
import io.dealstream.launch.TopicTap;
import io.dealstream.testsupport.KafkaAccess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the phases on a stack measure with: a load against its investment-service, the tranche topic followed for
 * when each of the load's changes reached Kafka, and the views followed until they report them.
 */
record Instruments(TopicTap tap, Views views, Phase phase) implements AutoCloseable {

    /**
     * Follows the topic and the views at {@code viewUrls}, and returns once both are positioned.
     *
     * @param run what the run's ids start with, then its time ("b" for make bench, "t" for tracing)
     * @param stack the stack of the moment, re-read for each phase's processes
     */
    static Instruments follow(BenchStack stack, String run, Map<Service, List<String>> viewUrls, Progress progress)
            throws InterruptedException {
        Stack now = stack.get();
        TrancheLoad load = new TrancheLoad(now.config().url(Service.INVESTMENT),
                run + Long.toString(System.currentTimeMillis(), 36), TrancheLoad.adminToken(now.issuer()));
        Map<String, Long> recordTimes = new ConcurrentHashMap<>();
        String prefix = load.idPrefix();
        TopicTap tap = new TopicTap(now.kafka().client(KafkaAccess.READER), List.of(Topics.TRANCHE_EVENTS), false,
                e -> {
                    // the tranches' changes; the rounds' openings carry no version
                    if (e.body() instanceof TrancheSnapshot && e.subject().startsWith(prefix)) {
                        recordTimes.putIfAbsent(TrancheLoad.key(e.subject(), e.version()), e.timestamp());
                    }
                }).start();
        Views views;
        try {
            views = new Views(viewUrls, prefix);
        } catch (RuntimeException e) {
            tap.close();
            throw e;
        }
        Instruments instruments = new Instruments(tap, views,
                new Phase(load, views, recordTimes, () -> Bench.processes(stack.get()), progress));
        try {
            if (!tap.awaitPositioned(Duration.ofSeconds(60)) || !views.awaitPositioned(Duration.ofSeconds(60))) {
                throw new IllegalStateException("could not follow the topics or the views: " + tap.problem() + " / "
                        + views.problem());
            }
        } catch (InterruptedException | RuntimeException e) {
            instruments.close();
            throw e;
        }
        return instruments;
    }

    @Override
    public void close() {
        views.close();
        tap.close();
    }
}
