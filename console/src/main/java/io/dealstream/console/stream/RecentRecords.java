package io.dealstream.console.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last {@code kept} records of the stream, oldest first: what a page that opens now is shown. */
public final class RecentRecords {

    private final int kept;
    private final Deque<StreamRecord> records = new ArrayDeque<>();

    public RecentRecords(int kept) {
        if (kept < 1) {
            throw new IllegalArgumentException("dealstream.console.kept must be 1 or more, not " + kept);
        }
        this.kept = kept;
    }

    public int kept() {
        return kept;
    }

    public synchronized void add(StreamRecord record) {
        records.addLast(record);
        while (records.size() > kept) {
            records.removeFirst();
        }
    }

    public synchronized List<StreamRecord> all() {
        return new ArrayList<>(records);
    }
}
