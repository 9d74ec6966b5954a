package io.dealstream.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which PostgreSQL a test run uses: an embedded one (the caller runs it), or the external server at {@code url} with
 * the admin login {@code user}/{@code password} (all three null when embedded); {@code reason} says why.
 *
 * <p>Chosen by {@code -D}{@value #MODE_PROPERTY}: {@code external} (the server at {@code -D}{@value #URL_PROPERTY},
 * default {@value #DEFAULT_URL}, with the login of {@code -D}{@value #USER_PROPERTY} / {@code -D}{@value
 * #PASSWORD_PROPERTY}), {@code embedded}, or {@code auto} (the default: external when the URL's first host and port
 * answer within 1 s, else embedded). The services' tests ({@link PostgresServer}) and the tests that start a stack
 * (system-test, k8s-test) choose through this one class.
 *
 * <p>Plain Java on purpose: the launchers take it from this module without any of the test fixtures' dependencies.
 */
public record PostgresChoice(boolean embedded, String url, String user, String password, String reason) {

    public static final String MODE_PROPERTY = "dealstream.postgres";
    public static final String URL_PROPERTY = "dealstream.postgres.url";
    public static final String USER_PROPERTY = "dealstream.postgres.user";
    public static final String PASSWORD_PROPERTY = "dealstream.postgres.password";
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    /** {@code jdbc:postgresql://host[:port][,host2[:port2]...]/database[?parameters]} */
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/?]+)/([^?]*)(\\?.*)?");
    /** host (or [IPv6]) and port of the first of the URL's hosts */
    private static final Pattern HOST = Pattern.compile("(\\[[^\\]]+\\]|[^:,\\[]+)(?::(\\d+))?(?:,.*)?");
    private static final int PROBE_MILLIS = 1000;

    /** The choice of the system properties, the external server at {@code -D}{@value #URL_PROPERTY}. */
    public static PostgresChoice fromSystemProperties() {
        return fromSystemProperties(System.getProperty(URL_PROPERTY, DEFAULT_URL));
    }

    /** The choice of the system properties, for a caller whose external server must be at {@code url}. */
    public static PostgresChoice fromSystemProperties(String url) {
        return choose(System::getProperty, url, PostgresChoice::answers);
    }

    /**
     * @param properties the system properties (mode, user, password)
     * @param url the external server's admin URL
     * @param answers whether something accepts connections on a host and port
     */
    static PostgresChoice choose(Function<String, String> properties, String url, BiPredicate<String, Integer> answers) {
        String mode = or(properties.apply(MODE_PROPERTY), "auto").trim().toLowerCase();
        String user = or(properties.apply(USER_PROPERTY), "postgres");
        String password = or(properties.apply(PASSWORD_PROPERTY), "");
        return switch (mode) {
            case "external" -> external(url, user, password, "-D" + MODE_PROPERTY + "=external");
            case "embedded" -> new PostgresChoice(true, null, null, null, "-D" + MODE_PROPERTY + "=embedded");
            case "auto" -> {
                Matcher first = firstHost(url);
                String host = first.group(1);
                int port = first.group(2) == null ? 5432 : Integer.parseInt(first.group(2));
                yield answers.test(host, port) ? external(url, user, password, "auto: " + host + ":" + port + " answered")
                        : new PostgresChoice(true, null, null, null, "auto: nothing answered at " + host + ":" + port
                                + " within " + PROBE_MILLIS + " ms");
            }
            default -> throw new IllegalArgumentException("-D" + MODE_PROPERTY + "=" + mode
                    + " is unknown; use external, embedded or auto");
        };
    }

    private static PostgresChoice external(String url, String user, String password, String reason) {
        parse(url);
        return new PostgresChoice(false, url, user, password, reason);
    }

    /**
     * The URL rule, one for the tests and {@code make up}'s DB_URL: the URL of {@code database} on the server of
     * {@code serverUrl} is that URL with its database replaced; its hosts, ports and parameters stay as written.
     */
    public static String databaseUrl(String serverUrl, String database) {
        Matcher m = parse(serverUrl);
        return "jdbc:postgresql://" + m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
    }

    /** The database a server URL names, {@code postgres} where it names none. */
    public static String database(String serverUrl) {
        String db = parse(serverUrl).group(2);
        return db.isEmpty() ? "postgres" : db;
    }

    /** Fails, naming the form, on anything but {@code jdbc:postgresql://host[:port][,...]/database[?parameters]}. */
    public static void check(String serverUrl) {
        parse(serverUrl);
    }

    private static Matcher parse(String url) {
        Matcher m = URL.matcher(url == null ? "" : url);
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a jdbc:postgresql://host[:port][,host2...]/database[?parameters] URL: "
                    + url);
        }
        return m;
    }

    /** The first host of a server URL and its port, if it names one: where {@code auto} looks for the server. */
    private static Matcher firstHost(String url) {
        Matcher m = HOST.matcher(parse(url).group(1));
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a host[:port] in " + url);
        }
        return m;
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), PROBE_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    /** e.g. {@code external server at jdbc:postgresql://127.0.0.1:5432/postgres (auto: 127.0.0.1:5432 answered)}. */
    @Override
    public String toString() {
        return (embedded ? "embedded" : "external server at " + url) + " (" + reason + ")";
    }
}
