package io.dealstream.fundingview;

import java.time.OffsetDateTime;

/** The last tranche event that changed this service's funding view, as its reports show it. */
public record LastAppliedEvent(String id, String type, String subject, long version, OffsetDateTime time,
        OffsetDateTime appliedAt) {

    /** The last applied event as committed now, or null before the first. */
    public static LastAppliedEvent current() {
        SeenEvent seen = SeenEvent.lastApplied();
        return seen == null ? null
                : new LastAppliedEvent(seen.eventId, seen.type, seen.subject, seen.version, seen.eventTime,
                        seen.appliedAt);
    }
}
