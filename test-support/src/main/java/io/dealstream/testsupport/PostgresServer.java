package io.dealstream.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.jboss.logging.Logger;
import org.postgresql.Driver;

/**
 * The PostgreSQL server that tests create their databases on: an external one (a local server, CI's) or an embedded
 * PostgreSQL 14 (one per JVM, started lazily and stopped by a shutdown hook), as {@link PostgresChoice} chooses.
 */
public final class PostgresServer {

    private static final Logger LOG = Logger.getLogger(PostgresServer.class);

    private final String mode;
    private final String url;
    private final String adminDatabase;
    private final String username;
    private final String password;

    private PostgresServer(String mode, String url, String username, String password) {
        this.mode = mode;
        this.url = url;
        this.adminDatabase = PostgresChoice.database(url);
        this.username = username;
        this.password = password;
    }

    /** The server {@link PostgresChoice#fromSystemProperties()} chooses; logs the choice. */
    public static PostgresServer fromSystemProperties() {
        PostgresChoice choice = PostgresChoice.fromSystemProperties();
        LOG.infof("PostgreSQL for tests: %s", choice);
        return choice.embedded() ? embedded() : external(choice.url(), choice.user(), choice.password());
    }

    /** An existing server; fails at once, saying how to choose the embedded one, when it cannot be reached. */
    public static PostgresServer external(String url, String username, String password) {
        PostgresServer server = new PostgresServer("external", url, username, password);
        try (Connection c = server.connect(server.adminDatabase)) {
            return server;
        } catch (SQLException e) {
            throw new IllegalStateException("The PostgreSQL server at " + url + " (user " + username
                    + ") could not be reached (" + e.getMessage() + "). Start it, point -D"
                    + PostgresChoice.URL_PROPERTY + "/-D" + PostgresChoice.USER_PROPERTY + "/-D"
                    + PostgresChoice.PASSWORD_PROPERTY + " at a reachable one, or run with -D"
                    + PostgresChoice.MODE_PROPERTY + "=embedded for an embedded PostgreSQL.", e);
        }
    }

    /** The JVM's embedded PostgreSQL 14, started on first use and stopped by a shutdown hook. */
    public static PostgresServer embedded() {
        Integer port = (Integer) JvmWide.call(EmbeddedPostgresHost.class, "port");
        return new PostgresServer("embedded", "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
    }

    /** {@code external} or {@code embedded}. */
    public String mode() {
        return mode;
    }

    public String jdbcUrl(String database) {
        return PostgresChoice.databaseUrl(url, database);
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", username);
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "5");
        // the driver itself, not DriverManager: that one only hands out drivers of the class loader that
        // registered first, which is another one after Quarkus has moved to a new test profile
        return new Driver().connect(jdbcUrl(database), props);
    }

    public void createDatabase(String name) {
        admin("CREATE DATABASE " + checkedName(name));
    }

    /** Also ends the sessions still open on it (a Quarkus app's pool, say). */
    public void dropDatabase(String name) {
        admin("DROP DATABASE IF EXISTS " + checkedName(name) + " WITH (FORCE)");
    }

    public boolean databaseExists(String name) {
        try (Connection c = connect(adminDatabase);
                PreparedStatement st = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not list the databases at " + jdbcUrl(adminDatabase), e);
        }
    }

    private void admin(String sql) {
        try (Connection c = connect(adminDatabase); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed at " + jdbcUrl(adminDatabase) + ": " + e.getMessage(), e);
        }
    }

    /** Database names go into SQL unquoted, so only plain lower-case identifiers. */
    private static String checkedName(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain lower-case database name: " + name);
        }
        return name;
    }

    @Override
    public String toString() {
        return mode + " PostgreSQL at " + url;
    }
}
