package io.dealstream.launch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Consumer lag per group, topic and partition, from the broker's committed offsets ({@code make lag}): what each
 * group committed, the partition's end offset, and the difference. A consumer that applied records but has not
 * committed them yet shows them as lag until its next commit.
 */
public final class ConsumerLag {

    /** What the table says for a group the broker does not know. */
    public static final String NO_SUCH_GROUP = "no such group";

    private static final long WAIT_SECONDS = 30;

    private ConsumerLag() {
    }

    /**
     * One partition a group reads.
     *
     * @param committed the group's committed offset (the next record it will read), or empty when it committed none
     * @param end the partition's end offset (the offset the next record written gets)
     * @param lag {@code end - committed}; with none committed, every record still on the partition
     *     ({@code end - earliest})
     */
    public record PartitionLag(String topic, int partition, OptionalLong committed, long end, long lag) {
    }

    /**
     * One consumer group: its state and members as the broker describes it, and the partitions it committed in or is
     * assigned, with every partition of those topics (a partition it never committed in counts as unread).
     */
    public record GroupLag(String group, String state, int members, List<PartitionLag> partitions) {

        public long total() {
            return partitions.stream().mapToLong(PartitionLag::lag).sum();
        }
    }

    /** The lag of {@code groups} (every consumer group when empty), read through an admin client of its own. */
    public static List<GroupLag> read(KafkaEndpoint kafka, Collection<String> groups) {
        try (Admin admin = admin(kafka)) {
            return read(admin, groups);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot read consumer lag from Kafka at " + kafka.bootstrapServers() + ": "
                    + e.getMessage(), e);
        }
    }

    /** An admin client for {@link #read(Admin, Collection)}, with short timeouts: a missing broker fails fast. */
    public static Admin admin(KafkaEndpoint kafka) {
        Properties p = kafka.properties("dealstream-consumer-lag");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(p);
    }

    /** The lag of {@code groups} (every consumer group when empty), groups by name, partitions by topic and number. */
    public static List<GroupLag> read(Admin admin, Collection<String> groups) {
        List<String> ids = groups.isEmpty()
                ? get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()).stream().map(GroupListing::groupId)
                        .sorted().toList()
                : new ArrayList<>(new TreeSet<>(groups));
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, KafkaFuture<ConsumerGroupDescription>> described = admin.describeConsumerGroups(ids)
                .describedGroups();
        Map<String, ListConsumerGroupOffsetsSpec> specs = new TreeMap<>();
        ids.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
        ListConsumerGroupOffsetsResult offsets = admin.listConsumerGroupOffsets(specs);

        Map<String, ConsumerGroupDescription> descriptions = new HashMap<>();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        Map<String, Set<String>> topicsOf = new HashMap<>();
        for (String id : ids) {
            ConsumerGroupDescription d = orNullIfUnknown(described.get(id));
            Map<TopicPartition, OffsetAndMetadata> c = orNullIfUnknown(offsets.partitionsToOffsetAndMetadata(id));
            committed.put(id, c == null ? Map.of() : c);
            Set<String> topics = new TreeSet<>();
            committed.get(id).keySet().forEach(tp -> topics.add(tp.topic()));
            if (d != null) {
                descriptions.put(id, d);
                for (MemberDescription m : d.members()) {
                    m.assignment().topicPartitions().forEach(tp -> topics.add(tp.topic()));
                }
            }
            topicsOf.put(id, topics);
        }

        // a topic deleted since a group committed in it has no end offset to compare with: it is left out
        Set<String> existing = get(admin.listTopics().names());
        Set<String> topics = new TreeSet<>();
        topicsOf.values().forEach(topics::addAll);
        topics.retainAll(existing);
        Map<String, TopicDescription> topicDescriptions = topics.isEmpty() ? Map.of()
                : get(admin.describeTopics(topics).allTopicNames());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (TopicDescription t : topicDescriptions.values()) {
            for (TopicPartitionInfo p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                latest.put(tp, OffsetSpec.latest());
                earliest.put(tp, OffsetSpec.earliest());
            }
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends = latest.isEmpty() ? Map.of()
                : get(admin.listOffsets(latest).all());
        Map<TopicPartition, ListOffsetsResultInfo> starts = earliest.isEmpty() ? Map.of()
                : get(admin.listOffsets(earliest).all());

        List<GroupLag> result = new ArrayList<>();
        for (String id : ids) {
            List<PartitionLag> partitions = new ArrayList<>();
            for (String topic : topicsOf.get(id)) {
                TopicDescription t = topicDescriptions.get(topic);
                if (t == null) {
                    continue;
                }
                for (TopicPartitionInfo p : t.partitions()) {
                    TopicPartition tp = new TopicPartition(topic, p.partition());
                    long end = ends.get(tp).offset();
                    OffsetAndMetadata c = committed.get(id).get(tp);
                    partitions.add(c == null
                            ? new PartitionLag(topic, tp.partition(), OptionalLong.empty(), end, end - starts.get(tp).offset())
                            : new PartitionLag(topic, tp.partition(), OptionalLong.of(c.offset()), end, end - c.offset()));
                }
            }
            partitions.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
            ConsumerGroupDescription d = descriptions.get(id);
            result.add(d == null ? new GroupLag(id, NO_SUCH_GROUP, 0, List.copyOf(partitions))
                    : new GroupLag(id, d.groupState().toString(), d.members().size(), List.copyOf(partitions)));
        }
        return result;
    }

    /**
     * The groups as an aligned table: a row per partition (GROUP, TOPIC, PARTITION, COMMITTED, END, LAG; "none
     * committed" where the group committed nothing), then the group's total lag with its state and members.
     */
    public static String table(List<GroupLag> groups) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"GROUP", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG"});
        for (GroupLag g : groups) {
            for (PartitionLag p : g.partitions()) {
                rows.add(new String[] {g.group(), p.topic(), Integer.toString(p.partition()),
                        p.committed().isPresent() ? Long.toString(p.committed().getAsLong()) : "none committed",
                        Long.toString(p.end()), Long.toString(p.lag())});
            }
            String members = g.members() == 1 ? "1 member" : g.members() + " members";
            rows.add(new String[] {g.group(), "total (" + g.state() + ", " + members + ")", "", "", "",
                    Long.toString(g.total())});
        }
        int[] widths = new int[6];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                // names to the left, figures to the right
                String format = i < 2 ? "%-" + widths[i] + "s" : "%" + widths[i] + "s";
                line.append(String.format(format, row[i]));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /** A group the broker does not know: its description or offsets fail with GROUP_ID_NOT_FOUND; null then. */
    private static <T> T orNullIfUnknown(KafkaFuture<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return null;
            }
            throw failed(e);
        } catch (TimeoutException e) {
            throw failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static IllegalStateException failed(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return new IllegalStateException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    }
}
