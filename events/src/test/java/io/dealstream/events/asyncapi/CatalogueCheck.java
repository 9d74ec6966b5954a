package io.dealstream.events.asyncapi;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dealstream.events.CloudEvent;
import io.dealstream.events.EventJson;
import io.dealstream.events.EventType;
import io.dealstream.events.InvalidEventException;
import io.dealstream.events.asyncapi.AsyncApiDocument.Schema;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares an AsyncAPI document with the contract the events module defines ({@link ContractCatalogue}) and says each
 * way they part, in words naming what: a topic without a channel, an event type without a message or a message of no
 * event type, a payload field, type or enum value on one side only, a CloudEvent header missing. Requiredness and
 * limits are asked of the code itself: each message's examples must read, and a field's {@code required},
 * {@code maxLength}, {@code minimum} and {@code multipleOf} must be what the contract's records refuse or take when the
 * example is changed so. The dead-letter channels ({@code *.dlq}) are funding-view's, checked there.
 */
final class CatalogueCheck {

    /** A text longer than any limit of the contract: taken where the document gives no maxLength. */
    static final int UNLIMITED_TEXT = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final AsyncApiDocument document;
    private final Set<String> mismatches = new LinkedHashSet<>();

    private CatalogueCheck(JsonNode root) {
        this.document = new AsyncApiDocument(root);
    }

    /** Every way the document and the events module disagree; empty when they agree. */
    static List<String> mismatches(JsonNode root) {
        CatalogueCheck check = new CatalogueCheck(root);
        check.topics();
        check.eventTypes();
        return List.copyOf(check.mismatches);
    }

    private void mismatch(String what) {
        mismatches.add(what);
    }

    // ---- topics and event types

    private void topics() {
        Map<String, String> topics = ContractCatalogue.topics();
        Set<String> addresses = new TreeSet<>();
        AsyncApiDocument.fields(document.root.get("channels")).forEach((name, channel) -> {
            String address = document.resolve(channel).path("address").asText(null);
            addresses.add(address);
            if (!topics.containsValue(address) && (address == null || !address.endsWith(".dlq"))) {
                mismatch("channel '" + name + "' has address '" + address + "', which is no topic of Topics");
            }
        });
        topics.forEach((constant, topic) -> {
            if (!addresses.contains(topic)) {
                mismatch("topic " + topic + " (Topics." + constant + ") has no channel in the document");
            }
        });
    }

    /** A message on a channel, with the ce_type its headers fix (null for a message that is no CloudEvent). */
    private record ChannelMessage(String channel, String address, String key, String name, JsonNode message,
            String ceType) {
    }

    private List<ChannelMessage> channelMessages() {
        List<ChannelMessage> found = new ArrayList<>();
        AsyncApiDocument.fields(document.root.get("channels")).forEach((channelName, c) -> {
            JsonNode channel = document.resolve(c);
            AsyncApiDocument.fields(channel.get("messages")).forEach((key, m) -> {
                JsonNode message = document.resolve(m);
                Schema ceType = document.headers(message).get(CloudEvent.H_TYPE);
                found.add(new ChannelMessage(channelName, channel.path("address").asText(null), key,
                        message.path("name").asText(key), message, ceType == null ? null : ceType.text("const")));
            });
        });
        return found;
    }

    private void eventTypes() {
        List<ChannelMessage> messages = channelMessages();
        List<EventType> types = ContractCatalogue.eventTypes();
        Set<String> ceTypes = new TreeSet<>();
        for (EventType type : types) {
            ceTypes.add(type.ceType());
            List<ChannelMessage> carrying = messages.stream().filter(m -> type.ceType().equals(m.ceType())).toList();
            if (carrying.isEmpty()) {
                mismatch("event type " + type.ceType() + " (" + ContractCatalogue.nameOf(type) + ", "
                        + type.eventName() + ") has no message in the document");
                continue;
            }
            for (ChannelMessage m : carrying) {
                if (!type.topic().equals(m.address())) {
                    mismatch("event type " + type.ceType() + " goes to " + type.topic() + ", but the document has its"
                            + " message " + m.name() + " on channel '" + m.channel() + "' (" + m.address() + ")");
                }
                if (!type.eventName().equals(m.name())) {
                    mismatch("the message of " + type.ceType() + " is named '" + m.name() + "', but the events module"
                            + " calls it " + type.eventName());
                }
                headers(m);
                payload(type, m);
            }
        }
        for (ChannelMessage m : messages) {
            if (m.ceType() != null && !ceTypes.contains(m.ceType())) {
                mismatch("message " + m.name() + " on channel '" + m.channel() + "' has ce_type '" + m.ceType()
                        + "', which is no event type of the events module");
            }
        }
    }

    // ---- headers

    private void headers(ChannelMessage m) {
        Map<String, Schema> headers = document.headers(m.message());
        Set<String> required = document.requiredHeaders(m.message());
        Set<String> always = ContractCatalogue.headersOfEveryEvent();
        ContractCatalogue.headers().forEach((constant, header) -> {
            if (!headers.containsKey(header)) {
                mismatch("message " + m.name() + ": header '" + header + "' (CloudEvent." + constant
                        + ") is missing from the document");
            } else if (always.contains(header) != required.contains(header)) {
                mismatch("message " + m.name() + ": header '" + header + "' is "
                        + (always.contains(header) ? "written on every event but not required in the document"
                                : "required in the document but not written on every event"));
            }
        });
        headers.keySet().stream().filter(h -> !ContractCatalogue.headers().containsValue(h)).forEach(h -> mismatch(
                "message " + m.name() + ": header '" + h + "' in the document is no header of CloudEvent"));
        constHeader(m, headers, CloudEvent.H_SPECVERSION, CloudEvent.SPEC_VERSION);
        constHeader(m, headers, CloudEvent.H_CONTENT_TYPE, CloudEvent.CONTENT_TYPE);
        examples(m).forEach(example -> headerLimits(m, headers, example));
    }

    private void constHeader(ChannelMessage m, Map<String, Schema> headers, String header, String value) {
        Schema schema = headers.get(header);
        if (schema != null && !value.equals(schema.text("const"))) {
            mismatch("message " + m.name() + ": header '" + header + "' must be const '" + value + "', the document"
                    + " says '" + schema.text("const") + "'");
        }
    }

    /** Each header's maxLength against what {@link CloudEvent#fromKafka} takes, from one of the message's examples. */
    private void headerLimits(ChannelMessage m, Map<String, Schema> headers, JsonNode example) {
        ObjectNode exampleHeaders = (ObjectNode) example.path("headers");
        String body = json(example.path("payload"));
        String refused = cloudEventRefuses(exampleHeaders, body);
        if (refused != null) {
            mismatch("example '" + example.path("name").asText() + "' of " + m.name() + ": its headers are refused: "
                    + refused);
            return;
        }
        if (!m.ceType().equals(exampleHeaders.path(CloudEvent.H_TYPE).asText())) {
            mismatch("example '" + example.path("name").asText() + "' of " + m.name() + " has ce_type '"
                    + exampleHeaders.path(CloudEvent.H_TYPE).asText() + "', not the message's " + m.ceType());
        }
        headers.forEach((header, schema) -> {
            JsonNode maxLength = schema.keywords().get("maxLength");
            if (maxLength == null || !exampleHeaders.has(header)) {
                return;
            }
            int max = maxLength.asInt();
            ObjectNode at = exampleHeaders.deepCopy().put(header, "a".repeat(max));
            ObjectNode over = exampleHeaders.deepCopy().put(header, "a".repeat(max + 1));
            String atMax = cloudEventRefuses(at, body);
            if (atMax != null) {
                mismatch("header '" + header + "': maxLength " + max + " in the document, but " + max
                        + " characters are refused: " + atMax);
            }
            if (cloudEventRefuses(over, body) == null) {
                mismatch("header '" + header + "': maxLength " + max + " in the document, but " + (max + 1)
                        + " characters are read");
            }
        });
    }

    private static String cloudEventRefuses(ObjectNode headers, String body) {
        try {
            CloudEvent.fromKafka(name -> headers.has(name)
                    ? headers.get(name).asText().getBytes(StandardCharsets.UTF_8) : null, body);
            return null;
        } catch (InvalidEventException e) {
            return e.getMessage();
        }
    }

    // ---- payloads

    private void payload(EventType type, ChannelMessage m) {
        JsonNode payload = m.message().path("payload");
        compare(type.body().getSimpleName(), type.body(), payload);
        List<JsonNode> examples = examples(m);
        if (examples.isEmpty()) {
            mismatch("message " + m.name() + " has no example");
        }
        for (JsonNode example : examples) {
            String refused = bodyRefuses(type.body(), example.path("payload"));
            if (refused != null) {
                mismatch("example '" + example.path("name").asText() + "' of " + m.name() + ": its payload is refused: "
                        + refused);
                continue;
            }
            probe(type.body(), (ObjectNode) example.path("payload"), List.of(), type.body(), payload,
                    "example '" + example.path("name").asText() + "' of " + m.name());
        }
    }

    private static List<JsonNode> examples(ChannelMessage m) {
        List<JsonNode> examples = new ArrayList<>();
        m.message().path("examples").forEach(examples::add);
        return examples;
    }

    /** The document's schema against a Java type of the contract. */
    private void compare(String where, Type type, JsonNode schemaNode) {
        Schema schema = document.schema(schemaNode);
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            if (expectType(where, "array", "a List", schema)) {
                compare(where + "[]", list.getActualTypeArguments()[0], schema.keywords().path("items"));
            }
            return;
        }
        Class<?> c = (Class<?>) type;
        if (c.isRecord()) {
            if (expectType(where, "object", "the record " + c.getSimpleName(), schema)) {
                compareRecord(c, schema);
            }
        } else if (c.isEnum()) {
            if (expectType(where, "string", "the enum " + c.getSimpleName(), schema)) {
                compareEnum(c, schema);
            }
        } else if (c == String.class) {
            expectType(where, "string", "a String", schema);
        } else if (c == BigDecimal.class) {
            expectType(where, "number", "a BigDecimal", schema);
        } else if (c == long.class || c == Long.class || c == int.class || c == Integer.class) {
            expectType(where, "integer", "a " + c.getSimpleName(), schema);
        } else if (c == LocalDate.class) {
            expectFormat(where, "date", "a LocalDate", schema);
        } else if (c == OffsetDateTime.class) {
            expectFormat(where, "date-time", "an OffsetDateTime", schema);
        } else {
            mismatch(where + ": the check knows no JSON form of " + c.getName() + "; teach it one");
        }
    }

    private boolean expectType(String where, String type, String javaType, Schema schema) {
        if (!type.equals(schema.type())) {
            mismatch(where + ": the document says " + (schema.type() == null ? "nothing" : schema.type())
                    + ", the events module has " + javaType + " (" + type + ")");
            return false;
        }
        return true;
    }

    private void expectFormat(String where, String format, String javaType, Schema schema) {
        if (expectType(where, "string", javaType, schema) && !format.equals(schema.text("format"))) {
            mismatch(where + ": the document's format is " + schema.text("format") + ", the events module has "
                    + javaType + " (format " + format + ")");
        }
    }

    private void compareRecord(Class<?> record, Schema schema) {
        String name = record.getSimpleName();
        if (!schema.keywords().path("additionalProperties").isBoolean()
                || schema.keywords().path("additionalProperties").asBoolean()) {
            mismatch(name + ": the document must say additionalProperties: false (a reader refuses unknown fields)");
        }
        Set<String> components = new LinkedHashSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            components.add(component.getName());
            JsonNode property = schema.properties().get(component.getName());
            if (property == null) {
                mismatch(name + "." + component.getName() + " is in the events module but missing from the document");
            } else {
                compare(name + "." + component.getName(), component.getGenericType(), property);
            }
        }
        schema.properties().keySet().stream().filter(p -> !components.contains(p)).forEach(p -> mismatch(name + "."
                + p + " is in the document but no field of the events module's " + name));
    }

    private void compareEnum(Class<?> e, Schema schema) {
        Set<String> constants = new LinkedHashSet<>();
        Arrays.stream(e.getEnumConstants()).forEach(c -> constants.add(((Enum<?>) c).name()));
        Set<String> values = new LinkedHashSet<>();
        schema.keywords().path("enum").forEach(v -> values.add(v.asText()));
        constants.stream().filter(c -> !values.contains(c)).forEach(c -> mismatch("enum " + e.getSimpleName()
                + ": " + c + " is in the events module but missing from the document"));
        values.stream().filter(v -> !constants.contains(v)).forEach(v -> mismatch("enum " + e.getSimpleName()
                + ": " + v + " is in the document but no constant of the events module"));
    }

    // ---- what the code refuses, asked of it with changed examples

    /**
     * The fields of the object at {@code path} in an example payload (of the record {@code body}): each present
     * (null where empty, as the services write), required exactly when a body without it is refused, and its limits
     * those the code keeps.
     */
    private void probe(Class<? extends Record> body, ObjectNode example, List<Object> path, Class<?> record,
            JsonNode schemaNode, String exampleName) {
        Schema schema = document.schema(schemaNode);
        ObjectNode object = (ObjectNode) navigate(example, path);
        schema.properties().forEach((field, propertyNode) -> {
            String where = record.getSimpleName() + "." + field;
            JsonNode value = object.get(field);
            Schema property = document.schema(propertyNode);
            if (value == null) {
                mismatch(where + " is missing from " + exampleName + " (the services write every field, null when"
                        + " empty)");
                return;
            }
            boolean required = schema.required().contains(field);
            if (value.isNull()) {
                if (required) {
                    mismatch(where + " is required in the document, but " + exampleName + " has it null and is read");
                }
                return;
            }
            String refusedWithout = changed(body, example, path, o -> o.remove(field));
            if (required && refusedWithout == null) {
                mismatch(where + " is required in the document, but a body without it is read");
            } else if (!required && refusedWithout != null) {
                mismatch(where + " is optional in the document, but a body without it is refused: " + refusedWithout);
            }
            if (required == property.nullable()) {
                mismatch(where + (required ? " is required, but the document's type allows null"
                        : " may be null, but the document's type does not allow it"));
            }
            Class<?> type = componentType(record, field);
            if (type == null) {
                return;
            }
            if (value.isObject() && type.isRecord()) {
                List<Object> inner = new ArrayList<>(path);
                inner.add(field);
                probe(body, example, inner, type, propertyNode, exampleName);
            } else if (value.isArray() && !value.isEmpty() && value.get(0).isObject() && type.isRecord()) {
                List<Object> inner = new ArrayList<>(path);
                inner.add(field);
                inner.add(0);
                probe(body, example, inner, type, property.keywords().path("items"), exampleName);
            } else if ("string".equals(property.type()) && !property.has("format") && !property.has("enum")) {
                probeLength(body, example, path, field, where, property);
            } else if ("number".equals(property.type()) || "integer".equals(property.type())) {
                probeNumber(body, example, path, field, where, property);
            }
        });
    }

    private void probeLength(Class<? extends Record> body, ObjectNode example, List<Object> path, String field,
            String where, Schema property) {
        JsonNode maxLength = property.keywords().get("maxLength");
        if (maxLength == null) {
            String refused = changed(body, example, path, o -> o.put(field, "a".repeat(UNLIMITED_TEXT)));
            if (refused != null) {
                mismatch(where + " has no maxLength in the document, but " + UNLIMITED_TEXT
                        + " characters are refused: " + refused);
            }
            return;
        }
        int max = maxLength.asInt();
        String atMax = changed(body, example, path, o -> o.put(field, "a".repeat(max)));
        if (atMax != null) {
            mismatch(where + ": maxLength " + max + " in the document, but " + max + " characters are refused: "
                    + atMax);
        }
        if (changed(body, example, path, o -> o.put(field, "a".repeat(max + 1))) == null) {
            mismatch(where + ": maxLength " + max + " in the document, but " + (max + 1) + " characters are read");
        }
    }

    private void probeNumber(Class<? extends Record> body, ObjectNode example, List<Object> path, String field,
            String where, Schema property) {
        JsonNode minimum = property.keywords().get("minimum");
        if (minimum == null) {
            String refused = changed(body, example, path, o -> o.put(field, -1));
            if (refused != null) {
                mismatch(where + " has no minimum in the document, but -1 is refused: " + refused);
            }
        } else {
            BigDecimal below = minimum.decimalValue().subtract(BigDecimal.ONE);
            if (changed(body, example, path, o -> o.put(field, below)) == null) {
                mismatch(where + ": minimum " + minimum.asText() + " in the document, but " + below.toPlainString()
                        + " is read");
            }
        }
        if ("number".equals(property.type())) {
            BigDecimal finer = new BigDecimal("1.001");
            String refused = changed(body, example, path, o -> o.put(field, finer));
            if (property.has("multipleOf") && refused == null) {
                mismatch(where + ": multipleOf " + property.text("multipleOf") + " in the document, but 1.001 is read");
            } else if (!property.has("multipleOf") && refused != null) {
                mismatch(where + " has no multipleOf in the document, but 1.001 is refused: " + refused);
            }
        }
    }

    private static Class<?> componentType(Class<?> record, String field) {
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.getName().equals(field)) {
                Type type = component.getGenericType();
                return type instanceof ParameterizedType p ? (Class<?>) p.getActualTypeArguments()[0] : (Class<?>) type;
            }
        }
        return null;
    }

    private static JsonNode navigate(JsonNode root, List<Object> path) {
        JsonNode at = root;
        for (Object step : path) {
            at = step instanceof Integer i ? at.get(i) : at.get((String) step);
        }
        return at;
    }

    /** Why the body is refused once the object at {@code path} is changed so, or null when it is read. */
    private static String changed(Class<? extends Record> body, ObjectNode example, List<Object> path,
            java.util.function.Consumer<ObjectNode> change) {
        ObjectNode copy = example.deepCopy();
        change.accept((ObjectNode) navigate(copy, path));
        return bodyRefuses(body, copy);
    }

    private static String bodyRefuses(Class<? extends Record> body, JsonNode payload) {
        try {
            EventJson.read(json(payload), body);
            return null;
        } catch (InvalidEventException e) {
            return e.getMessage();
        }
    }

    private static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
