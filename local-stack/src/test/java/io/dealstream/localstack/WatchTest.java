package io.dealstream.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dealstream.events.Topics;
import io.dealstream.launch.KafkaNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchTest {

    @Test
    void topicSelection() {
        assertEquals(KafkaNode.TOPICS, Watch.topics(null));
        assertEquals(List.of(Topics.TRANCHE_EVENTS, Topics.RIGHTS_EVENTS), Watch.topics("tranche, rights"));
        assertEquals(List.of(Topics.CAPACITY_EVENTS), Watch.topics("compute.capacity-events"));
        assertEquals(List.of("compute.tranche-events.dlq"), Watch.topics("compute.tranche-events.dlq"));
    }
}
