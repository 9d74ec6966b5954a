package io.dealstream.compute.capacity;

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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Tranche events as investment-service publishes them: binary-mode CloudEvents keyed by tranche id. */
final class TrancheEvents {

    static final String SOURCE = "/investment-service";
    static final LocalDate T1_DUE = LocalDate.of(2026, 3, 31);
    static final LocalDate T2_EXPIRES = LocalDate.of(2028, 12, 31);

    private TrancheEvents() {
    }

    /** A tranche as committed (version 1): immediate ones COMMITTED, contingent ones CONTINGENT. */
    static TrancheSnapshot committed(String trancheId, String roundId, String investor, String amountUsd,
            TrancheKind kind) {
        TrancheState state = kind == TrancheKind.IMMEDIATE ? TrancheState.COMMITTED : TrancheState.CONTINGENT;
        return new TrancheSnapshot(trancheId, roundId, investor, new BigDecimal(amountUsd), kind, state,
                "Series C Preferred Stock", kind == TrancheKind.IMMEDIATE ? T1_DUE : null,
                kind == TrancheKind.CONTINGENT ? T2_EXPIRES : null, null, new BigDecimal("0.00"), null, null, 1);
    }

    static TrancheSnapshot funded(TrancheSnapshot before, LocalDate on) {
        return new TrancheSnapshot(before.trancheId(), before.roundId(), before.investor(), before.amount(),
                before.kind(), TrancheState.FUNDED, before.security(), before.dueOn(), before.expiresOn(),
                before.trigger(), before.amount(), on, null, before.version() + 1);
    }

    static TrancheSnapshot expired(TrancheSnapshot before) {
        return new TrancheSnapshot(before.trancheId(), before.roundId(), before.investor(), before.amount(),
                before.kind(), TrancheState.EXPIRED, before.security(), before.dueOn(), before.expiresOn(),
                before.trigger(), before.fundedAmount(), null, before.expiresOn(), before.version() + 1);
    }

    /** The event announcing the tranche's state, with a fresh ce_id. */
    static CloudEvent event(TrancheSnapshot tranche) {
        return CloudEvent.create(TrancheEventType.enteringState(tranche.state()), SOURCE, tranche.trancheId(),
                OffsetDateTime.now(ZoneOffset.UTC), EventJson.write(tranche));
    }

    /** The record, to the partition of its key; or to {@code partition}, to order it after records there. */
    static ProducerRecord<String, String> record(CloudEvent event, Integer partition) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.TRANCHE_EVENTS, partition,
                event.subject(), event.data());
        event.headers().forEach((name, value) -> record.headers().add(new RecordHeader(name, value)));
        return record;
    }

    static ProducerRecord<String, String> record(CloudEvent event) {
        return record(event, null);
    }
}
