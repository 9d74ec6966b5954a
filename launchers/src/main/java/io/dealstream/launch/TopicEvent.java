package io.dealstream.launch;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.EventJson;
import io.dealstream.events.Topics;
import io.dealstream.events.capacity.CapacitySnapshot;
import io.dealstream.events.right.RightSnapshot;
import io.dealstream.events.round.RoundCommitment;
import io.dealstream.events.round.RoundEventType;
import io.dealstream.events.round.RoundSnapshot;
import io.dealstream.events.tranche.TrancheSnapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A record read from one of the contract's topics, decoded with the contract's own codec (CloudEvents binary mode,
 * {@link EventJson}); {@link #line()} is its one-line, human form.
 *
 * @param event the CloudEvent, or null when the record is not one (then {@code error} says why)
 * @param body the payload record (RoundSnapshot or TrancheSnapshot on the tranche topic, CapacitySnapshot,
 *        RightSnapshot), or null
 * @param traceparent the record's W3C trace context header, or null
 */
public record TopicEvent(String topic, int partition, long offset, long timestamp, String key, CloudEvent event,
        Object body, String error, String traceparent) {

    /** The investors a round's line names; a round may list up to a thousand. */
    static final int SHOWN_INVESTORS = 3;

    public static TopicEvent of(ConsumerRecord<String, String> r) {
        CloudEvent event = null;
        Object body = null;
        String error = null;
        try {
            event = CloudEvent.fromKafka(name -> {
                Header h = r.headers().lastHeader(name);
                return h == null ? null : h.value();
            }, r.value());
            body = switch (r.topic()) {
                case Topics.TRANCHE_EVENTS -> RoundEventType.OPENED.ceType().equals(event.type())
                        ? EventJson.read(r.value(), RoundSnapshot.class)
                        : EventJson.read(r.value(), TrancheSnapshot.class);
                case Topics.CAPACITY_EVENTS -> EventJson.read(r.value(), CapacitySnapshot.class);
                case Topics.RIGHTS_EVENTS -> EventJson.read(r.value(), RightSnapshot.class);
                default -> null;
            };
        } catch (RuntimeException e) {
            error = e.getMessage();
        }
        Header trace = r.headers().lastHeader(CloudEvent.H_TRACEPARENT);
        return new TopicEvent(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), event, body, error,
                trace == null ? null : new String(trace.value(), StandardCharsets.UTF_8));
    }

    /** The trace id of {@link #traceparent()} ({@code 00-<trace id>-<span id>-<flags>}), or null. */
    public String traceId() {
        String[] parts = traceparent == null ? new String[0] : traceparent.split("-");
        return parts.length == 4 ? parts[1] : null;
    }

    public String ceType() {
        return event == null ? "?" : event.type();
    }

    public String ceId() {
        return event == null ? null : event.id();
    }

    public String subject() {
        return event == null ? key : event.subject();
    }

    /** The per-subject version the payload carries, or -1 (a round's opening has none: a round never changes). */
    public long version() {
        if (body instanceof TrancheSnapshot t) {
            return t.version();
        }
        if (body instanceof CapacitySnapshot c) {
            return c.version();
        }
        if (body instanceof RightSnapshot r) {
            return r.version();
        }
        return -1;
    }

    /** e.g. {@code 2026-11-23T11:52:03.123Z  investment.tranche-events  investment.tranche.funded.v1  amazon-t1  FUNDED $15B ...}. */
    public String line() {
        Instant time = event != null ? event.time().toInstant() : Instant.ofEpochMilli(timestamp);
        return String.format("%s  %-26s  %-34s  %-26s  %s", time.truncatedTo(ChronoUnit.MILLIS), topic, ceType(),
                subject(), figures());
    }

    /** The key figures of the payload. */
    public String figures() {
        if (error != null) {
            return "(not a readable event: " + error + ")";
        }
        if (body instanceof TrancheSnapshot t) {
            StringBuilder s = new StringBuilder();
            s.append(t.state()).append(' ').append(money(t.amount()));
            s.append(" (").append(t.investor()).append(", ").append(t.roundId()).append(')');
            s.append(" funded ").append(money(t.fundedAmount()));
            if (t.fundedOn() != null) {
                s.append(" on ").append(t.fundedOn());
            }
            if (t.trigger() != null) {
                s.append(" trigger ").append(t.trigger().type()).append(" on ").append(t.trigger().occurredOn())
                        .append(", fund by ").append(t.trigger().fundingDeadline());
            }
            if (t.expiredOn() != null) {
                s.append(" expired on ").append(t.expiredOn());
            }
            return s.append("  v").append(t.version()).toString();
        }
        if (body instanceof RoundSnapshot r) {
            StringBuilder s = new StringBuilder("OPENED ").append(money(r.amount())).append(" at ")
                    .append(money(r.preMoneyValuation())).append(" pre-money on ").append(r.openedOn()).append(", ")
                    .append(r.investors().size()).append(r.investors().size() == 1 ? " investor" : " investors");
            for (int i = 0; i < Math.min(SHOWN_INVESTORS, r.investors().size()); i++) {
                RoundCommitment c = r.investors().get(i);
                s.append(i == 0 ? ": " : ", ").append(c.investor()).append(' ').append(money(c.committed()));
            }
            if (r.investors().size() > SHOWN_INVESTORS) {
                s.append(", ... (").append(r.investors().size() - SHOWN_INVESTORS).append(" more)");
            }
            return s.toString();
        }
        if (body instanceof CapacitySnapshot c) {
            return String.format("released %s GW, lapsed %s GW, pending %s GW of %s GW  v%d", c.releasedGw(),
                    c.lapsedGw(), c.pendingGw(), c.contractedGw(), c.version());
        }
        if (body instanceof RightSnapshot r) {
            return String.format("%s  %s %s/%s (%s)  v%d%s", r.status(), r.product(), r.cloud(), r.mode(), r.holder(),
                    r.version(), r.reason() == null ? "" : "  - " + r.reason());
        }
        return event == null ? "" : abbreviate(event.data(), 120);
    }

    /** $15B, $2.5M, $1,234.56 */
    public static String money(BigDecimal usd) {
        if (usd == null) {
            return "-";
        }
        if (usd.signum() == 0) {
            return "$0";
        }
        BigDecimal abs = usd.abs();
        if (abs.compareTo(new BigDecimal("1000000000")) >= 0) {
            return "$" + usd.divide(new BigDecimal("1000000000"), 3, RoundingMode.HALF_EVEN).stripTrailingZeros()
                    .toPlainString() + "B";
        }
        if (abs.compareTo(new BigDecimal("1000000")) >= 0) {
            return "$" + usd.divide(new BigDecimal("1000000"), 3, RoundingMode.HALF_EVEN).stripTrailingZeros()
                    .toPlainString() + "M";
        }
        return "$" + String.format("%,.2f", usd);
    }

    private static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= max ? one : one.substring(0, max) + "...";
    }
}
