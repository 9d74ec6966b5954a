package io.dealstream.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** A fresh database per start(), usable through the returned config, and gone after stop(). */
class PostgresResourceTest {

    @Test
    void autoModeGivesAFreshDatabase() throws Exception {
        withProperties(Map.of(PostgresChoice.MODE_PROPERTY, "auto"), () -> roundTrip("ds_selftest"));
    }

    @Test
    void embeddedModeRunsARealPostgres() throws Exception {
        String version = withProperties(Map.of(PostgresChoice.MODE_PROPERTY, "embedded"),
                () -> roundTrip("selftest_embedded"));
        assertTrue(version.startsWith("14."), "embedded PostgreSQL 14, got " + version);
    }

    @Test
    void autoModeFallsBackToEmbeddedWhenNothingAnswers() throws Exception {
        String nowhere = "jdbc:postgresql://127.0.0.1:" + KafkaHost.freePort() + "/postgres";
        PostgresServer server = withProperties(
                Map.of(PostgresChoice.MODE_PROPERTY, "auto", PostgresChoice.URL_PROPERTY, nowhere),
                PostgresServer::fromSystemProperties);
        assertEquals("embedded", server.mode());
    }

    @Test
    void externalModeFailsLoudly() throws Exception {
        String nowhere = "jdbc:postgresql://127.0.0.1:" + KafkaHost.freePort() + "/postgres";
        IllegalStateException e = withProperties(
                Map.of(PostgresChoice.MODE_PROPERTY, "external", PostgresChoice.URL_PROPERTY, nowhere),
                () -> assertThrows(IllegalStateException.class, () -> new PostgresResource().start()));
        assertTrue(e.getMessage().contains(nowhere), e.getMessage());
        assertTrue(e.getMessage().contains("-Ddealstream.postgres=embedded"), e.getMessage());
    }

    /** Runs the resource, uses its database, and returns the server's version. */
    private static String roundTrip(String prefix) throws Exception {
        PostgresResource resource = new PostgresResource();
        resource.init(Map.of(PostgresResource.DATABASE_PREFIX, prefix));
        Map<String, String> config = resource.start();
        String database = resource.database();
        assertTrue(database.matches("ds_selftest(_embedded)?_[0-9a-f]{8}"), database);
        assertTrue(config.get(PostgresResource.JDBC_URL).contains("/" + database), config.toString());

        String version;
        try (Connection c = DriverManager.getConnection(config.get(PostgresResource.JDBC_URL),
                config.get(PostgresResource.USERNAME), config.get(PostgresResource.PASSWORD));
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE deal (id int PRIMARY KEY, name text NOT NULL)");
            st.execute("INSERT INTO deal VALUES (1, 'Amazon-OpenAI')");
            try (ResultSet rs = st.executeQuery(
                    "SELECT name, current_database(), current_setting('server_version') FROM deal")) {
                assertTrue(rs.next());
                assertEquals("Amazon-OpenAI", rs.getString(1));
                assertEquals(database, rs.getString(2));
                version = rs.getString(3);
            }
        }

        PostgresServer server = PostgresServer.fromSystemProperties();
        assertTrue(server.databaseExists(database));
        resource.stop();
        assertFalse(server.databaseExists(database), database + " should be dropped");
        return version;
    }

    /** The resource reads system properties, as a service's test run would set them. */
    private static <T> T withProperties(Map<String, String> properties, Callable<T> action) throws Exception {
        Map<String, String> previous = new HashMap<>();
        properties.forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
        try {
            return action.call();
        } finally {
            previous.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }
}
