package io.dealstream.platform.kafka;

import io.dealstream.events.KafkaCredentials;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns the service's Kafka login into {@code kafka.*} client settings, the defaults of every SmallRye channel and of
 * the clients the code makes itself ({@link ReliableProducers}, {@link BrokerHealth}), which all read the
 * {@code default-kafka-broker} configuration. The login is {@value KafkaCredentials#USERNAME_PROPERTY} and
 * {@value KafkaCredentials#PASSWORD_PROPERTY}, or else the variables {@value KafkaCredentials#USERNAME_VARIABLE} and
 * {@value KafkaCredentials#PASSWORD_VARIABLE}; only one of the two stops the start (see {@link KafkaCredentials}).
 */
public class KafkaLoginConfig implements ConfigSourceFactory {

    /** Below application.properties (250), so that a deployment may still set a {@code kafka.*} setting outright. */
    static final int ORDINAL = 150;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Optional<KafkaCredentials> login = KafkaCredentials.fromSettings(name -> {
            ConfigValue value = context.getValue(name);
            return value == null ? null : value.getValue();
        });
        Map<String, String> settings = new HashMap<>();
        KafkaCredentials.clientProperties(login).forEach((key, value) -> settings.put("kafka." + key, value));
        return List.of(new PropertiesConfigSource(settings, "dealstream Kafka login", ORDINAL));
    }
}
