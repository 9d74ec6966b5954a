package io.dealstream.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.postgresql.Driver;

/**
 * The PostgreSQL server that tests create their databases on: an external one (a local server, CI's) or an embedded
 * PostgreSQL 14 (one per JVM, started lazily and stopped by a shutdown hook).
 *
 * <p>Chosen by the system property {@value #MODE_PROPERTY}: {@code external}, {@code embedded} or {@code auto} (the
 * default: external when its port answers within 1 s, else embedded).
 */
public final class PostgresServer {

    public static final String MODE_PROPERTY = "dealstream.postgres";
    public static final String URL_PROPERTY = "dealstream.postgres.url";
    public static final String USER_PROPERTY = "dealstream.postgres.user";
    public static final String PASSWORD_PROPERTY = "dealstream.postgres.password";
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private static final Logger LOG = Logger.getLogger(PostgresServer.class);
    /** host, optional port, database, optional parameters (a single host is all tests need). */
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/([^?]*)(\\?.*)?");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final String mode;
    private final String host;
    private final int port;
    private final String adminDatabase;
    private final String parameters;
    private final String username;
    private final String password;

    private PostgresServer(String mode, String url, String username, String password) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a jdbc:postgresql://host[:port]/database URL: " + url);
        }
        this.mode = mode;
        this.host = m.group(1);
        this.port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
        this.adminDatabase = m.group(3).isEmpty() ? "postgres" : m.group(3);
        this.parameters = m.group(4) == null ? "" : m.group(4);
        this.username = username;
        this.password = password;
    }

    /** The server chosen by the system properties; logs the choice. */
    public static PostgresServer fromSystemProperties() {
        String choice = System.getProperty(MODE_PROPERTY, "auto").trim().toLowerCase();
        String url = System.getProperty(URL_PROPERTY, DEFAULT_URL);
        String user = System.getProperty(USER_PROPERTY, "postgres");
        String password = System.getProperty(PASSWORD_PROPERTY, "");
        switch (choice) {
            case "external":
                LOG.infof("PostgreSQL for tests: external server at %s (-D%s=external)", url, MODE_PROPERTY);
                return external(url, user, password);
            case "embedded":
                LOG.infof("PostgreSQL for tests: embedded (-D%s=embedded)", MODE_PROPERTY);
                return embedded();
            case "auto":
                PostgresServer candidate = new PostgresServer("external", url, user, password);
                if (candidate.portAnswers()) {
                    LOG.infof("PostgreSQL for tests: external server at %s (auto: its port answered)", url);
                    return external(url, user, password);
                }
                LOG.infof("PostgreSQL for tests: embedded (auto: nothing answered at %s:%d within %d ms)",
                        candidate.host, candidate.port, PROBE_TIMEOUT.toMillis());
                return embedded();
            default:
                throw new IllegalArgumentException("-D" + MODE_PROPERTY + "=" + choice
                        + " is unknown; use external, embedded or auto");
        }
    }

    /** An existing server; fails at once, saying how to choose the embedded one, when it cannot be reached. */
    public static PostgresServer external(String url, String username, String password) {
        PostgresServer server = new PostgresServer("external", url, username, password);
        try (Connection c = server.connect(server.adminDatabase)) {
            return server;
        } catch (SQLException e) {
            throw new IllegalStateException("The PostgreSQL server at " + url + " (user " + username
                    + ") could not be reached (" + e.getMessage() + "). Start it, point -D" + URL_PROPERTY
                    + "/-D" + USER_PROPERTY + "/-D" + PASSWORD_PROPERTY + " at a reachable one, or run with -D"
                    + MODE_PROPERTY + "=embedded for an embedded PostgreSQL.", e);
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
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + parameters;
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

    private boolean portAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) PROBE_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
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
        return mode + " PostgreSQL at " + host + ":" + port;
    }
}
