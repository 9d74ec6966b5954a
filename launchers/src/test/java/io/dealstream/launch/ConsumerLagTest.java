package io.dealstream.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dealstream.events.Topics;
import io.dealstream.launch.ConsumerLag.GroupLag;
import io.dealstream.launch.ConsumerLag.PartitionLag;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The lag table as make lag prints it (the figures themselves come from a real broker in local-stack's LagTest). */
class ConsumerLagTest {

    @Test
    void theTableHasARowPerPartitionThenTheGroupsTotalWithItsStateAndMembers() {
        GroupLag compute = new GroupLag("compute-service", "Stable", 2, List.of(
                new PartitionLag(Topics.TRANCHE_EVENTS, 0, OptionalLong.of(1200), 1250, 50),
                new PartitionLag(Topics.TRANCHE_EVENTS, 1, OptionalLong.empty(), 9, 7)));
        GroupLag distribution = new GroupLag("distribution-service", "Empty", 1, List.of(
                new PartitionLag(Topics.TRANCHE_EVENTS, 0, OptionalLong.of(1250), 1250, 0)));
        assertEquals(57, compute.total());
        assertEquals("""
                GROUP                 TOPIC                      PARTITION       COMMITTED   END  LAG
                compute-service       investment.tranche-events          0            1200  1250   50
                compute-service       investment.tranche-events          1  none committed     9    7
                compute-service       total (Stable, 2 members)                                    57
                distribution-service  investment.tranche-events          0            1250  1250    0
                distribution-service  total (Empty, 1 member)                                       0
                """, ConsumerLag.table(List.of(compute, distribution)));
    }

    @Test
    void aGroupWithNothingCommittedOrAssignedIsItsTotalAlone() {
        assertEquals("""
                GROUP       TOPIC                             PARTITION  COMMITTED  END  LAG
                settlement  total (no such group, 0 members)                               0
                """, ConsumerLag.table(List.of(new GroupLag("settlement", ConsumerLag.NO_SUCH_GROUP, 0, List.of()))));
    }
}
