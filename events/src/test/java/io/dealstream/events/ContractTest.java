package io.dealstream.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.capacity.CapacityEventType;
import io.dealstream.events.right.RightEventType;
import io.dealstream.events.round.RoundEventType;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.events.tranche.TrancheState;
import io.dealstream.events.tranche.Trigger;
import io.dealstream.events.tranche.TriggerType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ContractTest {

    static final TrancheSnapshot T2 = new TrancheSnapshot("amazon-t2", "openai-2026", "Amazon",
            new BigDecimal("35000000000.00"), new BigDecimal("50000000000.00"), TrancheKind.CONTINGENT, TrancheState.OBLIGATED, null, null,
            LocalDate.parse("2028-12-31"),
            new Trigger(TriggerType.CONFIDENTIAL_IPO_FILING, LocalDate.parse("2026-11-02"),
                    LocalDate.parse("2027-01-31")),
            BigDecimal.ZERO, null, null, 2);

    @Test
    void cloudEventSurvivesTheHeaderRoundTrip() {
        CloudEvent sent = new CloudEvent("0b9c", "investment.tranche.funded.v1", "/investment-service/tranches",
                "amazon-t1", OffsetDateTime.of(2026, 3, 31, 9, 0, 0, 0, ZoneOffset.ofHours(2)), "{\"a\":1}");
        Map<String, byte[]> headers = sent.headers();
        assertEquals("1.0", new String(headers.get("ce_specversion"), StandardCharsets.UTF_8));
        assertEquals("2026-03-31T07:00:00Z", new String(headers.get("ce_time"), StandardCharsets.UTF_8));
        assertEquals("application/json", new String(headers.get("content-type"), StandardCharsets.UTF_8));

        CloudEvent received = CloudEvent.fromKafka(headers::get, "{\"a\":1}");
        assertEquals(sent, received);
    }

    @Test
    void recordsThatAreNotCloudEventsAreRefusedWithAReason() {
        Map<String, byte[]> none = new HashMap<>();
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> CloudEvent.fromKafka(none::get, "{}"));
        assertTrue(e.getMessage().contains("ce_specversion"), e.getMessage());

        Map<String, byte[]> noId = sampleHeaders();
        noId.remove("ce_id");
        e = assertThrows(InvalidEventException.class, () -> CloudEvent.fromKafka(noId::get, "{}"));
        assertTrue(e.getMessage().contains("ce_id"), e.getMessage());

        Map<String, byte[]> badTime = sampleHeaders();
        badTime.put("ce_time", "yesterday".getBytes(StandardCharsets.UTF_8));
        e = assertThrows(InvalidEventException.class, () -> CloudEvent.fromKafka(badTime::get, "{}"));
        assertTrue(e.getMessage().contains("ce_time"), e.getMessage());

        Map<String, byte[]> ok = sampleHeaders();
        e = assertThrows(InvalidEventException.class, () -> CloudEvent.fromKafka(ok::get, " "));
        assertTrue(e.getMessage().contains("empty body"), e.getMessage());
    }

    @Test
    void aStructuredModeRecordIsRefusedNamingTheModeTheContractTakes() {
        Map<String, byte[]> structured = new HashMap<>();
        structured.put("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> CloudEvent.fromKafka(structured::get,
                "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"type\":\"investment.tranche.funded.v1\"}"));
        assertEquals("a structured-mode CloudEvent (content-type 'application/cloudevents+json; charset=UTF-8'): the "
                + "contract takes binary mode only, the attributes as ce_* headers and the JSON body as the value",
                e.getMessage());
    }

    @Test
    void trancheSnapshotKeepsMoneyExactAndPlain() {
        String json = EventJson.write(T2);
        assertTrue(json.contains("\"amount\":35000000000.00"), json);
        assertTrue(json.contains("\"expiresOn\":\"2028-12-31\""), json);
        assertEquals(T2, EventJson.read(json, TrancheSnapshot.class));

        String cents = json.replace("35000000000.00", "35000000000.01");
        assertEquals(new BigDecimal("35000000000.01"), EventJson.read(cents, TrancheSnapshot.class).amount());
    }

    @Test
    void bodiesThatDoNotParseOrLackFieldsAreInvalidEvents() {
        assertThrows(InvalidEventException.class, () -> EventJson.read("not json", TrancheSnapshot.class));
        assertThrows(InvalidEventException.class, () -> EventJson.read("null", TrancheSnapshot.class));
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventJson.read(EventJson.write(T2).replace("\"trancheId\":\"amazon-t2\",", ""),
                        TrancheSnapshot.class));
        assertTrue(e.getMessage().contains("trancheId"), e.getMessage());
        assertThrows(InvalidEventException.class,
                () -> EventJson.read(EventJson.write(T2).replace("\"OBLIGATED\"", "\"MAYBE\""), TrancheSnapshot.class));
        e = assertThrows(InvalidEventException.class,
                () -> EventJson.read(EventJson.write(T2).replace("\"2028-12-31\"", "20281231"), TrancheSnapshot.class));
        assertTrue(e.getMessage().contains("LocalDate"), e.getMessage());
    }

    @Test
    void eventTypesAreFoundByTheirCloudEventType() {
        assertEquals(TrancheEventType.FUNDED,
                EventType.fromCeType("investment.tranche.funded.v1", List.of(TrancheEventType.values())));
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventType.fromCeType("investment.tranche.gifted.v1", List.of(TrancheEventType.values())));
        assertTrue(e.getMessage().contains("investment.tranche.committed.v1"), e.getMessage());
        assertEquals(TrancheEventType.COMMITTED, TrancheEventType.enteringState(TrancheState.CONTINGENT));
    }

    @Test
    void theTrancheCarriesItsInvestorsCommitmentInTheRound() {
        String json = EventJson.write(T2);
        assertTrue(json.contains("\"investorCommitment\":50000000000.00"), json);
        assertEquals(new BigDecimal("50000000000.00"), EventJson.read(json, TrancheSnapshot.class).investorCommitment());

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventJson.read(
                json.replace("\"investorCommitment\":50000000000.00", "\"investorCommitment\":34999999999.99"),
                TrancheSnapshot.class));
        assertTrue(e.getMessage().contains("field 'investorCommitment' is less than 'amount'"), e.getMessage());
    }

    @Test
    void aTrancheRecordPublishedBeforeTheCommitmentFieldIsStillReadWithoutIt() {
        String before = EventJson.write(T2).replace("\"investorCommitment\":50000000000.00,", "");
        TrancheSnapshot read = EventJson.read(before, TrancheSnapshot.class);
        assertNull(read.investorCommitment());
        assertEquals(new BigDecimal("35000000000.00"), read.amount());
        assertEquals(TrancheState.OBLIGATED, read.state());
        assertEquals(2, read.version());
    }

    @Test
    void everyEventTypeKeepsItsNamesOnTheWire() {
        List<String> names = Stream.of(RoundEventType.values(), TrancheEventType.values(), CapacityEventType.values(),
                        RightEventType.values())
                .flatMap(Arrays::stream)
                .map(t -> t.eventName() + " " + t.ceType() + " " + t.topic() + " " + t.body().getSimpleName())
                .toList();
        assertEquals(List.of(
                "RoundOpened investment.round.opened.v1 investment.tranche-events RoundSnapshot",
                "TrancheCommitted investment.tranche.committed.v1 investment.tranche-events TrancheSnapshot",
                "TrancheObligated investment.tranche.obligated.v1 investment.tranche-events TrancheSnapshot",
                "TrancheFunded investment.tranche.funded.v1 investment.tranche-events TrancheSnapshot",
                "TrancheExpired investment.tranche.expired.v1 investment.tranche-events TrancheSnapshot",
                "CapacityReleased compute.capacity.released.v1 compute.capacity-events CapacitySnapshot",
                "CapacityLapsed compute.capacity.lapsed.v1 compute.capacity-events CapacitySnapshot",
                "RightActivated distribution.right.activated.v1 distribution.rights-events RightSnapshot",
                "RightLapsed distribution.right.lapsed.v1 distribution.rights-events RightSnapshot"), names);
    }

    @Test
    void aTextLongerThanTheLimitsTheApiKeepsIsNotAnEvent() {
        String json = EventJson.write(T2);
        String longestId = "t".repeat(Limits.ID);
        assertEquals(longestId, EventJson.read(json.replace("amazon-t2", longestId), TrancheSnapshot.class).trancheId());

        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventJson.read(json.replace("amazon-t2", longestId + "t"), TrancheSnapshot.class));
        assertTrue(e.getMessage().endsWith("field 'trancheId' is longer than 64 characters"), e.getMessage());
        e = assertThrows(InvalidEventException.class, () -> EventJson.read(
                json.replace("\"Amazon\"", "\"" + "A".repeat(Limits.INVESTOR + 1) + "\""), TrancheSnapshot.class));
        assertTrue(e.getMessage().endsWith("field 'investor' is longer than 255 characters"), e.getMessage());
    }

    private static Map<String, byte[]> sampleHeaders() {
        return new HashMap<>(new CloudEvent("id-1", "t", "/s", "sub", OffsetDateTime.now(ZoneOffset.UTC), "{}").headers());
    }
}
