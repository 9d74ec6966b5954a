package io.dealstream.k8stest;

import io.dealstream.events.KafkaCredentials;
import io.dealstream.testsupport.KafkaAccess;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Kafka security contract every deployment keeps, as the manifests' and scripts' checks read it: the users and
 * their ACLs are test-support's {@link KafkaAccess} (the table make up's broker and the test broker use), here as the
 * words kafka-acls.sh and Strimzi's KafkaUser write them; the variables every client reads its credentials from; each
 * application's user; the Secret kind-up makes of a password.
 */
final class KafkaContract {

    static final String ADMIN = KafkaAccess.ADMIN;
    static final String READER = KafkaAccess.READER;
    static final List<String> USERS = KafkaAccess.USERS;
    /** The client switch: both set, SASL_PLAINTEXT with SCRAM-SHA-512; neither, PLAINTEXT. */
    static final String USERNAME = KafkaCredentials.USERNAME_VARIABLE;
    static final String PASSWORD = KafkaCredentials.PASSWORD_VARIABLE;
    /** Each application's user: a service its own, the console the reader. */
    static final Map<String, String> USER_OF = Map.of(KafkaAccess.INVESTMENT, KafkaAccess.INVESTMENT,
            KafkaAccess.COMPUTE, KafkaAccess.COMPUTE, KafkaAccess.DISTRIBUTION, KafkaAccess.DISTRIBUTION,
            ConsistencyTest.CONSOLE, READER);
    static final List<String> DEAD_LETTER_TOPICS = List.of(KafkaAccess.COMPUTE_DEAD_LETTERS,
            KafkaAccess.DISTRIBUTION_DEAD_LETTERS);
    /** The contract's three topics and the two dead-letter topics: the deployment creates them, no client may. */
    static final List<String> TOPICS = KafkaAccess.TOPICS;

    /** One permission: the user may do the operation on the topic or group named (literal) or on those it prefixes. */
    record Acl(String user, String resource, String pattern, String name, String operation) {
    }

    static final Set<Acl> ACLS = KafkaAccess.acls().stream()
            .map(b -> new Acl(b.entry().principal().substring("User:".length()),
                    b.pattern().resourceType().name().toLowerCase(Locale.ROOT),
                    b.pattern().patternType().name().toLowerCase(Locale.ROOT), b.pattern().name(),
                    b.entry().operation().name()))
            .collect(Collectors.toUnmodifiableSet());

    private KafkaContract() {
    }

    /** The Secret make kind-up makes of a user's password (key password). */
    static String secret(String user) {
        return "kafka-user-" + user;
    }
}
