package io.dealstream.fundingview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The readers waiting for the projection's next commit: a signal each, not a thread, and at most so many. */
class AppliedEventsTest {

    @Test
    void aCommitCompletesEverySignalTakenBeforeItAndNoneTakenAfter() {
        AppliedEvents applied = new AppliedEvents(10);
        CompletableFuture<Void> first = applied.nextCommit();
        CompletableFuture<Void> second = applied.nextCommit();
        assertEquals(2, applied.waiting());

        applied.committed();

        assertTrue(first.isDone() && second.isDone());
        assertEquals(0, applied.waiting());
        CompletableFuture<Void> later = applied.nextCommit();
        assertFalse(later.isDone(), "a signal taken after the commit waits for the next one");
        applied.committed();
        assertTrue(later.isDone());
    }

    @Test
    void pastTheMostThatMayWaitNoSignalIsGivenUntilOneIsReleasedOrACommitFreesAll() {
        AppliedEvents applied = new AppliedEvents(2);
        CompletableFuture<Void> first = applied.nextCommit();
        CompletableFuture<Void> second = applied.nextCommit();
        assertNull(applied.nextCommit());
        assertEquals(2, applied.waiting());

        applied.release(first);
        assertEquals(1, applied.waiting());
        CompletableFuture<Void> third = applied.nextCommit();
        assertNull(applied.nextCommit());

        applied.committed();
        assertTrue(second.isDone() && third.isDone());
        assertFalse(first.isDone(), "a released signal is not completed");
        assertEquals(0, applied.waiting());
        assertNotNull(applied.nextCommit());
        assertNotNull(applied.nextCommit());
        assertNull(applied.nextCommit());
    }

    @Test
    void releasingTwiceNullOrAfterTheCommitFreesNoOtherPlace() {
        AppliedEvents applied = new AppliedEvents(3);
        CompletableFuture<Void> first = applied.nextCommit();
        applied.nextCommit();
        applied.release(first);
        applied.release(first);
        applied.release(null);
        assertEquals(1, applied.waiting());

        applied.committed();
        applied.release(first);
        CompletableFuture<Void> after = applied.nextCommit();
        applied.release(after);
        applied.release(after);
        assertEquals(0, applied.waiting());
    }

    @Test
    void noneMayWaitWhenTheMostIsZeroAndANegativeMostIsRefused() {
        assertNull(new AppliedEvents(0).nextCommit());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new AppliedEvents(-1));
        assertEquals("maxWaiting must be 0 or more, not -1", refused.getMessage());
    }

    @Test
    void whatASignalRunsWhenCompletedRunsAfterTheLockIsFreeSoItMayTakeTheNextSignal() {
        AppliedEvents applied = new AppliedEvents(1);
        List<CompletableFuture<Void>> next = new ArrayList<>();
        applied.nextCommit().thenRun(() -> next.add(applied.nextCommit()));

        applied.committed();

        assertEquals(1, next.size());
        assertNotNull(next.getFirst(), "the woken reader gets the place it gave up");
        assertEquals(1, applied.waiting());
    }

    @Test
    void manyThreadsTakingSignalsNeverGetMoreThanTheMost() throws Exception {
        AppliedEvents applied = new AppliedEvents(100);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> taken = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                taken.add(threads.submit(() -> {
                    start.await();
                    int got = 0;
                    for (int i = 0; i < 50; i++) {
                        if (applied.nextCommit() != null) {
                            got++;
                        }
                    }
                    return got;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : taken) {
                total += f.get(10, TimeUnit.SECONDS);
            }
            assertEquals(100, total);
            assertEquals(100, applied.waiting());
        } finally {
            threads.shutdownNow();
        }
    }
}
