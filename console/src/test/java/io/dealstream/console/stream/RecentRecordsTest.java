package io.dealstream.console.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecentRecordsTest {

    @Test
    void theStreamKeepsTheNewestRecordsOldestFirst() {
        RecentRecords recent = new RecentRecords(3);
        for (long offset = 0; offset < 5; offset++) {
            recent.add(new StreamRecord("2026-03-15T09:30:00Z", "investment.tranche-events", 0, offset,
                    "investment.tranche.funded.v1", "amazon-t1", "FUNDED", null));
        }

        assertEquals(List.of(2L, 3L, 4L), recent.all().stream().map(StreamRecord::offset).toList());
        assertEquals(3, recent.kept());
    }

    @Test
    void keepingNoRecordIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RecentRecords(0));
        assertEquals("dealstream.console.kept must be 1 or more, not 0", e.getMessage());
    }
}
