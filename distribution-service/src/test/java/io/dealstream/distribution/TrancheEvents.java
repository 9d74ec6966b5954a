package io.dealstream.distribution;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.EventJson;
import io.dealstream.events.Topics;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.events.tranche.TrancheState;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Tranche events of Amazon's two tranches as investment-service publishes them (docs/deal.md, Investment). */
final class TrancheEvents {

    static final String T1 = "amazon-t1";
    static final String T2 = "amazon-t2";
    private static final BigDecimal T1_AMOUNT = new BigDecimal("15000000000.00");
    private static final BigDecimal T2_AMOUNT = new BigDecimal("35000000000.00");

    private TrancheEvents() {
    }

    static CloudEvent t1Committed() {
        return event(TrancheEventType.COMMITTED, t1(TrancheState.COMMITTED, BigDecimal.ZERO, null, 1));
    }

    static CloudEvent t1Funded() {
        return event(TrancheEventType.FUNDED, t1(TrancheState.FUNDED, T1_AMOUNT, LocalDate.of(2026, 3, 20), 2));
    }

    static CloudEvent t2Committed() {
        return event(TrancheEventType.COMMITTED, t2(TrancheState.CONTINGENT, null, 1));
    }

    static CloudEvent t2Expired() {
        return event(TrancheEventType.EXPIRED, t2(TrancheState.EXPIRED, LocalDate.of(2029, 1, 1), 2));
    }

    /** The record investment-service's relay would send: CloudEvent headers, the snapshot as value, keyed by tranche. */
    static ProducerRecord<String, String> record(CloudEvent event) {
        RecordHeaders headers = new RecordHeaders();
        event.headers().forEach(headers::add);
        return new ProducerRecord<>(Topics.TRANCHE_EVENTS, null, event.subject(), event.data(), headers);
    }

    /** A record with the headers of {@code template} but a body that is no snapshot; its value is unique. */
    static ProducerRecord<String, String> poison(CloudEvent template) {
        RecordHeaders headers = new RecordHeaders();
        template.headers().forEach(headers::add);
        String value = "{\"poison\": \"" + UUID.randomUUID() + "\"";
        return new ProducerRecord<>(Topics.TRANCHE_EVENTS, null, template.subject(), value, headers);
    }

    private static CloudEvent event(TrancheEventType type, TrancheSnapshot tranche) {
        return CloudEvent.create(type, "/investment-service", tranche.trancheId(), OffsetDateTime.now(ZoneOffset.UTC),
                EventJson.write(tranche));
    }

    private static TrancheSnapshot t1(TrancheState state, BigDecimal funded, LocalDate fundedOn, long version) {
        return new TrancheSnapshot(T1, "openai-2026", "Amazon", T1_AMOUNT, TrancheKind.IMMEDIATE, state,
                "Series C Preferred Stock", LocalDate.of(2026, 3, 31), null, null, funded, fundedOn, null, version);
    }

    private static TrancheSnapshot t2(TrancheState state, LocalDate expiredOn, long version) {
        return new TrancheSnapshot(T2, "openai-2026", "Amazon", T2_AMOUNT, TrancheKind.CONTINGENT, state,
                "Series C Preferred Stock", null, LocalDate.of(2028, 12, 31), null, BigDecimal.ZERO, null, expiredOn,
                version);
    }
}
