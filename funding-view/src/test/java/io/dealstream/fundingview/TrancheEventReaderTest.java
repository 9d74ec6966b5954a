package io.dealstream.fundingview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.EventJson;
import io.dealstream.events.InvalidEventException;
import io.dealstream.events.round.RoundCommitment;
import io.dealstream.events.round.RoundEventType;
import io.dealstream.events.round.RoundSnapshot;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.events.tranche.TrancheState;
import io.dealstream.fundingview.TrancheEventReader.RoundEvent;
import io.dealstream.fundingview.TrancheEventReader.TrancheEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrancheEventReaderTest {

    static final String ROUND = "openai-2026";

    static final RoundSnapshot DEAL = new RoundSnapshot(ROUND, "OpenAI 2026 funding round",
            new BigDecimal("110000000000.00"), new BigDecimal("730000000000.00"), LocalDate.parse("2026-02-26"),
            List.of(new RoundCommitment("Amazon", new BigDecimal("50000000000.00"))));

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
        TrancheEvent event = assertInstanceOf(TrancheEvent.class, TrancheEventReader.read(ROUND,
                headers(TrancheEventType.FUNDED, "amazon-t1", body)::get, body));
        assertEquals(TrancheEventType.FUNDED, event.type());
        assertEquals(2, event.tranche().version());
        assertEquals("e-1", event.cloudEvent().id());
    }

    @Test
    void readsARoundsOpeningKeyedAndAboutTheRound() {
        String body = EventJson.write(DEAL);
        RoundEvent event = assertInstanceOf(RoundEvent.class, TrancheEventReader.read(ROUND,
                opening(ROUND, body)::get, body));
        assertEquals(DEAL, event.round());
        assertEquals(ROUND, event.roundId());
        assertEquals(1, event.version(), "a round's one version");
        assertEquals("RoundOpened", event.eventName());
        assertEquals("round=openai-2026 investors=1", event.describe());
    }

    @Test
    void aRoundsOpeningThatIsNoRoundOrNotWhereItsRoundIsIsPoison() {
        String body = EventJson.write(DEAL);
        assertPoison("body is not a valid RoundSnapshot: missing field 'openedOn'", DeadLetterReason.UNREADABLE_BODY,
                ROUND, opening(ROUND, body.replace("\"openedOn\":\"2026-02-26\",", "")),
                body.replace("\"openedOn\":\"2026-02-26\",", ""));
        String tranche = EventJson.write(funded("amazon-t1", "15000000000.00", 2));
        assertPoison("body is not a valid RoundSnapshot", DeadLetterReason.UNREADABLE_BODY, ROUND,
                opening(ROUND, tranche), tranche);
        assertPoison("ce_subject 'openai-2027' is not the body's roundId 'openai-2026'", DeadLetterReason.INCONSISTENT,
                ROUND, opening("openai-2027", body), body);
        assertPoison("record key 'amazon-t1' is not the body's roundId 'openai-2026'", DeadLetterReason.INCONSISTENT,
                "amazon-t1", opening(ROUND, body), body);
    }

    @Test
    void aRecordPublishedBeforeTheCommitmentFieldIsReadWithoutOne() {
        String body = EventJson.write(funded("amazon-t1", "15000000000.00", 2))
                .replace("\"investorCommitment\":50000000000.00,", "");
        TrancheEvent event = assertInstanceOf(TrancheEvent.class, TrancheEventReader.read(ROUND,
                headers(TrancheEventType.FUNDED, "amazon-t1", body)::get, body));
        assertNull(event.tranche().investorCommitment());
        assertEquals(new BigDecimal("15000000000.00"), event.tranche().fundedAmount());
    }

    @Test
    void poisonMessagesAreRefusedWithTheirReasonAndItsKind() {
        String body = EventJson.write(funded("amazon-t1", "15000000000.00", 2));
        assertPoison("no ce_specversion", DeadLetterReason.NOT_A_CLOUD_EVENT, ROUND, new HashMap<>(), body);
        assertPoison("unknown ce_type 'investment.tranche.gifted.v1'; expected one of: investment.round.opened.v1,"
                + " investment.tranche.committed.v1", DeadLetterReason.UNKNOWN_TYPE, ROUND,
                headersWithType("investment.tranche.gifted.v1", body), body);
        assertPoison("not a valid TrancheSnapshot", DeadLetterReason.UNREADABLE_BODY, ROUND,
                headers(TrancheEventType.FUNDED, "amazon-t1", "{oops"), "{oops");
        assertPoison("is not the body's trancheId", DeadLetterReason.INCONSISTENT, ROUND,
                headers(TrancheEventType.FUNDED, "amazon-t2", body), body);
        assertPoison("record key 'other' is not the body's roundId 'openai-2026'", DeadLetterReason.INCONSISTENT,
                "other", headers(TrancheEventType.FUNDED, "amazon-t1", body), body);
        assertPoison("record key 'amazon-t1' is not the body's roundId 'openai-2026'", DeadLetterReason.INCONSISTENT,
                "amazon-t1", headers(TrancheEventType.FUNDED, "amazon-t1", body), body);
        assertPoison("cannot carry a tranche in state FUNDED", DeadLetterReason.INCONSISTENT, ROUND,
                headers(TrancheEventType.OBLIGATED, "amazon-t1", body), body);
        String fraction = body.replace("\"amount\":15000000000.00", "\"amount\":15000000000.001");
        assertPoison("field 'amount' is not a USD amount", DeadLetterReason.UNREADABLE_BODY, ROUND,
                headers(TrancheEventType.FUNDED, "amazon-t1", fraction), fraction);
        String commitmentFraction = body.replace("\"investorCommitment\":50000000000.00",
                "\"investorCommitment\":50000000000.001");
        assertPoison("field 'investorCommitment' is not a USD amount", DeadLetterReason.UNREADABLE_BODY, ROUND,
                headers(TrancheEventType.FUNDED, "amazon-t1", commitmentFraction), commitmentFraction);
        String belowAmount = body.replace("\"investorCommitment\":50000000000.00",
                "\"investorCommitment\":14999999999.99");
        assertPoison("field 'investorCommitment' is less than 'amount'", DeadLetterReason.UNREADABLE_BODY, ROUND,
                headers(TrancheEventType.FUNDED, "amazon-t1", belowAmount), belowAmount);
    }

    @Test
    void recordsBeyondTheContractsLimitsAreRefusedAsInvestmentServiceWouldRefuseToWriteThem() {
        String body = EventJson.write(funded("amazon-t1", "15000000000.00", 2));
        Map<String, byte[]> longId = headers(TrancheEventType.FUNDED, "amazon-t1", body);
        longId.put(CloudEvent.H_ID, "e".repeat(300).getBytes(StandardCharsets.UTF_8));
        assertPoison("header ce_id is longer than 64 characters", DeadLetterReason.NOT_A_CLOUD_EVENT, ROUND,
                longId, body);
        Map<String, byte[]> farFuture = headers(TrancheEventType.FUNDED, "amazon-t1", body);
        farFuture.put(CloudEvent.H_TIME, "+300000-01-01T00:00:00Z".getBytes(StandardCharsets.UTF_8));
        assertPoison("ce_time +300000-01-01T00:00Z is not between 2000-01-01 and 2199-12-31",
                DeadLetterReason.NOT_A_CLOUD_EVENT, ROUND, farFuture, body);
        Map<String, byte[]> nulType = headers(TrancheEventType.FUNDED, "amazon-t1", body);
        nulType.put(CloudEvent.H_SOURCE, "/investment-service\u0000".getBytes(StandardCharsets.UTF_8));
        assertPoison("header ce_source must not contain control characters or line breaks; found U+0000",
                DeadLetterReason.NOT_A_CLOUD_EVENT, ROUND, nulType, body);

        String longTranche = "t".repeat(303);
        String longBody = body.replace("amazon-t1", longTranche);
        assertPoison("header ce_subject is longer than 64 characters", DeadLetterReason.NOT_A_CLOUD_EVENT, longTranche,
                headers(TrancheEventType.FUNDED, "amazon-t1", longBody, longTranche), longBody);
        String nulTranche = "amazon-t1\u0000";
        String nulBody = body.replace("amazon-t1", "amazon-t1\\u0000");
        assertPoison("header ce_subject must not contain control characters", DeadLetterReason.NOT_A_CLOUD_EVENT,
                nulTranche, headers(TrancheEventType.FUNDED, "amazon-t1", nulBody, nulTranche), nulBody);
        String slashBody = body.replace("amazon-t1", "amazon/t1");
        assertPoison("field 'trancheId' must be letters, digits, '.', '_' or '-'", DeadLetterReason.UNREADABLE_BODY,
                "amazon/t1", headers(TrancheEventType.FUNDED, "amazon/t1", slashBody), slashBody);
        String nulInvestor = body.replace("\"Amazon\"", "\"Ama\\u0000zon\"");
        assertPoison("field 'investor' must not contain control characters or line breaks; found U+0000",
                DeadLetterReason.UNREADABLE_BODY, ROUND, headers(TrancheEventType.FUNDED, "amazon-t1", nulInvestor),
                nulInvestor);
        String farDate = body.replace("\"fundedOn\":\"2026-03-20\"", "\"fundedOn\":\"+300000-03-20\"");
        assertPoison("field 'fundedOn' is +300000-03-20, not between 2000-01-01 and 2199-12-31",
                DeadLetterReason.UNREADABLE_BODY, ROUND, headers(TrancheEventType.FUNDED, "amazon-t1", farDate),
                farDate);
        String hugeAmount = body.replace("\"amount\":15000000000.00", "\"amount\":1" + "0".repeat(20));
        assertPoison("field 'amount' is not a USD amount of at most 17 digits and cents",
                DeadLetterReason.UNREADABLE_BODY, ROUND, headers(TrancheEventType.FUNDED, "amazon-t1", hugeAmount),
                hugeAmount);
    }

    @Test
    void aFundedSnapshotMustCarryItsWholeAmountAsFundedAndAnyOtherNone() {
        String body = EventJson.write(funded("amazon-t1", "15000000000.00", 2));
        String short1 = body.replace("\"fundedAmount\":15000000000.00", "\"fundedAmount\":1.00");
        assertPoison("field 'fundedAmount' is 1.00 in state FUNDED: it must be 'amount' (15000000000.00)",
                DeadLetterReason.UNREADABLE_BODY, ROUND, headers(TrancheEventType.FUNDED, "amazon-t1", short1),
                short1);
        String committed = body.replace("\"state\":\"FUNDED\"", "\"state\":\"COMMITTED\"");
        assertPoison("field 'fundedAmount' is 15000000000.00 in state COMMITTED: it must be 0",
                DeadLetterReason.UNREADABLE_BODY, ROUND,
                headers(TrancheEventType.COMMITTED, "amazon-t1", committed), committed);
    }

    /** Headers of a RoundOpened about {@code subject}. */
    private static Map<String, byte[]> opening(String subject, String body) {
        return new HashMap<>(new CloudEvent("r-1", RoundEventType.OPENED.ceType(), "/investment-service", subject,
                OffsetDateTime.parse("2026-02-26T10:00:00Z"), body).headers());
    }

    /** Headers of an event about {@code subject}, whose body names {@code bodyId}: both as a forger would write. */
    private static Map<String, byte[]> headers(TrancheEventType type, String bodyId, String body, String subject) {
        Map<String, byte[]> h = headers(type, bodyId, body);
        h.put(CloudEvent.H_SUBJECT, subject.getBytes(StandardCharsets.UTF_8));
        return h;
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
