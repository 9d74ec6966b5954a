package io.dealstream.events.asyncapi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The AsyncAPI document the services serve ({@value #RESOURCE} in the events jar) as a tree, with its local
 * {@code $ref}s followed and its schemas read as the catalogue checks need them.
 */
final class AsyncApiDocument {

    static final String RESOURCE = "META-INF/resources/asyncapi.yaml";

    /** Decimals as written ({@code 15000000000.00} stays exact), so that the examples read as the services write. */
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    final JsonNode root;

    AsyncApiDocument(JsonNode root) {
        this.root = root;
    }

    /** The document as the events jar holds it, as a tree a test may change. */
    static ObjectNode load() {
        try (InputStream in = AsyncApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a local reference ({@code #/components/...}) points at; missing when it points at nothing. */
    JsonNode at(String ref) {
        return ref.startsWith("#") ? root.at(ref.substring(1)) : com.fasterxml.jackson.databind.node.MissingNode
                .getInstance();
    }

    /** The node itself, or what its {@code $ref} (and that one's, ...) points at. */
    JsonNode resolve(JsonNode node) {
        JsonNode at = node;
        for (int hops = 0; at != null && at.has("$ref"); hops++) {
            if (hops > 20) {
                throw new IllegalStateException("a cycle of $refs at " + node);
            }
            at = at(at.get("$ref").asText());
        }
        return at;
    }

    /** Each field of an object node by name, in document order; empty for anything else. */
    static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
        }
        return fields;
    }

    /**
     * A schema as the checks read it: its own keywords merged with those of its {@code allOf} parts (properties and
     * required united), its {@code $ref}s followed, and whether it lets a value be null ({@code type: [x, 'null']},
     * or {@code oneOf} a null and one schema).
     */
    record Schema(String type, boolean nullable, JsonNode keywords, Map<String, JsonNode> properties,
            Set<String> required) {

        String text(String keyword) {
            JsonNode value = keywords.get(keyword);
            return value == null || value.isNull() ? null : value.asText();
        }

        boolean has(String keyword) {
            return keywords.has(keyword);
        }
    }

    Schema schema(JsonNode node) {
        JsonNode s = resolve(node);
        if (s == null || s.isMissingNode()) {
            return new Schema(null, false, com.fasterxml.jackson.databind.node.MissingNode.getInstance(), Map.of(),
                    Set.of());
        }
        if (s.has("oneOf")) {
            List<JsonNode> others = new ArrayList<>();
            boolean nullable = false;
            for (JsonNode alternative : s.get("oneOf")) {
                JsonNode a = resolve(alternative);
                if ("null".equals(a.path("type").asText(null))) {
                    nullable = true;
                } else {
                    others.add(alternative);
                }
            }
            if (others.size() == 1) {
                Schema one = schema(others.get(0));
                return new Schema(one.type(), nullable || one.nullable(), one.keywords(), one.properties(),
                        one.required());
            }
        }
        Map<String, JsonNode> properties = new LinkedHashMap<>(fields(s.get("properties")));
        Set<String> required = new LinkedHashSet<>();
        s.path("required").forEach(r -> required.add(r.asText()));
        String type = null;
        boolean nullable = false;
        JsonNode types = s.get("type");
        if (types != null && types.isArray()) {
            for (JsonNode t : types) {
                if ("null".equals(t.asText())) {
                    nullable = true;
                } else {
                    type = t.asText();
                }
            }
        } else if (types != null) {
            type = types.asText();
        }
        for (JsonNode part : s.path("allOf")) {
            Schema p = schema(part);
            p.properties().forEach(properties::putIfAbsent);
            required.addAll(p.required());
            type = type == null ? p.type() : type;
        }
        return new Schema(type, nullable, s, properties, required);
    }

    /** The headers of a message, its {@code allOf} parts merged property by property (ce_type's const and all). */
    Map<String, Schema> headers(JsonNode message) {
        Map<String, Schema> headers = new LinkedHashMap<>();
        collectHeaders(resolve(message.path("headers")), headers);
        return headers;
    }

    private void collectHeaders(JsonNode schema, Map<String, Schema> into) {
        for (JsonNode part : schema.path("allOf")) {
            collectHeaders(resolve(part), into);
        }
        fields(schema.get("properties")).forEach((name, property) -> {
            Schema found = schema(property);
            Schema before = into.get(name);
            if (before == null) {
                into.put(name, found);
            } else {
                ObjectNode merged = ((ObjectNode) before.keywords().deepCopy()).setAll((ObjectNode) found.keywords());
                into.put(name, new Schema(before.type() != null ? before.type() : found.type(), before.nullable(),
                        merged, before.properties(), before.required()));
            }
        });
    }

    /** The header names a message's headers schema requires, over all its {@code allOf} parts. */
    Set<String> requiredHeaders(JsonNode message) {
        return schema(message.path("headers")).required();
    }
}
