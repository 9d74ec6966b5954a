package io.dealstream.fundingview;

import io.dealstream.platform.http.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The events this view has consumed, in the order it recorded them ({@code seq}), and the readers waiting for the
 * next commit of the projection: each holds a signal that {@link #committed()} completes, not a thread, and at most
 * {@code maxWaiting} wait at once.
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

    private final int maxWaiting;
    private Set<CompletableFuture<Void>> waiting = new LinkedHashSet<>();

    @Inject
    AppliedEvents(FundingViewSettings settings) {
        this(settings.maxLongPolls());
    }

    AppliedEvents(int maxWaiting) {
        if (maxWaiting < 0) {
            throw new IllegalArgumentException("maxWaiting must be 0 or more, not " + maxWaiting);
        }
        this.maxWaiting = maxWaiting;
    }

    /**
     * A signal that the next commit of this process's consumer completes, or null when {@code maxWaiting} readers
     * wait already. Take it before reading, so that a commit between the read and the wait is not missed; give it
     * back with {@link #release} when no longer waiting.
     */
    synchronized CompletableFuture<Void> nextCommit() {
        if (waiting.size() >= maxWaiting) {
            return null;
        }
        CompletableFuture<Void> signal = new CompletableFuture<>();
        waiting.add(signal);
        return signal;
    }

    /** Frees the place of a reader that stopped waiting (answered, timed out, gone); null and repeats are harmless. */
    synchronized void release(CompletableFuture<Void> signal) {
        if (signal != null) {
            waiting.remove(signal);
        }
    }

    /** How many readers wait for the next commit now. */
    synchronized int waiting() {
        return waiting.size();
    }

    int maxWaiting() {
        return maxWaiting;
    }

    /**
     * Called after a projection transaction committed in this process: completes every waiting signal. What they
     * go on to do must be short (the consumer's thread runs it): the readers hand their next read to a worker.
     */
    void committed() {
        Set<CompletableFuture<Void>> woken;
        synchronized (this) {
            woken = waiting;
            waiting = new LinkedHashSet<>();
        }
        for (CompletableFuture<Void> signal : woken) {
            signal.complete(null);
        }
    }

    /**
     * The events recorded after {@code after}, oldest first, at most {@code limit}, and whether more are there (one
     * more is read to know): a short blocking read. In a transaction of its own, so its connection goes back to the
     * pool at once: a long poll's request lives on while it waits, and with it a session of the request would keep
     * the connection.
     */
    @Transactional
    public Page<AppliedEvent> after(long after, int limit) {
        List<AppliedEvent> rows = SeenEvent.<SeenEvent>find("seq > ?1 order by seq", after).range(0, limit)
                .stream().map(AppliedEvent::of).toList();
        return Page.of(rows, limit, e -> Long.toString(e.seq()));
    }
}
