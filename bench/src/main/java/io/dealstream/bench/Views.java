package io.dealstream.bench;

import io.dealstream.launch.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** The consumer services' views, each followed on all its instances: when does a change show in all of them. */
final class Views implements AutoCloseable {

    private final List<ViewWatch> watches = new ArrayList<>();

    Views(Map<Service, List<String>> instanceUrls, String prefix) {
        instanceUrls.forEach((service, urls) -> watches.add(new ViewWatch(service.module(), urls, prefix).start()));
    }

    /** Views given by their URLs (one instance each), e.g. for a load against a cluster. */
    Views(List<String> urls, String prefix) {
        for (String url : urls) {
            watches.add(new ViewWatch(url, List.of(url), prefix).start());
        }
    }

    List<ViewWatch> watches() {
        return watches;
    }

    boolean awaitPositioned(Duration timeout) throws InterruptedException {
        for (ViewWatch w : watches) {
            if (!w.awaitPositioned(timeout)) {
                return false;
            }
        }
        return true;
    }

    /** The view that reported the change last, or null while one has not reported it. */
    ViewWatch.Seen last(String key) {
        ViewWatch.Seen last = null;
        for (ViewWatch w : watches) {
            ViewWatch.Seen s = w.seen(key);
            if (s == null) {
                return null;
            }
            if (last == null || s.nanos() > last.nanos()) {
                last = s;
            }
        }
        return last;
    }

    /** How many of the keys each view has reported, e.g. "compute-service 980, distribution-service 975". */
    String counts(List<String> keys) {
        return watches.stream().map(w -> w.name() + " " + keys.stream().filter(k -> w.seen(k) != null).count())
                .collect(Collectors.joining(", "));
    }

    String problem() {
        return watches.stream().map(ViewWatch::problem).filter(Objects::nonNull).collect(Collectors.joining("; "));
    }

    @Override
    public void close() {
        watches.forEach(ViewWatch::close);
    }
}
