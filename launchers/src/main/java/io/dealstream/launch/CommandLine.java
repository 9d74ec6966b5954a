package io.dealstream.launch;

import java.io.PrintStream;

/** How the project's command lines (local-stack's {@code make up}..., bench's {@code make bench}) log and fail. */
public final class CommandLine {

    private CommandLine() {
    }

    /** How a command line of the project fails: the message on stderr (the stack trace with DEBUG set), exit 1. */
    public static void exitWithError(PrintStream out, Exception e) {
        out.flush();
        System.err.println();
        System.err.println("ERROR: " + e.getMessage());
        if (System.getenv("DEBUG") != null) {
            e.printStackTrace();
        }
        System.exit(1);
    }

    /** The first of {@code values} that is set (not null or blank), trimmed; null if none is. */
    public static String firstOf(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    /** The Kafka clients log through SLF4J (slf4j-simple here): warnings and errors only, and not the reconnects. */
    public static void quietLogging() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "off");
    }
}
