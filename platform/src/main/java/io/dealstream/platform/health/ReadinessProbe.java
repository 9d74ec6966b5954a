package io.dealstream.platform.health;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;

/**
 * A container healthcheck that needs nothing but the image's JVM: exit 0 when the service's
 * {@code /q/health/ready} answers 200, 1 otherwise (another status, no answer within 3 s, no server).
 * <pre>java -cp '/deployments/lib/main/*' io.dealstream.platform.health.ReadinessProbe [port]</pre>
 * The port is the argument, else {@code QUARKUS_HTTP_PORT}. Plain java.net only: the images have no HTTP client,
 * and not every base has bash.
 */
public final class ReadinessProbe {

    static final String PATH = "/q/health/ready";
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private ReadinessProbe() {
    }

    public static void main(String[] args) {
        String port = args.length > 0 ? args[0] : System.getenv("QUARKUS_HTTP_PORT");
        if (port == null || !port.matches("[0-9]{1,5}")) {
            System.err.println("readiness probe: no port (argument or QUARKUS_HTTP_PORT): " + port);
            System.exit(1);
        }
        System.exit(probe("http://127.0.0.1:" + port + PATH, TIMEOUT));
    }

    /** 0 when the URL answers 200 within the timeout (to connect and to read), 1 otherwise; says why on stderr. */
    static int probe(String url, Duration timeout) {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
            c.setConnectTimeout((int) timeout.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            c.setUseCaches(false);
            int status = c.getResponseCode();
            if (status == 200) {
                return 0;
            }
            System.err.println("readiness probe: " + url + " answered " + status);
            return 1;
        } catch (IOException | RuntimeException e) {
            System.err.println("readiness probe: " + url + ": " + e);
            return 1;
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }
}
