package io.dealstream.bench;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The open-loop schedule both loads follow (the services' and the bare pipeline's): tranche i starts at
 * {@code start + i × 2 / rate} (two changes a tranche), whatever the ones before it took, with at most
 * {@link TrancheLoad#MAX_IN_FLIGHT} under way; consecutive tranches go to different rounds, as independent deals do,
 * so that a round's lock is not a queue. Then it waits up to 60 s for every tranche to finish.
 */
final class TrancheSchedule {

    /** One tranche of the schedule: its id, round and investor. */
    record Slot(String trancheId, String roundId, String investor) {
    }

    /** Starts a tranche's work; it calls {@code finished} once, when the work has ended either way. */
    interface Work {
        void start(Slot slot, Runnable finished);
    }

    /** Called about once a second while the schedule runs: its start and now (System.nanoTime), tranches under way. */
    interface Tick {
        void at(long startNanos, long nowNanos, int inFlight);
    }

    /** What ran: when it started (System.nanoTime), and how many tranches had not finished after the wait. */
    record Outcome(long startNanos, int unfinished) {
    }

    private TrancheSchedule() {
    }

    static Outcome run(double changesPerSecond, int tranches, List<String> roundIds, Tick tick, Work work) {
        if (roundIds.isEmpty() || roundIds.size() * TrancheLoad.TRANCHES_PER_ROUND < tranches) {
            throw new IllegalArgumentException(tranches + " tranches need " + tranches / TrancheLoad.TRANCHES_PER_ROUND
                    + " rounds or more");
        }
        Semaphore inFlight = new Semaphore(TrancheLoad.MAX_IN_FLIGHT);
        AtomicLong finished = new AtomicLong();
        long interval = (long) (2e9 / changesPerSecond);
        long start = System.nanoTime();
        long[] nextTick = {start + 1_000_000_000L};
        Runnable tickIfDue = () -> {
            long now = System.nanoTime();
            if (tick != null && now >= nextTick[0]) {
                tick.at(start, now, TrancheLoad.MAX_IN_FLIGHT - inFlight.availablePermits());
                nextTick[0] += 1_000_000_000L;
            }
        };
        for (int i = 0; i < tranches; i++) {
            long due = start + i * interval;
            while (true) {
                tickIfDue.run();
                long wait = due - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                // wake for the tick only when there is one: a past tick time would make this a busy spin
                LockSupport.parkNanos(tick == null ? wait : Math.max(1, Math.min(wait, nextTick[0] - System.nanoTime())));
            }
            inFlight.acquireUninterruptibly();
            String round = roundIds.get(i % roundIds.size());
            int inRound = i / roundIds.size();
            work.start(new Slot(round + "-t" + inRound, round, "Load Investor " + (inRound % TrancheLoad.INVESTORS)),
                    () -> {
                        finished.incrementAndGet();
                        inFlight.release();
                    });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (finished.get() < tranches && System.nanoTime() < deadline) {
            tickIfDue.run();
            LockSupport.parkNanos(2_000_000);
        }
        return new Outcome(start, (int) (tranches - finished.get()));
    }
}
