package io.dealstream.console.web;

import io.dealstream.console.ConsoleSettings;
import io.dealstream.console.deal.DealView;
import io.dealstream.console.lag.LagView;
import io.dealstream.console.stream.RecentRecords;
import io.dealstream.console.stream.StreamRecord;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * What every open page is sent: on subscribing, the kept records and the latest deal and lag; then each new record,
 * deal and lag as it comes. One lock orders both, so a page misses nothing between its history and the live part.
 */
@ApplicationScoped
public class Feed {

    private final RecentRecords recent;
    private final List<MultiEmitter<? super Message>> pages = new ArrayList<>();
    private DealView deal;
    private LagView lag;

    Feed(ConsoleSettings settings) {
        this.recent = new RecentRecords(settings.kept());
    }

    public Multi<Message> subscribe() {
        return Multi.createFrom().emitter(page -> {
            synchronized (this) {
                state().forEach(page::emit);
                pages.add(page);
            }
            page.onTermination(() -> {
                synchronized (this) {
                    pages.remove(page);
                }
            });
        });
    }

    public synchronized void record(StreamRecord record) {
        recent.add(record);
        send(new Message("record", record));
    }

    public synchronized void deal(DealView deal) {
        this.deal = deal;
        send(new Message("deal", deal));
    }

    public synchronized void lag(LagView lag) {
        this.lag = lag;
        send(new Message("lag", lag));
    }

    /** The kept records and the latest deal and lag (once read): what a page is sent first. */
    public synchronized List<Message> state() {
        List<Message> state = new ArrayList<>(List.of(new Message("history", new History(recent.kept(), recent.all()))));
        if (deal != null) {
            state.add(new Message("deal", deal));
        }
        if (lag != null) {
            state.add(new Message("lag", lag));
        }
        return state;
    }

    /** The kept records, oldest first, and how many the stream keeps. */
    public record History(int kept, List<StreamRecord> records) {
    }

    private void send(Message message) {
        for (MultiEmitter<? super Message> page : List.copyOf(pages)) {
            page.emit(message);
        }
    }
}
