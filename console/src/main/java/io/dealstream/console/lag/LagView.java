package io.dealstream.console.lag;

import io.dealstream.launch.ConsumerLag;
import java.util.ArrayList;
import java.util.List;

/**
 * The consumer groups' lag as the page shows it (the table {@code make lag} prints), or why the broker could not be
 * read: then the broker is shown as down.
 *
 * @param readAt when it was read (ISO-8601)
 */
public record LagView(String readAt, String broker, boolean brokerUp, String problem, List<Group> groups) {

    /** One group: its state, members and total lag, and a row per partition. */
    public record Group(String group, String state, int members, long total, List<Partition> partitions) {
    }

    /** @param committed the group's committed offset, or null when it committed none in this partition */
    public record Partition(String topic, int partition, Long committed, long end, long lag) {
    }

    public static LagView of(String readAt, String broker, List<ConsumerLag.GroupLag> groups) {
        List<Group> shown = new ArrayList<>();
        for (ConsumerLag.GroupLag g : groups) {
            List<Partition> partitions = g.partitions().stream().map(p -> new Partition(p.topic(), p.partition(),
                    p.committed().isPresent() ? p.committed().getAsLong() : null, p.end(), p.lag())).toList();
            shown.add(new Group(g.group(), g.state(), g.members(), g.total(), partitions));
        }
        return new LagView(readAt, broker, true, null, List.copyOf(shown));
    }

    public static LagView brokerDown(String readAt, String broker, String problem) {
        return new LagView(readAt, broker, false, problem, List.of());
    }
}
