package io.dealstream.fundingview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dealstream.events.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The dead-letter part of events' AsyncAPI document ({@code META-INF/resources/asyncapi.yaml}) against funding-view and
 * the services that keep a view: one dead-letter channel per service, at the topic it configures
 * ({@code dealstream.funding-view.dead-letter-topic}) and written by it; the headers {@link DeadLetters} adds; the
 * reasons of {@link DeadLetterReason}; the reason header as the consumer writes it, {@code KIND: why}.
 */
final class DeadLetterCatalogue {

    static final String DOCUMENT = "META-INF/resources/asyncapi.yaml";
    /** The services that keep a funding view, whose configuration names their dead-letter topic. */
    static final List<String> VIEW_SERVICES = List.of("compute-service", "distribution-service");

    private DeadLetterCatalogue() {
    }

    static ObjectNode load() {
        try (InputStream in = DeadLetterCatalogue.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            return (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each service's dead-letter topic as its application.properties sets it, by service name. */
    static Map<String, String> deadLetterTopics() {
        Map<String, String> topics = new TreeMap<>();
        for (String service : VIEW_SERVICES) {
            Properties settings = new Properties();
            try (Reader in = Files.newBufferedReader(Path.of("..", service, "src/main/resources/application.properties"))) {
                settings.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            topics.put(settings.getProperty("quarkus.application.name"),
                    settings.getProperty("dealstream.funding-view.dead-letter-topic"));
        }
        return topics;
    }

    /** The {@code dead-letter-*} header constants of {@link DeadLetters}: name to header. */
    static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Field f : DeadLetters.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    headers.put(f.getName(), (String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return headers;
    }

    /** The reason header's pattern: a kind of {@link DeadLetterReason}, a colon and a space, then why. */
    static String reasonPattern() {
        return "^(" + Arrays.stream(DeadLetterReason.values()).map(Enum::name).collect(Collectors.joining("|"))
                + "): .+$";
    }

    /** Every way the document's dead letters and funding-view disagree; empty when they agree. */
    static List<String> mismatches(JsonNode document) {
        List<String> mismatches = new ArrayList<>();
        Map<String, String> expected = deadLetterTopics();
        Map<String, String> found = new TreeMap<>();
        document.path("channels").properties().forEach(channel -> {
            boolean deadLetters = false;
            for (JsonNode message : channel.getValue().path("messages")) {
                deadLetters |= "#/components/messages/DeadLetter".equals(message.path("$ref").asText());
            }
            if (!deadLetters) {
                return;
            }
            String address = channel.getValue().path("address").asText();
            String writer = writerOf(document, channel.getKey());
            found.put(writer, address);
        });
        expected.forEach((service, topic) -> {
            if (!topic.equals(found.get(service))) {
                mismatches.add(service + " dead-letters to " + topic + ", but the document has "
                        + (found.containsKey(service) ? "it writing " + found.get(service) : "no dead-letter channel it"
                                + " writes"));
            }
        });
        found.keySet().stream().filter(s -> !expected.containsKey(s)).forEach(s -> mismatches.add(
                "the document has " + s + " writing dead letters to " + found.get(s) + ", which keeps no funding view"));

        JsonNode headers = document.at("/components/schemas/DeadLetterHeaders");
        Set<String> required = new LinkedHashSet<>();
        headers.path("required").forEach(r -> required.add(r.asText()));
        Set<String> properties = new LinkedHashSet<>();
        headers.path("properties").fieldNames().forEachRemaining(properties::add);
        headers().forEach((constant, header) -> {
            if (!properties.contains(header) || !required.contains(header)) {
                mismatches.add("dead-letter header '" + header + "' (DeadLetters." + constant + ") is "
                        + (properties.contains(header) ? "not required in" : "missing from") + " the document");
            }
        });
        properties.stream().filter(p -> !headers().containsValue(p)).forEach(p -> mismatches.add(
                "dead-letter header '" + p + "' in the document is no header of DeadLetters"));
        String topic = headers.at("/properties/" + DeadLetters.ORIGINAL_TOPIC + "/const").asText();
        if (!Topics.TRANCHE_EVENTS.equals(topic)) {
            mismatches.add("dead-letter-topic is const '" + topic + "' in the document, but the views read "
                    + Topics.TRANCHE_EVENTS);
        }

        Set<String> reasons = new LinkedHashSet<>();
        document.at("/components/schemas/DeadLetterReason/enum").forEach(r -> reasons.add(r.asText()));
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            if (!reasons.remove(reason.name())) {
                mismatches.add("DeadLetterReason." + reason.name() + " is missing from the document's DeadLetterReason");
            }
        }
        reasons.forEach(r -> mismatches.add("the document's DeadLetterReason " + r + " is no DeadLetterReason"));
        String pattern = headers.at("/properties/" + DeadLetters.REASON + "/pattern").asText();
        if (!reasonPattern().equals(pattern)) {
            mismatches.add("the reason header's pattern is '" + pattern + "', but funding-view writes "
                    + reasonPattern());
        }
        for (JsonNode example : document.at("/components/messages/DeadLetter/examples")) {
            String reason = example.at("/headers/" + DeadLetters.REASON).asText();
            if (!Pattern.matches(reasonPattern(), reason)) {
                mismatches.add("example '" + example.path("name").asText() + "' has the reason '" + reason
                        + "', which is not KIND: why");
            }
        }
        return mismatches;
    }

    /** The service tagged on the one operation that sends to {@code channel}. */
    private static String writerOf(JsonNode document, String channel) {
        List<String> writers = new ArrayList<>();
        document.path("operations").forEach(operation -> {
            if ("send".equals(operation.path("action").asText())
                    && ("#/channels/" + channel).equals(operation.at("/channel/$ref").asText())) {
                operation.path("tags").forEach(tag -> writers.add(tag.path("name").asText()));
            }
        });
        return String.join(", ", writers);
    }
}
