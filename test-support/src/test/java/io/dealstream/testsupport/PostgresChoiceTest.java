package io.dealstream.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/** -Ddealstream.postgres and its companions, read the same way by every test that needs a PostgreSQL. */
class PostgresChoiceTest {

    private static final String SERVER = "jdbc:postgresql://db.example:5433/admin?sslmode=disable";

    private final List<String> probed = new ArrayList<>();

    private BiPredicate<String, Integer> answering(boolean answers) {
        return (host, port) -> {
            probed.add(host + ":" + port);
            return answers;
        };
    }

    @Test
    void autoTakesTheServerWhenTheUrlsHostAndPortAnswer() {
        PostgresChoice choice = PostgresChoice.choose(Map.of("dealstream.postgres.user", "ci",
                "dealstream.postgres.password", "secret")::get, SERVER, answering(true));
        assertFalse(choice.embedded());
        assertEquals(SERVER, choice.url());
        assertEquals("ci", choice.user());
        assertEquals("secret", choice.password());
        assertEquals(List.of("db.example:5433"), probed);
        assertEquals("external server at " + SERVER + " (auto: db.example:5433 answered)", choice.toString());
    }

    @Test
    void autoIsTheDefaultAndRunsAnEmbeddedServerWhenNothingAnswersAtPort5432() {
        PostgresChoice choice = PostgresChoice.choose(name -> null, "jdbc:postgresql://localhost/postgres",
                answering(false));
        assertTrue(choice.embedded());
        assertNull(choice.url());
        assertEquals(List.of("localhost:5432"), probed);
        assertEquals("embedded (auto: nothing answered at localhost:5432 within 1000 ms)", choice.toString());
    }

    @Test
    void externalTakesTheServerWithoutProbingAndTheDefaultLogin() {
        PostgresChoice choice = PostgresChoice.choose(Map.of("dealstream.postgres", " External ")::get,
                PostgresChoice.DEFAULT_URL, answering(false));
        assertFalse(choice.embedded());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/postgres", choice.url());
        assertEquals("postgres", choice.user());
        assertEquals("", choice.password());
        assertEquals(List.of(), probed);
    }

    @Test
    void embeddedIsEmbeddedEvenWhenAServerAnswers() {
        PostgresChoice choice = PostgresChoice.choose(Map.of("dealstream.postgres", "embedded")::get, SERVER,
                answering(true));
        assertTrue(choice.embedded());
        assertEquals(List.of(), probed);
        assertEquals("embedded (-Ddealstream.postgres=embedded)", choice.toString());
    }

    @Test
    void anUnknownModeIsRefusedNamingTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PostgresChoice.choose(Map.of("dealstream.postgres", "Docker")::get, SERVER, answering(true)));
        assertEquals("-Ddealstream.postgres=docker is unknown; use external, embedded or auto", e.getMessage());
    }

    @Test
    void aDatabasesUrlIsTheServersWithTheDatabaseReplacedAndHostsPortsAndParametersKept() {
        assertEquals("jdbc:postgresql://db.example:5433/investment?sslmode=disable",
                PostgresChoice.databaseUrl(SERVER, "investment"));
        assertEquals("jdbc:postgresql://localhost/ds_test_1a2b3c4d",
                PostgresChoice.databaseUrl("jdbc:postgresql://localhost/postgres", "ds_test_1a2b3c4d"));
        assertEquals("jdbc:postgresql://pg1:5432,pg2:5433/compute?targetServerType=primary",
                PostgresChoice.databaseUrl("jdbc:postgresql://pg1:5432,pg2:5433/?targetServerType=primary", "compute"));
        assertEquals("admin", PostgresChoice.database(SERVER));
        assertEquals("postgres", PostgresChoice.database("jdbc:postgresql://pg1:5432,pg2:5433/?targetServerType=primary"));
    }

    @Test
    void autoProbesTheFirstOfSeveralHosts() {
        PostgresChoice.choose(name -> null, "jdbc:postgresql://pg1,pg2:5433/postgres", answering(false));
        PostgresChoice.choose(name -> null, "jdbc:postgresql://[::1]:5434/postgres", answering(false));
        assertEquals(List.of("pg1:5432", "[::1]:5434"), probed);
    }

    @Test
    void anythingButAPostgresqlJdbcUrlIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PostgresChoice.choose(Map.of("dealstream.postgres", "external")::get, "postgres://x",
                        answering(true)));
        assertEquals("Not a jdbc:postgresql://host[:port][,host2...]/database[?parameters] URL: postgres://x",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PostgresChoice.check("jdbc:mysql://db:3306/x"));
    }
}
