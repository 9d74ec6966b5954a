package io.dealstream.localstack;

import io.dealstream.launch.ConsumerLag;
import io.dealstream.launch.ConsumerLag.GroupLag;
import io.dealstream.launch.KafkaEndpoint;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code make lag}: each consumer group's lag per topic and partition, from the broker's committed offsets, printed
 * once, or again every WATCH seconds until interrupted. GROUP narrows it (group ids, comma-separated); KAFKA points it
 * at another broker.
 */
public final class Lag {

    private static final String HINT = "start the system with make up, or set KAFKA=host:port";

    private Lag() {
    }

    /** The group ids of a GROUP setting; none (every group) when unset. */
    public static List<String> groups(String selection) {
        List<String> groups = new ArrayList<>();
        if (selection != null) {
            for (String part : selection.split(",")) {
                if (!part.isBlank()) {
                    groups.add(part.trim());
                }
            }
        }
        return groups;
    }

    /**
     * @param everySeconds 0: print once (a broker that does not answer fails the command); else print every so many
     *     seconds, through broker outages, until interrupted
     */
    public static int run(KafkaEndpoint kafka, List<String> groups, int everySeconds, PrintStream out) {
        if (everySeconds <= 0) {
            List<GroupLag> lag;
            try {
                lag = ConsumerLag.read(kafka, groups);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(e.getMessage() + " (" + HINT + ")", e);
            }
            print(kafka.bootstrapServers(), lag, out);
            return 0;
        }
        try (Admin admin = ConsumerLag.admin(kafka)) {
            while (true) {
                try {
                    print(kafka.bootstrapServers(), ConsumerLag.read(admin, groups), out);
                } catch (IllegalStateException e) {
                    out.println("  ... cannot read consumer lag from Kafka at " + kafka.bootstrapServers() + ": "
                            + e.getMessage() + " (trying again in " + everySeconds + " s; " + HINT + ")");
                }
                out.println();
                out.flush();
                Thread.sleep(everySeconds * 1000L);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static void print(String kafka, List<GroupLag> lag, PrintStream out) {
        out.printf("consumer lag on %s at %s (end offset - the group's committed offset, as the broker has them)%n",
                kafka, LocalTime.now().truncatedTo(ChronoUnit.SECONDS));
        if (lag.isEmpty()) {
            out.println("no consumer group on " + kafka + " yet: a group appears when its consumer first joins");
        } else {
            out.print(ConsumerLag.table(lag));
        }
        out.flush();
    }
}
