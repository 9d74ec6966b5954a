package io.dealstream.platform.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;

/** The 500 path's log line, formatted as the services' console writes it. */
class UnexpectedFailureLogTest {

    /** The services' plain console format (platform's microprofile-config.properties). */
    static final String FORMAT = "%d{HH:mm:ss,SSS} %-5p [%c{2.}] (%t) %X{traceId}/%X{spanId} %s%e%n";

    @Test
    void aFailureQuotingTheCallerLogsOneEscapedLineAndNoForgedOne() {
        List<String> lines = new ArrayList<>();
        PatternFormatter formatter = new PatternFormatter(FORMAT);
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                formatter.format(record).lines().forEach(lines::add);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(ProblemMappers.class.getName());
        logger.addHandler(capture);
        Response answer;
        try {
            answer = new ProblemMappers().unexpected(new IllegalArgumentException("no tranche 'x\r\nFORGED INFO'",
                    new NumberFormatException("For input string: \"1\nFORGED too\"")), uri("/tranches/x\r\nFORGED"));
        } finally {
            logger.removeHandler(capture);
        }

        assertEquals(500, answer.getStatus());
        assertEquals("/tranches/x\r\nFORGED", ((Map<?, ?>) answer.getEntity()).get("instance"));
        assertTrue(lines.getFirst().matches(".* ERROR \\[io\\.de\\.pl\\.pr\\.ProblemMappers] .* unexpected failure on "
                + "/tranches/x\\\\r\\\\nFORGED incident=[0-9a-f-]{36}: java\\.lang\\.IllegalArgumentException: "
                + "no tranche 'x\\\\r\\\\nFORGED INFO'"), lines.getFirst());
        assertTrue(lines.get(1).startsWith("\tat io.dealstream.platform.problem.UnexpectedFailureLogTest."),
                lines.get(1));
        assertTrue(lines.contains("Caused by: java.lang.NumberFormatException: For input string: \"1\\nFORGED too\""),
                String.join("\n", lines));
        assertTrue(lines.stream().noneMatch(line -> line.startsWith("FORGED")), String.join("\n", lines));
    }

    /** A UriInfo that knows its path only, as the mapper uses it. */
    private static UriInfo uri(String path) {
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getPath") && method.getParameterCount() == 0) {
                        return path;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
