package io.dealstream.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.formatters.PatternFormatter;

/**
 * The log lines a service writes while open, each exactly as its plain console writes it ({@code quarkus.log.console
 * .format}): a handler on the root logger of the JVM's log manager, for an in-process test to read what an operator
 * would, e.g. that no caller input forged a line.
 */
public final class LogCapture implements AutoCloseable {

    /** platform's plain console format, where no configuration names one. */
    static final String FORMAT = "%d{HH:mm:ss,SSS} %-5p [%c{2.}] (%t) %X{traceId}/%X{spanId} %s%e%n";

    private final List<String> lines = new ArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Handler handler;

    private LogCapture() {
        PatternFormatter formatter = new PatternFormatter(ConfigProvider.getConfig()
                .getOptionalValue("quarkus.log.console.format", String.class).orElse(FORMAT));
        handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String text = formatter.format(record);
                synchronized (lines) {
                    text.lines().forEach(lines::add);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        root.addHandler(handler);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** The lines written so far, a multi-line message or stack trace as several. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        root.removeHandler(handler);
    }
}
