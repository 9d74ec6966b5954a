package io.dealstream.console.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.launch.ConsumerLag.GroupLag;
import io.dealstream.launch.ConsumerLag.PartitionLag;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LagViewTest {

    @Test
    void eachGroupShowsItsPartitionsAndItsTotalLag() {
        GroupLag compute = new GroupLag("compute-service", "Stable", 1, List.of(
                new PartitionLag("investment.tranche-events", 0, OptionalLong.of(4), 6, 2),
                new PartitionLag("investment.tranche-events", 1, OptionalLong.empty(), 3, 3),
                new PartitionLag("investment.tranche-events", 2, OptionalLong.of(9), 9, 0)));

        LagView view = LagView.of("2026-03-15T09:30:00Z", "127.0.0.1:9092", List.of(compute));

        assertTrue(view.brokerUp());
        assertNull(view.problem());
        LagView.Group group = view.groups().getFirst();
        assertEquals("compute-service", group.group());
        assertEquals("Stable", group.state());
        assertEquals(1, group.members());
        assertEquals(5, group.total());
        assertEquals(List.of(
                new LagView.Partition("investment.tranche-events", 0, 4L, 6, 2),
                new LagView.Partition("investment.tranche-events", 1, null, 3, 3),
                new LagView.Partition("investment.tranche-events", 2, 9L, 9, 0)), group.partitions());
    }

    @Test
    void aBrokerThatCannotBeReadShowsAsDownWithWhy() {
        LagView view = LagView.brokerDown("2026-03-15T09:30:00Z", "127.0.0.1:9092", "cannot read from Kafka");

        assertFalse(view.brokerUp());
        assertEquals("cannot read from Kafka", view.problem());
        assertEquals(List.of(), view.groups());
    }
}
