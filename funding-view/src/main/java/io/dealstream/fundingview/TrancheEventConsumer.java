package io.dealstream.fundingview;

import io.dealstream.events.InvalidEventException;
import io.dealstream.fundingview.TrancheEventReader.TrancheEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes investment.tranche-events in this service's consumer group, one record at a time. A record is
 * acknowledged (and its offset later committed) only after its transaction committed, so a crash replays it
 * and the projection drops the repeat. Poison messages go to the dead-letter topic; a failing database is
 * retried in place, since skipping the record would lose it.
 */
@ApplicationScoped
public class TrancheEventConsumer {

    private static final Logger LOG = Logger.getLogger(TrancheEventConsumer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    @Inject
    FundingProjection projection;

    @Inject
    DeadLetters deadLetters;

    private volatile boolean stopping;

    @Incoming("tranche-events")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) throws Exception {
        TrancheEvent event;
        try {
            event = TrancheEventReader.read(record.key(), name -> lastHeader(record, name), record.value());
        } catch (InvalidEventException poison) {
            deadLetters.send(record, poison.getMessage());
            return;
        }
        Outcome outcome = applyUntilDone(event);
        LOG.infof("%s %s ce_id=%s tranche=%s version=%d state=%s from %s-%d@%d", outcome, event.type().eventName(),
                event.cloudEvent().id(), event.tranche().trancheId(), event.tranche().version(),
                event.tranche().state(), record.topic(), record.partition(), record.offset());
    }

    private Outcome applyUntilDone(TrancheEvent event) throws InterruptedException {
        Duration backoff = Duration.ofMillis(100);
        while (true) {
            try {
                return projection.apply(event);
            } catch (RuntimeException e) {
                if (stopping) {
                    // not acknowledged: the record is consumed again after the restart
                    throw e;
                }
                LOG.warnf("applying ce_id=%s failed, retrying in %d ms: %s", event.cloudEvent().id(),
                        backoff.toMillis(), e.getMessage());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    private static byte[] lastHeader(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : header.value();
    }
}
