package io.dealstream.launch;

import io.dealstream.events.KafkaCredentials;
import java.util.Optional;
import java.util.Properties;

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
}
