package io.dealstream.investment.tranche;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.dealstream.events.CloudEvent;
import java.time.OffsetDateTime;

/** An event of a tranche's log as {@code GET /tranches/{id}/events} shows it; {@code data} is the snapshot. */
public record RecordedEvent(String id, String type, String source, String subject, OffsetDateTime time,
        @JsonRawValue String data) {

    static RecordedEvent of(CloudEvent event) {
        return new RecordedEvent(event.id(), event.type(), event.source(), event.subject(), event.time(),
                event.data());
    }
}
