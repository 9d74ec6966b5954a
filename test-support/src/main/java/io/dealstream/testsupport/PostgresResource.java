package io.dealstream.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Gives a Quarkus test a fresh, empty PostgreSQL database ({@code ds_<prefix>_<8 hex>}) on the server that
 * {@link PostgresServer#fromSystemProperties()} chooses, and drops it again in {@link #stop()}, so that no test run
 * sees the rows of an earlier one.
 *
 * <p>Init arg {@value #DATABASE_PREFIX} names the databases per service, e.g. {@code ds_investment} (or just
 * {@code investment}) gives {@code ds_investment_1a2b3c4d}.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE_PREFIX = "database-prefix";
    public static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    public static final String USERNAME = "quarkus.datasource.username";
    public static final String PASSWORD = "quarkus.datasource.password";

    private static final Logger LOG = Logger.getLogger(PostgresResource.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private String prefix = "ds_test";
    private PostgresServer server;
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        String arg = initArgs.getOrDefault(DATABASE_PREFIX, "").trim().toLowerCase();
        if (!arg.isEmpty()) {
            prefix = arg.startsWith("ds_") ? arg : "ds_" + arg;
        }
    }

    @Override
    public Map<String, String> start() {
        server = PostgresServer.fromSystemProperties();
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        database = prefix + "_" + HexFormat.of().formatHex(random);
        server.createDatabase(database);
        LOG.infof("Test database %s created on the %s", database, server);
        return Map.of(
                JDBC_URL, server.jdbcUrl(database),
                USERNAME, server.username(),
                PASSWORD, server.password());
    }

    /** The database this resource created, or null before {@link #start()}. */
    public String database() {
        return database;
    }

    @Override
    public void stop() {
        if (database == null) {
            return;
        }
        try {
            server.dropDatabase(database);
        } catch (RuntimeException e) {
            // a leftover database only costs disk space; it must not fail the test run
            LOG.warnf("Could not drop test database %s: %s", database, e.getMessage());
        }
        database = null;
    }
}
