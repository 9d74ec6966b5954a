package io.dealstream.testsupport;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.EventJson;
import io.dealstream.events.Topics;
import io.dealstream.events.round.RoundCommitment;
import io.dealstream.events.round.RoundEventType;
import io.dealstream.events.round.RoundSnapshot;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.events.tranche.TrancheState;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The events of the tranche topic as investment-service publishes them: binary-mode CloudEvents keyed by round id, a
 * round's opening (RoundOpened, its body the round) before its tranches' changes (their body the tranche's snapshot with
 * its investor's commitment in the round, their subject the tranche id). A consumer takes a tranche only of a round it
 * has seen opened, in the same partition before it. Amazon's two tranches and the round are the deal's (docs/deal.md,
 * Investment): $15B immediate and $35B contingent of its $50B in the $110B round.
 */
public final class TrancheEvents {

    public static final String SOURCE = "/investment-service";
    public static final String ROUND = "openai-2026";
    public static final String AMAZON = "Amazon";
    public static final String T1 = "amazon-t1";
    public static final String T2 = "amazon-t2";
    public static final String T1_AMOUNT = "15000000000.00";
    public static final String T2_AMOUNT = "35000000000.00";
    public static final String AMAZON_COMMITMENT = "50000000000.00";
    public static final LocalDate T1_DUE = LocalDate.of(2026, 3, 31);
    public static final LocalDate T2_EXPIRES = LocalDate.of(2028, 12, 31);
    public static final String SECURITY = "Series C Preferred Stock";

    private TrancheEvents() {
    }

    /**
     * A tranche as committed (version 1): an immediate one COMMITTED and due on {@link #T1_DUE}, a contingent one
     * CONTINGENT and expiring on {@link #T2_EXPIRES}; {@code investorCommitment} is the investor's in the round.
     */
    public static TrancheSnapshot committed(String trancheId, String roundId, String investor, String amountUsd,
            TrancheKind kind, String investorCommitment) {
        boolean immediate = kind == TrancheKind.IMMEDIATE;
        return new TrancheSnapshot(trancheId, roundId, investor, new BigDecimal(amountUsd),
                new BigDecimal(investorCommitment), kind, immediate ? TrancheState.COMMITTED : TrancheState.CONTINGENT,
                SECURITY, immediate ? T1_DUE : null, immediate ? null : T2_EXPIRES, null, new BigDecimal("0.00"),
                null, null, 1);
    }

    /** Amazon's $15B immediate tranche of round {@code roundId}, as committed. */
    public static TrancheSnapshot amazonT1(String trancheId, String roundId) {
        return committed(trancheId, roundId, AMAZON, T1_AMOUNT, TrancheKind.IMMEDIATE, AMAZON_COMMITMENT);
    }

    /** Amazon's $35B contingent tranche of round {@code roundId}, as committed. */
    public static TrancheSnapshot amazonT2(String trancheId, String roundId) {
        return committed(trancheId, roundId, AMAZON, T2_AMOUNT, TrancheKind.CONTINGENT, AMAZON_COMMITMENT);
    }

    /** The tranche funded in full on {@code on}, one version on. */
    public static TrancheSnapshot funded(TrancheSnapshot before, LocalDate on) {
        return new TrancheSnapshot(before.trancheId(), before.roundId(), before.investor(), before.amount(),
                before.investorCommitment(), before.kind(), TrancheState.FUNDED, before.security(), before.dueOn(),
                before.expiresOn(), before.trigger(), before.amount(), on, null, before.version() + 1);
    }

    /** The contingent tranche expired unfunded, one version on; investment-service records the day after expiresOn. */
    public static TrancheSnapshot expired(TrancheSnapshot before) {
        return new TrancheSnapshot(before.trancheId(), before.roundId(), before.investor(), before.amount(),
                before.investorCommitment(), before.kind(), TrancheState.EXPIRED, before.security(), before.dueOn(),
                before.expiresOn(), before.trigger(), before.fundedAmount(), null, before.expiresOn().plusDays(1),
                before.version() + 1);
    }

    /** The tranche as published before the contract carried the investor's commitment. */
    public static TrancheSnapshot withoutCommitment(TrancheSnapshot tranche) {
        return new TrancheSnapshot(tranche.trancheId(), tranche.roundId(), tranche.investor(), tranche.amount(), null,
                tranche.kind(), tranche.state(), tranche.security(), tranche.dueOn(), tranche.expiresOn(),
                tranche.trigger(), tranche.fundedAmount(), tranche.fundedOn(), tranche.expiredOn(), tranche.version());
    }

    /** The deal's round as investment-service opens it: $110B at $730B pre-money; Amazon $50B, SoftBank and Nvidia $30B. */
    public static RoundSnapshot dealRound() {
        return new RoundSnapshot(ROUND, "OpenAI 2026 funding round", new BigDecimal("110000000000.00"),
                new BigDecimal("730000000000.00"), LocalDate.of(2026, 2, 26), List.of(
                        new RoundCommitment(AMAZON, new BigDecimal(AMAZON_COMMITMENT)),
                        new RoundCommitment("SoftBank", new BigDecimal("30000000000.00")),
                        new RoundCommitment("Nvidia", new BigDecimal("30000000000.00"))));
    }

    /**
     * The round of {@code tranches} (all of one round), listing their investors in the order they first come, each
     * committing what its tranches state (or, stating none, their amounts together); it raises what they commit.
     */
    public static RoundSnapshot roundOf(TrancheSnapshot... tranches) {
        Map<String, BigDecimal> seen = new LinkedHashMap<>();
        Map<String, BigDecimal> stated = new LinkedHashMap<>();
        for (TrancheSnapshot t : tranches) {
            seen.merge(t.investor(), t.amount(), BigDecimal::add);
            if (t.investorCommitment() != null) {
                stated.put(t.investor(), t.investorCommitment());
            }
        }
        List<RoundCommitment> investors = seen.keySet().stream()
                .map(investor -> new RoundCommitment(investor, stated.getOrDefault(investor, seen.get(investor))))
                .toList();
        BigDecimal amount = investors.stream().map(RoundCommitment::committed).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        return new RoundSnapshot(tranches[0].roundId(), "round " + tranches[0].roundId(), amount,
                new BigDecimal("1000000000.00"), LocalDate.of(2026, 1, 1), investors);
    }

    /** The event opening {@code round}, with a fresh ce_id. */
    public static CloudEvent opened(RoundSnapshot round) {
        return CloudEvent.create(RoundEventType.OPENED, SOURCE, round.roundId(), OffsetDateTime.now(ZoneOffset.UTC),
                EventJson.write(round));
    }

    /** The event announcing the tranche's state, with a fresh ce_id. */
    public static CloudEvent event(TrancheSnapshot tranche) {
        return CloudEvent.create(TrancheEventType.enteringState(tranche.state()), SOURCE, tranche.trancheId(),
                OffsetDateTime.now(ZoneOffset.UTC), EventJson.write(tranche));
    }

    /** The record investment-service's relay would send, to the partition of its key (its round). */
    public static ProducerRecord<String, String> record(CloudEvent event) {
        return record(event, null);
    }

    /** The record, to {@code partition}, to order it after the records there (null: the partition of its key). */
    public static ProducerRecord<String, String> record(CloudEvent event, Integer partition) {
        return new ProducerRecord<>(Topics.TRANCHE_EVENTS, partition, roundOf(event), event.data(), headers(event));
    }

    /** A record with the headers and key of {@code template} but a body that is no snapshot; its value is unique. */
    public static ProducerRecord<String, String> poison(CloudEvent template) {
        String value = "{\"poison\": \"" + UUID.randomUUID() + "\"";
        return new ProducerRecord<>(Topics.TRANCHE_EVENTS, null, roundOf(template), value, headers(template));
    }

    /** The record key of an event of the topic: the round it opens, or its tranche's round. */
    private static String roundOf(CloudEvent event) {
        return event.type().equals(RoundEventType.OPENED.ceType()) ? event.subject()
                : EventJson.read(event.data(), TrancheSnapshot.class).roundId();
    }

    private static RecordHeaders headers(CloudEvent event) {
        RecordHeaders headers = new RecordHeaders();
        event.headers().forEach(headers::add);
        return headers;
    }
}
