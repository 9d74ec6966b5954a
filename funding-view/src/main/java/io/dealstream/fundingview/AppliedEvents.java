package io.dealstream.fundingview;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The events this view has consumed, in the order it recorded them ({@code seq}), and a signal raised after each
 * commit of the projection, so that a reader can wait for the next one instead of polling.
 */
@ApplicationScoped
public class AppliedEvents {

    /** One consumed event and what it did; {@code seq} is the position to continue after. */
    public record AppliedEvent(long seq, String id, String type, String subject, long version, Outcome outcome,
            OffsetDateTime eventTime, OffsetDateTime appliedAt) {

        static AppliedEvent of(SeenEvent seen) {
            return new AppliedEvent(seen.seq, seen.eventId, seen.type, seen.subject, seen.version, seen.outcome,
                    seen.eventTime, seen.appliedAt);
        }
    }

    private long commits;

    /** Called after a projection transaction committed in this process. */
    synchronized void committed() {
        commits++;
        notifyAll();
    }

    /**
     * The events recorded after {@code after}, at most {@code limit}; when there is none yet, waits up to
     * {@code wait} for a commit of this process's consumer and looks again.
     */
    public List<AppliedEvent> after(long after, int limit, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long seen;
            synchronized (this) {
                seen = commits;
            }
            List<AppliedEvent> events = SeenEvent.<SeenEvent>find("seq > ?1 order by seq", after).page(0, limit)
                    .stream().map(AppliedEvent::of).toList();
            long left = deadline - System.nanoTime();
            if (!events.isEmpty() || left <= 0) {
                return events;
            }
            synchronized (this) {
                // a commit of another replica (same database) does not signal here: the wait ends and the caller asks again
                while (commits == seen && left > 0) {
                    long millis = Math.max(1, left / 1_000_000);
                    wait(millis);
                    left = deadline - System.nanoTime();
                }
            }
        }
    }
}
