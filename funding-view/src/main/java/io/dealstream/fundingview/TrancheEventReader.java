package io.dealstream.fundingview;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.EventJson;
import io.dealstream.events.EventType;
import io.dealstream.events.InvalidEventException;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheSnapshot;
import java.math.BigDecimal;
import java.util.function.Function;

/**
 * Reads a Kafka record from investment.tranche-events as a tranche event, or says why it is not one (then it
 * is a poison message for the dead-letter topic). Consistency is checked too: a record whose key, subject and
 * body disagree could be applied to the wrong tranche or out of order.
 */
public final class TrancheEventReader {

    /** A tranche event as read: its CloudEvent attributes, its kind and the tranche snapshot it carries. */
    public record TrancheEvent(CloudEvent cloudEvent, TrancheEventType type, TrancheSnapshot tranche) {
    }

    /** numeric(19,2): what the view can hold exactly. */
    private static final int MAX_INTEGER_DIGITS = 17;

    private TrancheEventReader() {
    }

    public static TrancheEvent read(String key, Function<String, byte[]> header, String value) {
        CloudEvent event = CloudEvent.fromKafka(header, value);
        TrancheEventType type = EventType.fromCeType(TrancheEventType.class, event.type());
        TrancheSnapshot tranche = EventJson.read(event.data(), TrancheSnapshot.class);
        if (!tranche.trancheId().equals(event.subject())) {
            throw new InvalidEventException("ce_subject '" + event.subject() + "' is not the body's trancheId '"
                    + tranche.trancheId() + "'");
        }
        if (key != null && !key.equals(event.subject())) {
            throw new InvalidEventException("record key '" + key + "' is not ce_subject '" + event.subject() + "'");
        }
        if (TrancheEventType.enteringState(tranche.state()) != type) {
            throw new InvalidEventException(type.ceType() + " cannot carry a tranche in state " + tranche.state());
        }
        requireMoney(tranche.amount(), "amount");
        requireMoney(tranche.fundedAmount(), "fundedAmount");
        if (tranche.investorCommitment() != null) {
            requireMoney(tranche.investorCommitment(), "investorCommitment");
        }
        return new TrancheEvent(event, type, tranche);
    }

    private static void requireMoney(BigDecimal value, String field) {
        if (value.scale() > 2 || value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
            throw new InvalidEventException("field '" + field + "' is not a USD amount the view can hold: " + value);
        }
    }
}
