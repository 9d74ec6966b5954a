package io.dealstream.localstack;

import io.dealstream.events.Topics;
import io.dealstream.launch.KafkaNode;
import io.dealstream.launch.KafkaEndpoint;
import io.dealstream.launch.TopicTap;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code make watch}: prints every event of the contract's topics as it is written, one line each, until
 * interrupted. TOPIC narrows it (a topic name or tranche / capacity / rights, comma-separated); KAFKA points it at
 * another broker; FROM=beginning replays what is already there first.
 */
public final class Watch {

    private Watch() {
    }

    /** tranche, capacity, rights (or the topic names themselves). */
    public static List<String> topics(String selection) {
        if (selection == null || selection.isBlank()) {
            return KafkaNode.TOPICS;
        }
        List<String> topics = new ArrayList<>();
        for (String part : selection.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.startsWith("tranche") || p.equals("investment")) {
                topics.add(Topics.TRANCHE_EVENTS);
            } else if (p.startsWith("capacit") || p.equals("compute")) {
                topics.add(Topics.CAPACITY_EVENTS);
            } else if (p.startsWith("right") || p.equals("distribution")) {
                topics.add(Topics.RIGHTS_EVENTS);
            } else {
                topics.add(part.trim());
            }
        }
        return topics;
    }

    public static int run(KafkaEndpoint kafka, List<String> topics, boolean fromBeginning, PrintStream out) {
        out.printf("watching %s on %s (%s; Ctrl-C to stop)%n", String.join(", ", topics), kafka.bootstrapServers(),
                fromBeginning ? "from the beginning" : "new events");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        TopicTap tap = new TopicTap(kafka, topics, fromBeginning, e -> {
            out.println(e.line());
            out.flush();
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            tap.close();
            stopped.countDown();
        }, "watch-stop"));
        tap.start();
        boolean warned = false;
        while (!tap.awaitPositioned(Duration.ofSeconds(10))) {
            if (!warned) {
                out.println("  ... still waiting: " + (tap.problem() != null ? tap.problem()
                        : "not every topic exists yet") + " (start the system with make up, or set KAFKA=host:port)");
                out.flush();
                warned = true;
            }
        }
        if (warned) {
            out.println("  ... connected");
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
