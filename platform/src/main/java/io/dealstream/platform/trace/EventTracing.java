package io.dealstream.platform.trace;

import io.dealstream.events.CloudEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.MDC;

/**
 * One trace per change, across the outbox and Kafka: the W3C {@code traceparent} of the work that records an event is
 * stored with its outbox row, the relay's send span continues it and travels as the record's {@code traceparent}
 * header (the name the CloudEvents distributed-tracing extension and OpenTelemetry's Kafka instrumentation use), and
 * the consumer's span per event continues that, so what it publishes in turn stays in the same trace.
 */
@ApplicationScoped
public class EventTracing {

    /** The Kafka header, and the outbox column, that carry the trace context. */
    public static final String TRACEPARENT = CloudEvent.H_TRACEPARENT;

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    private static final AttributeKey<Long> PARTITION = AttributeKey.longKey("messaging.destination.partition.id");
    private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("dealstream.outcome");

    private static final TextMapGetter<String> FROM_TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    EventTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.dealstream");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** The traceparent of the work in progress (an HTTP request, an event being applied); null outside any. */
    public String currentTraceparent() {
        return traceparentOf(Context.current());
    }

    /** The relay's span for sending one event to {@code topic}, continuing the trace its outbox row recorded. */
    public Span startSend(String traceparent, String topic, String key, String eventId, String eventType) {
        return messaging("send", SpanKind.PRODUCER, traceparent, topic, key)
                .setAttribute(MESSAGE_ID, eventId)
                .setAttribute(EVENT_TYPE, eventType)
                .startSpan();
    }

    /** Where Kafka put the sent event. */
    public static void sent(Span send, int partition, long offset) {
        send.setAttribute(PARTITION, (long) partition);
        send.setAttribute(OFFSET, offset);
    }

    /**
     * A consumer's span for one record of {@code topic}, continuing the trace of its {@code traceparent} header (null,
     * or not a valid traceparent: a new trace).
     */
    public Span startProcess(String traceparent, String topic, int partition, long offset, String key) {
        return messaging("process", SpanKind.CONSUMER, traceparent, topic, key == null ? "" : key)
                .setAttribute(PARTITION, (long) partition)
                .setAttribute(OFFSET, offset)
                .startSpan();
    }

    /** A span of the OpenTelemetry messaging conventions: "{operation} {topic}". */
    private SpanBuilder messaging(String operation, SpanKind kind, String traceparent, String topic, String key) {
        return tracer.spanBuilder(operation + " " + topic)
                .setParent(parent(traceparent))
                .setSpanKind(kind)
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(OPERATION, operation)
                .setAttribute(DESTINATION, topic)
                .setAttribute(KEY, key);
    }

    /** What processing the event did (applied, duplicate, stale, dead-lettered). */
    public static void outcome(Span span, String eventId, String eventType, String outcome) {
        if (eventId != null) {
            span.setAttribute(MESSAGE_ID, eventId);
            span.setAttribute(EVENT_TYPE, eventType);
        }
        span.setAttribute(OUTCOME, outcome);
    }

    /** Ends the span as failed, with why. */
    public static void fail(Span span, String reason) {
        span.setStatus(StatusCode.ERROR, reason);
        span.end();
    }

    /** The traceparent that continues {@code span}: what a record or an outbox row carries. */
    public String traceparentOf(Span span) {
        return traceparentOf(Context.root().with(span));
    }

    /**
     * Makes the trace of {@code traceparent} current on this thread until the scope closes: events recorded meanwhile
     * continue it, and log lines carry its ids (also on threads the request context does not reach).
     */
    public Scope resume(String traceparent) {
        Context context = parent(traceparent);
        Scope scope = context.makeCurrent();
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (!span.isValid()) {
            return scope;
        }
        Object traceId = MDC.get("traceId");
        Object spanId = MDC.get("spanId");
        MDC.put("traceId", span.getTraceId());
        MDC.put("spanId", span.getSpanId());
        return () -> {
            restore("traceId", traceId);
            restore("spanId", spanId);
            scope.close();
        };
    }

    private Context parent(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return propagator.extract(Context.root(), traceparent, FROM_TRACEPARENT);
    }

    private String traceparentOf(Context context) {
        Map<String, String> carrier = new HashMap<>(2);
        propagator.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    private static void restore(String key, Object previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
