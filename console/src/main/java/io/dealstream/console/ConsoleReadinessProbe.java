package io.dealstream.console;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;

/**
 * The console image's healthcheck with nothing but its JVM (as platform's ReadinessProbe is the services', which the
 * console does not take: platform brings a database): exit 0 when {@code /q/health/ready} on
 * {@code QUARKUS_HTTP_PORT} answers 200 within 3 s, 1 otherwise.
 * <pre>java -cp '/deployments/app/*' io.dealstream.console.ConsoleReadinessProbe</pre>
 */
public final class ConsoleReadinessProbe {

    private static final int TIMEOUT_MILLIS = 3_000;

    private ConsoleReadinessProbe() {
    }

    public static void main(String[] args) {
        String port = args.length > 0 ? args[0] : System.getenv("QUARKUS_HTTP_PORT");
        if (port == null || !port.matches("[0-9]{1,5}")) {
            System.err.println("readiness probe: no port (argument or QUARKUS_HTTP_PORT): " + port);
            System.exit(1);
        }
        String url = "http://127.0.0.1:" + port + "/q/health/ready";
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
            c.setConnectTimeout(TIMEOUT_MILLIS);
            c.setReadTimeout(TIMEOUT_MILLIS);
            int status = c.getResponseCode();
            c.disconnect();
            if (status != 200) {
                System.err.println("readiness probe: " + url + " answered " + status);
            }
            System.exit(status == 200 ? 0 : 1);
        } catch (IOException | RuntimeException e) {
            System.err.println("readiness probe: " + url + ": " + e);
            System.exit(1);
        }
    }
}
