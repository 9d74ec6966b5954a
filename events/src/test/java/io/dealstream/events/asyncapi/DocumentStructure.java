package io.dealstream.events.asyncapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What makes the document a whole AsyncAPI 3.0.0 document beyond its JSON Schema: every {@code $ref} points at
 * something, every operation's messages are messages of its channel, every message of a channel is sent or received by
 * some operation, and every channel is written by exactly one operation (each topic has one writer).
 */
final class DocumentStructure {

    private DocumentStructure() {
    }

    static List<String> faults(JsonNode root) {
        AsyncApiDocument document = new AsyncApiDocument(root);
        List<String> faults = new ArrayList<>();
        if (!"3.0.0".equals(root.path("asyncapi").asText())) {
            faults.add("asyncapi is '" + root.path("asyncapi").asText() + "', not 3.0.0");
        }
        references(document, root, "", faults);
        Set<String> used = new LinkedHashSet<>();
        Map<String, JsonNode> channels = AsyncApiDocument.fields(root.get("channels"));
        Map<String, Integer> senders = new java.util.TreeMap<>();
        channels.keySet().forEach(c -> senders.put(c, 0));
        AsyncApiDocument.fields(root.get("operations")).forEach((name, operation) -> {
            String channelRef = operation.path("channel").path("$ref").asText();
            if (!channelRef.startsWith("#/channels/")) {
                faults.add("operation " + name + " names no channel of the document: '" + channelRef + "'");
                return;
            }
            String channel = channelRef.substring("#/channels/".length());
            if ("send".equals(operation.path("action").asText())) {
                senders.computeIfPresent(channel, (c, n) -> n + 1);
            }
            for (JsonNode message : operation.path("messages")) {
                String ref = message.path("$ref").asText();
                if (!ref.startsWith(channelRef + "/messages/")) {
                    faults.add("operation " + name + "'s message '" + ref + "' is no message of its channel "
                            + channel);
                }
                used.add(ref);
            }
        });
        channels.forEach((name, channel) -> AsyncApiDocument.fields(channel.get("messages")).keySet().forEach(m -> {
            if (!used.contains("#/channels/" + name + "/messages/" + m)) {
                faults.add("message " + m + " of channel " + name + " is in no operation");
            }
        }));
        senders.forEach((channel, n) -> {
            if (n != 1) {
                faults.add("channel " + channel + " is written by " + n + " operations, not one");
            }
        });
        return faults;
    }

    private static void references(AsyncApiDocument document, JsonNode node, String at, List<String> faults) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && document.at(ref.asText()).isMissingNode()) {
                faults.add("$ref '" + ref.asText() + "' at " + at + " points at nothing");
            }
            node.properties().forEach(e -> references(document, e.getValue(), at + "/" + e.getKey(), faults));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                references(document, node.get(i), at + "/" + i, faults);
            }
        }
    }
}
