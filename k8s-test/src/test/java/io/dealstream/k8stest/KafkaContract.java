package io.dealstream.k8stest;

import io.dealstream.events.Topics;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Kafka security contract every deployment keeps: its users, what each may do (nothing else is allowed), the
 * variables every client reads its credentials from, and the topics the deployment creates.
 */
final class KafkaContract {

    static final String ADMIN = "dealstream-admin";
    static final String READER = "dealstream-reader";
    static final List<String> USERS = List.of(ADMIN, "investment-service", "compute-service", "distribution-service",
            READER);
    /** The client switch: both set, SASL_PLAINTEXT with SCRAM-SHA-512; neither, PLAINTEXT. */
    static final String USERNAME = "KAFKA_SASL_USERNAME";
    static final String PASSWORD = "KAFKA_SASL_PASSWORD";
    /** Each application's user: a service its own, the console the reader. */
    static final Map<String, String> USER_OF = Map.of("investment-service", "investment-service",
            "compute-service", "compute-service", "distribution-service", "distribution-service",
            ConsistencyTest.CONSOLE, READER);
    static final List<String> DEAD_LETTER_TOPICS = List.of("compute.tranche-events.dlq", "distribution.tranche-events.dlq");
    /** The contract's three topics and the two dead-letter topics: the deployment creates them, no client may. */
    static final List<String> TOPICS = List.of(Topics.TRANCHE_EVENTS, Topics.CAPACITY_EVENTS, Topics.RIGHTS_EVENTS,
            DEAD_LETTER_TOPICS.get(0), DEAD_LETTER_TOPICS.get(1));

    /** One permission: the user may do the operation on the topic or group named (literal) or on those it prefixes. */
    record Acl(String user, String resource, String pattern, String name, String operation) {
    }

    static final Set<Acl> ACLS = acls();

    private KafkaContract() {
    }

    /** The Secret make kind-up makes of a user's password (key password). */
    static String secret(String user) {
        return "kafka-user-" + user;
    }

    private static Set<Acl> acls() {
        Set<Acl> a = new LinkedHashSet<>();
        allow(a, "investment-service", "topic", "literal", List.of(Topics.TRANCHE_EVENTS), "WRITE", "DESCRIBE");
        for (String service : List.of("compute-service", "distribution-service")) {
            String own = service.equals("compute-service") ? Topics.CAPACITY_EVENTS : Topics.RIGHTS_EVENTS;
            String deadLetters = service.substring(0, service.indexOf('-')) + ".tranche-events.dlq";
            allow(a, service, "topic", "literal", List.of(Topics.TRANCHE_EVENTS), "READ", "DESCRIBE");
            allow(a, service, "group", "prefixed", List.of(service), "READ");
            allow(a, service, "topic", "literal", List.of(own), "WRITE", "DESCRIBE");
            allow(a, service, "topic", "literal", List.of(deadLetters), "WRITE", "READ", "DESCRIBE");
        }
        allow(a, READER, "topic", "literal", TOPICS, "READ", "DESCRIBE");
        allow(a, READER, "group", "prefixed", List.of(READER), "READ");
        allow(a, READER, "group", "prefixed", List.of("compute-service", "distribution-service"), "DESCRIBE");
        return Set.copyOf(a);
    }

    private static void allow(Set<Acl> acls, String user, String resource, String pattern, List<String> names,
            String... operations) {
        for (String name : names) {
            for (String operation : operations) {
                acls.add(new Acl(user, resource, pattern, name, operation));
            }
        }
    }
}
