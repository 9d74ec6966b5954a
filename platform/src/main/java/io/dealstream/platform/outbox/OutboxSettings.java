package io.dealstream.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The outbox of a service ({@code dealstream.outbox.*}): what its events say they come from, and its relay. */
@ConfigMapping(prefix = "dealstream.outbox")
public interface OutboxSettings {

    /** The events' {@code ce_source}, e.g. {@code /investment-service}. */
    String source();

    Relay relay();

    /** How {@link OutboxRelay} sends the recorded events to Kafka. */
    interface Relay {

        /** False: events are recorded but not sent (another process relays them). */
        @WithDefault("true")
        boolean enabled();

        /** How many events one transaction reads, sends and marks sent at most. */
        @WithDefault("500")
        int batchSize();

        /** How long an idle relay waits before looking again when no commit woke it. */
        @WithDefault("PT1S")
        Duration idlePoll();

        /**
         * 0: a batch is sent whole and its acks awaited, so records queued while a request is in flight are batched
         * anyway; lingering would only delay every batch.
         */
        @WithDefault("0")
        int lingerMs();

        /** How long one send may take before the batch is retried (Kafka's delivery.timeout.ms). */
        @WithDefault("PT15S")
        Duration deliveryTimeout();
    }
}
