package io.dealstream.events;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in Kafka binary mode: the attributes travel as {@code ce_*} headers and the JSON
 * body is the record value. Producers write headers with {@link #headers()} and consumers read them with
 * {@link #fromKafka}, so both sides use one codec.
 */
public record CloudEvent(String id, String type, String source, String subject, OffsetDateTime time, String data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";
    /**
     * The content types of a CloudEvent in structured mode (the whole event, attributes and data, as the record value),
     * e.g. {@code application/cloudevents+json}: the contract takes binary mode only, and says so to a producer that
     * sends one.
     */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents";

    public static final String H_SPECVERSION = "ce_specversion";
    public static final String H_ID = "ce_id";
    public static final String H_TYPE = "ce_type";
    public static final String H_SOURCE = "ce_source";
    public static final String H_SUBJECT = "ce_subject";
    public static final String H_TIME = "ce_time";
    public static final String H_CONTENT_TYPE = "content-type";
    /**
     * The W3C trace context of the change the event announces: optional, outside the attributes a consumer needs, and
     * named as the CloudEvents distributed-tracing extension and OpenTelemetry's Kafka instrumentation name it.
     */
    public static final String H_TRACEPARENT = "traceparent";

    /** The first and last instant a {@code ce_time} may name: the days of {@link Limits}, in UTC. */
    static final OffsetDateTime EARLIEST_TIME = Limits.EARLIEST_DATE.atStartOfDay().atOffset(ZoneOffset.UTC);
    static final OffsetDateTime LATEST_TIME = Limits.LATEST_DATE.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC)
            .minusNanos(1);

    /** Producers build and consumers read events through here, so both hold them to the same limits. */
    public CloudEvent {
        requireText(id, H_ID, Limits.ID);
        requireText(type, H_TYPE, Limits.EVENT_ATTRIBUTE);
        requireText(source, H_SOURCE, Limits.EVENT_ATTRIBUTE);
        requireText(subject, H_SUBJECT, Limits.ID);
        if (time == null) {
            throw new InvalidEventException("missing header " + H_TIME);
        }
        if (time.isBefore(EARLIEST_TIME) || time.isAfter(LATEST_TIME)) {
            throw new InvalidEventException(H_TIME + " " + time + " is not between " + Limits.EARLIEST_DATE + " and "
                    + Limits.LATEST_DATE);
        }
        time = time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** A new event with a fresh id. */
    public static CloudEvent create(EventType type, String source, String subject, OffsetDateTime time, String data) {
        return new CloudEvent(UUID.randomUUID().toString(), type.ceType(), source, subject, time, data);
    }

    /** The binary-mode headers, in a stable order. */
    public Map<String, byte[]> headers() {
        Map<String, byte[]> h = new LinkedHashMap<>();
        h.put(H_SPECVERSION, bytes(SPEC_VERSION));
        h.put(H_ID, bytes(id));
        h.put(H_TYPE, bytes(type));
        h.put(H_SOURCE, bytes(source));
        h.put(H_SUBJECT, bytes(subject));
        h.put(H_TIME, bytes(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time)));
        h.put(H_CONTENT_TYPE, bytes(CONTENT_TYPE));
        return h;
    }

    /**
     * Reads a Kafka record as a binary-mode CloudEvent.
     *
     * @param header the last value of a header, or null when absent
     * @throws InvalidEventException when it is not a binary-mode CloudEvent 1.0 with a JSON body (a structured-mode
     *         CloudEvent included, named as such)
     */
    public static CloudEvent fromKafka(java.util.function.Function<String, byte[]> header, String value) {
        String specVersion = text(header, H_SPECVERSION);
        String contentType = text(header, H_CONTENT_TYPE);
        if (specVersion == null && contentType != null && contentType.startsWith(STRUCTURED_CONTENT_TYPE)) {
            throw new InvalidEventException("a structured-mode CloudEvent (content-type '" + contentType + "'): the "
                    + "contract takes binary mode only, the attributes as ce_* headers and the JSON body as the value");
        }
        if (specVersion == null) {
            throw new InvalidEventException("not a CloudEvent: no " + H_SPECVERSION + " header");
        }
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new InvalidEventException("unsupported " + H_SPECVERSION + " '" + specVersion + "'");
        }
        if (contentType != null && !contentType.startsWith(CONTENT_TYPE)) {
            throw new InvalidEventException("unsupported content-type '" + contentType + "'");
        }
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("empty body");
        }
        String time = text(header, H_TIME);
        OffsetDateTime parsedTime;
        try {
            parsedTime = time == null ? null : OffsetDateTime.parse(time);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("invalid " + H_TIME + " '" + time + "'", e);
        }
        return new CloudEvent(text(header, H_ID), text(header, H_TYPE), text(header, H_SOURCE),
                text(header, H_SUBJECT), parsedTime, value);
    }

    private static String text(java.util.function.Function<String, byte[]> header, String name) {
        byte[] v = header.apply(name);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void requireText(String value, String header, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("missing header " + header);
        }
        if (value.length() > max) {
            throw new InvalidEventException("header " + header + " is longer than " + max + " characters");
        }
        String fault = Limits.textFault(value);
        if (fault != null) {
            throw new InvalidEventException("header " + header + " " + fault);
        }
    }
}
