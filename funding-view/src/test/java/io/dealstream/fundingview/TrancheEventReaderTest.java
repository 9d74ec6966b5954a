package io.dealstream.fundingview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.EventJson;
import io.dealstream.events.InvalidEventException;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.events.tranche.TrancheState;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrancheEventReaderTest {

    static TrancheSnapshot funded(String id, String amount, long version) {
        return new TrancheSnapshot(id, "openai-2026", "Amazon", new BigDecimal(amount),
                new BigDecimal("50000000000.00"), TrancheKind.IMMEDIATE,
                TrancheState.FUNDED, "Series C Preferred", LocalDate.parse("2026-03-31"), null, null,
                new BigDecimal(amount), LocalDate.parse("2026-03-20"), null, version);
    }

    static Map<String, byte[]> headers(TrancheEventType type, String subject, String body) {
        return new HashMap<>(new CloudEvent("e-1", type.ceType(), "/investment-service", subject,
                OffsetDateTime.parse("2026-03-20T10:00:00Z"), body).headers());
    }

    @Test
    void readsAWellFormedTrancheEvent() {
        String body = EventJson.write(funded("amazon-t1", "15000000000.00", 2));
        TrancheEventReader.TrancheEvent event = TrancheEventReader.read("amazon-t1",
                headers(TrancheEventType.FUNDED, "amazon-t1", body)::get, body);
        assertEquals(TrancheEventType.FUNDED, event.type());
        assertEquals(2, event.tranche().version());
        assertEquals("e-1", event.cloudEvent().id());
    }

    @Test
    void aRecordPublishedBeforeTheCommitmentFieldIsReadWithoutOne() {
        String body = EventJson.write(funded("amazon-t1", "15000000000.00", 2))
                .replace("\"investorCommitment\":50000000000.00,", "");
        TrancheEventReader.TrancheEvent event = TrancheEventReader.read("amazon-t1",
                headers(TrancheEventType.FUNDED, "amazon-t1", body)::get, body);
        assertNull(event.tranche().investorCommitment());
        assertEquals(new BigDecimal("15000000000.00"), event.tranche().fundedAmount());
    }

    @Test
    void poisonMessagesAreRefusedWithTheirReasonAndItsKind() {
        String body = EventJson.write(funded("amazon-t1", "15000000000.00", 2));
        assertPoison("no ce_specversion", DeadLetterReason.NOT_A_CLOUD_EVENT, "amazon-t1", new HashMap<>(), body);
        assertPoison("unknown ce_type", DeadLetterReason.UNKNOWN_TYPE, "amazon-t1",
                headersWithType("investment.tranche.gifted.v1", body), body);
        assertPoison("not a valid TrancheSnapshot", DeadLetterReason.UNREADABLE_BODY, "amazon-t1",
                headers(TrancheEventType.FUNDED, "amazon-t1", "{oops"), "{oops");
        assertPoison("is not the body's trancheId", DeadLetterReason.INCONSISTENT, "amazon-t2",
                headers(TrancheEventType.FUNDED, "amazon-t2", body), body);
        assertPoison("record key 'other'", DeadLetterReason.INCONSISTENT, "other", headers(TrancheEventType.FUNDED, "amazon-t1", body), body);
        assertPoison("cannot carry a tranche in state FUNDED", DeadLetterReason.INCONSISTENT, "amazon-t1",
                headers(TrancheEventType.OBLIGATED, "amazon-t1", body), body);
        String fraction = EventJson.write(funded("amazon-t1", "0.001", 2));
        assertPoison("not a USD amount", DeadLetterReason.INCONSISTENT, "amazon-t1", headers(TrancheEventType.FUNDED, "amazon-t1", fraction), fraction);
        String commitmentFraction = body.replace("\"investorCommitment\":50000000000.00",
                "\"investorCommitment\":50000000000.001");
        assertPoison("field 'investorCommitment' is not a USD amount", DeadLetterReason.INCONSISTENT, "amazon-t1",
                headers(TrancheEventType.FUNDED, "amazon-t1", commitmentFraction), commitmentFraction);
        String belowAmount = body.replace("\"investorCommitment\":50000000000.00",
                "\"investorCommitment\":14999999999.99");
        assertPoison("field 'investorCommitment' is less than 'amount'", DeadLetterReason.UNREADABLE_BODY, "amazon-t1",
                headers(TrancheEventType.FUNDED, "amazon-t1", belowAmount), belowAmount);
    }

    private static Map<String, byte[]> headersWithType(String type, String body) {
        Map<String, byte[]> h = headers(TrancheEventType.FUNDED, "amazon-t1", body);
        h.put(CloudEvent.H_TYPE, type.getBytes(StandardCharsets.UTF_8));
        return h;
    }

    private static void assertPoison(String reason, DeadLetterReason kind, String key, Map<String, byte[]> headers,
            String body) {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> TrancheEventReader.read(key, headers::get, body));
        assertTrue(e.getMessage().contains(reason), () -> "expected '" + reason + "' in: " + e.getMessage());
        assertEquals(kind, ((TrancheEventReader.PoisonRecord) e).reason(), reason);
    }
}
