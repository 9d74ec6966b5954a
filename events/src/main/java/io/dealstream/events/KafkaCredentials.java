package io.dealstream.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Kafka user's SCRAM-SHA-512 login, and the one place that turns it into Kafka client properties: every Java client
 * of the system (the services' channels and producers, the console, the launchers' taps and admins, the bench) gets its
 * security settings from {@link #clientProperties(Optional)}. Plain strings, so that modules without the Kafka client
 * on their class path can name them too.
 *
 * <p>From the environment: {@value #USERNAME_VARIABLE} and {@value #PASSWORD_VARIABLE}. Both set: SASL_PLAINTEXT with
 * SCRAM-SHA-512. Neither: no login, plain PLAINTEXT, for a broker that asks for none. Only one: a mistake that must
 * stop the process at start, naming the missing one, rather than a client that fails later to authenticate.
 */
public record KafkaCredentials(String username, String password) {

    public static final String USERNAME_VARIABLE = "KAFKA_SASL_USERNAME";
    public static final String PASSWORD_VARIABLE = "KAFKA_SASL_PASSWORD";
    /** The same two as Quarkus configuration properties (tests and -D), which the variables above map to. */
    public static final String USERNAME_PROPERTY = "dealstream.kafka.sasl.username";
    public static final String PASSWORD_PROPERTY = "dealstream.kafka.sasl.password";

    public static final String MECHANISM = "SCRAM-SHA-512";

    public KafkaCredentials {
        if (username == null || username.isBlank() || password == null || password.isBlank()) {
            throw new IllegalArgumentException("a Kafka login needs a username and a password");
        }
    }

    /** From {@value #USERNAME_VARIABLE} and {@value #PASSWORD_VARIABLE} as {@code env} gives them (null when unset). */
    public static Optional<KafkaCredentials> fromEnvironment(Function<String, String> env) {
        return of(USERNAME_VARIABLE, env.apply(USERNAME_VARIABLE), PASSWORD_VARIABLE, env.apply(PASSWORD_VARIABLE));
    }

    /**
     * From a Quarkus application's configuration, {@code setting} giving a configuration value or null: each of
     * {@value #USERNAME_PROPERTY} and {@value #PASSWORD_PROPERTY}, else its variable
     * ({@value #USERNAME_VARIABLE}, {@value #PASSWORD_VARIABLE}).
     */
    public static Optional<KafkaCredentials> fromSettings(Function<String, String> setting) {
        return of(USERNAME_VARIABLE, firstOf(setting, USERNAME_PROPERTY, USERNAME_VARIABLE),
                PASSWORD_VARIABLE, firstOf(setting, PASSWORD_PROPERTY, PASSWORD_VARIABLE));
    }

    private static String firstOf(Function<String, String> setting, String property, String variable) {
        String value = setting.apply(property);
        return value != null && !value.isBlank() ? value : setting.apply(variable);
    }

    /**
     * Both given: the login; neither: none. Exactly one: {@link IllegalStateException} naming the missing setting
     * ({@code usernameName}, {@code passwordName}). Blank counts as not given.
     */
    public static Optional<KafkaCredentials> of(String usernameName, String username, String passwordName,
            String password) {
        boolean hasUsername = username != null && !username.isBlank();
        boolean hasPassword = password != null && !password.isBlank();
        if (hasUsername != hasPassword) {
            String missing = hasUsername ? passwordName : usernameName;
            String given = hasUsername ? usernameName : passwordName;
            throw new IllegalStateException(given + " is set but " + missing + " is not: give both for a Kafka "
                    + "broker that asks for SASL/SCRAM, or neither for one that does not");
        }
        return hasUsername ? Optional.of(new KafkaCredentials(username, password)) : Optional.empty();
    }

    /**
     * The Kafka client properties of a login: {@code security.protocol}, {@code sasl.mechanism} and
     * {@code sasl.jaas.config}; none without one (PLAINTEXT, Kafka's default).
     */
    public static Map<String, String> clientProperties(Optional<KafkaCredentials> credentials) {
        Map<String, String> properties = new LinkedHashMap<>();
        credentials.ifPresent(c -> {
            properties.put("security.protocol", "SASL_PLAINTEXT");
            properties.put("sasl.mechanism", MECHANISM);
            properties.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"" + quoted(c.username) + "\" password=\"" + quoted(c.password) + "\";");
        });
        return properties;
    }

    /** {@link #clientProperties(Optional)} of this login. */
    public Map<String, String> clientProperties() {
        return clientProperties(Optional.of(this));
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Never the password: a record's default would print it into logs. */
    @Override
    public String toString() {
        return "KafkaCredentials[" + username + "]";
    }
}
