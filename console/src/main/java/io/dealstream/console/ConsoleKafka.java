package io.dealstream.console;

import io.dealstream.events.KafkaCredentials;
import io.dealstream.launch.KafkaEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

/**
 * Where the console's Kafka clients connect and as whom: {@code dealstream.console.kafka} and the login of
 * {@link KafkaCredentials#fromSettings} (the reader's, wherever the system runs; none for a broker that asks for none).
 * Only one of username and password stops the start.
 */
@ApplicationScoped
public class ConsoleKafka {

    private final KafkaEndpoint endpoint;

    ConsoleKafka(ConsoleSettings settings, Config config) {
        this.endpoint = new KafkaEndpoint(settings.kafka(), KafkaCredentials.fromSettings(
                name -> config.getOptionalValue(name, String.class).orElse(null)));
    }

    public KafkaEndpoint endpoint() {
        return endpoint;
    }
}
