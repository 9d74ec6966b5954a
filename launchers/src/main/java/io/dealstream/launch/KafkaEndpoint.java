package io.dealstream.launch;

import io.dealstream.events.KafkaCredentials;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Where a Kafka client of the launchers connects and as whom: the bootstrap servers and a login (none for a broker that
 * asks for none). {@link #properties(String)} is where every such client starts.
 */
public record KafkaEndpoint(String bootstrapServers, Optional<KafkaCredentials> login) {

    /** The bootstrap servers, the login's security settings and the client id. */
    public Properties properties(String clientId) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.putAll(KafkaCredentials.clientProperties(login));
        p.put("client.id", clientId);
        return p;
    }

    /**
     * The settings of a consumer that reads keys and values as text and commits nothing (one that assigns itself
     * partitions, in no group), waiting at most {@code timeout} for a request and for a call on the broker.
     */
    public Properties readerProperties(String clientId, Duration timeout) {
        Properties p = properties(clientId);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        return p;
    }
}
