package io.dealstream.testsupport;

import io.dealstream.events.KafkaCredentials;
import io.dealstream.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the system's Kafka: the users (one per service, a reader, an admin) and their ACLs, written once
 * here for every broker the Java code runs: {@code make up}'s (launchers' KafkaNode) and the tests' (KafkaHost). The
 * broker asks for SASL/SCRAM-SHA-512 on its client listener and authorizes with KRaft's StandardAuthorizer, denying
 * whatever no ACL allows. Plain Java, so launchers can use it without the test fixtures.
 */
public final class KafkaAccess {

    public static final String INVESTMENT = "investment-service";
    public static final String COMPUTE = "compute-service";
    public static final String DISTRIBUTION = "distribution-service";
    /** Reads every topic, and the services' groups' offsets: watch, lag, the demo and the console. */
    public static final String READER = "dealstream-reader";
    /** The super user: creates topics and users, sets ACLs, and writes what the tests forge. */
    public static final String ADMIN = "dealstream-admin";
    /** Every user with a SCRAM login; the admin first, as the broker's own listeners log in with it. */
    public static final List<String> USERS = List.of(ADMIN, INVESTMENT, COMPUTE, DISTRIBUTION, READER);

    public static final String COMPUTE_DEAD_LETTERS = "compute.tranche-events.dlq";
    public static final String DISTRIBUTION_DEAD_LETTERS = "distribution.tranche-events.dlq";
    /** Every topic the services use, made by the deployment (the services may not create topics). */
    public static final List<String> TOPICS = List.of(Topics.TRANCHE_EVENTS, Topics.CAPACITY_EVENTS,
            Topics.RIGHTS_EVENTS, COMPUTE_DEAD_LETTERS, DISTRIBUTION_DEAD_LETTERS);
    /** Settings of a topic made here: the tranche topic keeps every version for ever, which a view's rebuild reads. */
    public static final Map<String, Map<String, String>> TOPIC_SETTINGS = Map.of(Topics.TRANCHE_EVENTS,
            Map.of("retention.ms", "-1", "retention.bytes", "-1"));

    /** The broker's client listener; the controller listener is {@value #CONTROLLER_LISTENER}. */
    public static final String CLIENT_LISTENER = "SASL_PLAINTEXT";
    public static final String CONTROLLER_LISTENER = "CONTROLLER";

    private static final SecureRandom RANDOM = new SecureRandom();

    private KafkaAccess() {
    }

    /** The ACLs of the contract (the admin needs none: it is the super user). */
    public static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        allow(acls, INVESTMENT, topic(Topics.TRANCHE_EVENTS), AclOperation.WRITE, AclOperation.DESCRIBE);
        consumer(acls, COMPUTE, Topics.CAPACITY_EVENTS, COMPUTE_DEAD_LETTERS);
        consumer(acls, DISTRIBUTION, Topics.RIGHTS_EVENTS, DISTRIBUTION_DEAD_LETTERS);
        for (String topic : TOPICS) {
            allow(acls, READER, topic(topic), AclOperation.READ, AclOperation.DESCRIBE);
        }
        allow(acls, READER, groupsPrefixed(READER), AclOperation.READ);
        // the lag table reads the services' committed offsets
        allow(acls, READER, groupsPrefixed(COMPUTE), AclOperation.DESCRIBE);
        allow(acls, READER, groupsPrefixed(DISTRIBUTION), AclOperation.DESCRIBE);
        return acls;
    }

    /** A funding view's service: reads the tranche topic in its groups, writes its own topic and dead letters. */
    private static void consumer(List<AclBinding> acls, String user, String ownTopic, String deadLetters) {
        allow(acls, user, topic(Topics.TRANCHE_EVENTS), AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, user, groupsPrefixed(user), AclOperation.READ);
        allow(acls, user, topic(ownTopic), AclOperation.WRITE, AclOperation.DESCRIBE);
        allow(acls, user, topic(deadLetters), AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE);
    }

    private static ResourcePattern topic(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    private static ResourcePattern groupsPrefixed(String prefix) {
        return new ResourcePattern(ResourceType.GROUP, prefix, PatternType.PREFIXED);
    }

    private static void allow(List<AclBinding> acls, String user, ResourcePattern resource,
            AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(resource, new AccessControlEntry("User:" + user, "*", operation,
                    AclPermissionType.ALLOW)));
        }
    }

    /**
     * The broker settings of SASL and ACLs, besides its listeners (named {@value #CLIENT_LISTENER} and
     * {@value #CONTROLLER_LISTENER}): SCRAM-SHA-512 for clients, StandardAuthorizer, {@value #ADMIN} the super user.
     * The controller listener takes SASL/PLAIN with the admin alone (KRaft cannot check SCRAM there: the controller
     * reads the SCRAM users from the metadata it serves), so nobody without the admin's password gets past it.
     */
    public static Map<String, String> brokerSettings(String adminPassword) {
        String admin = "username=\"" + ADMIN + "\" password=\"" + adminPassword + "\"";
        Map<String, String> s = new LinkedHashMap<>();
        s.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_PLAINTEXT," + CONTROLLER_LISTENER
                + ":SASL_PLAINTEXT");
        s.put("inter.broker.listener.name", CLIENT_LISTENER);
        s.put("controller.listener.names", CONTROLLER_LISTENER);
        s.put("sasl.enabled.mechanisms", KafkaCredentials.MECHANISM);
        s.put("sasl.mechanism.inter.broker.protocol", KafkaCredentials.MECHANISM);
        s.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required " + admin + ";");
        s.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        s.put("sasl.mechanism.controller.protocol", "PLAIN");
        s.put("listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required " + admin + " user_" + ADMIN
                        + "=\"" + adminPassword + "\";");
        s.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        s.put("super.users", "User:" + ADMIN);
        s.put("allow.everyone.if.no.acl.found", "false");
        return s;
    }

    /**
     * The storage tool's {@code --add-scram} value that creates the admin's SCRAM login when the storage is formatted:
     * the broker's own listener logs in with it before any other user exists.
     */
    public static String adminScramAtFormat(String adminPassword) {
        return KafkaCredentials.MECHANISM + "=[name=" + ADMIN + ",password=" + adminPassword + "]";
    }

    /**
     * Through an admin client logged in as {@value #ADMIN}: every other user's SCRAM login as {@code passwords} say
     * (made or changed), and the ACLs (adding one that exists changes nothing).
     */
    public static void grant(Admin admin, Map<String, String> passwords) {
        List<UserScramCredentialUpsertion> logins = USERS.stream().filter(u -> !u.equals(ADMIN))
                .map(u -> new UserScramCredentialUpsertion(u, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512,
                        8192), password(passwords, u)))
                .toList();
        try {
            admin.alterUserScramCredentials(List.copyOf(logins)).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(acls()).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not set the Kafka users and ACLs: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A user's login from {@code passwords}. */
    public static KafkaCredentials login(Map<String, String> passwords, String user) {
        return new KafkaCredentials(user, password(passwords, user));
    }

    private static String password(Map<String, String> passwords, String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka password for " + user);
        }
        return password;
    }

    /** A new password for every user, kept in memory only (the test broker's). */
    public static Map<String, String> newPasswords() {
        Map<String, String> passwords = new LinkedHashMap<>();
        USERS.forEach(u -> passwords.put(u, newPassword()));
        return passwords;
    }

    /**
     * Every user's password from {@code dir}, one file per user named as the user (mode 600); the missing ones are
     * made first, so the passwords of a deployment are generated once and then reused.
     */
    public static Map<String, String> passwordsIn(Path dir) {
        Map<String, String> passwords = new LinkedHashMap<>();
        try {
            Files.createDirectories(dir);
            for (String user : USERS) {
                Path file = dir.resolve(user);
                if (!Files.isRegularFile(file)) {
                    Path made = Files.createTempFile(dir, user, ".new",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(made, newPassword() + "\n", StandardCharsets.UTF_8);
                    Files.move(made, file);
                }
                passwords.put(user, Files.readString(file, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return passwords;
    }

    /** 32 URL-safe characters (192 random bits): nothing a JAAS value or a shell would need to quote. */
    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
