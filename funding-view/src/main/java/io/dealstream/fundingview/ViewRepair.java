package io.dealstream.fundingview;

import io.dealstream.events.Topics;
import io.dealstream.fundingview.TrancheEventReader.InvestmentEvent;
import io.dealstream.fundingview.TrancheEventReader.PoisonRecord;
import io.dealstream.fundingview.TrancheEventReader.TrancheEvent;
import io.dealstream.fundingview.ViewBatch.Step;
import io.dealstream.platform.log.LogSafe;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * The two repairs of the funding view. Re-drive: the records of the dead-letter topic that arrived since the last
 * re-drive go through the view again, once their cause is fixed; what is refused again goes back to the end of the
 * topic with its new reason. Rebuild: the view, the rounds it knows included, is emptied and
 * investment.tranche-events, which keeps every round's opening and every version, replayed from its start in one
 * transaction, announcing only where the partner's funding ends up other than it was.
 * One repair at a time in a process; the live consumer waits for a rebuild's commit and then finds its records
 * recorded.
 */
@ApplicationScoped
public class ViewRepair {

    /**
     * A record a repair went through and what became of it: an outcome, or refused with the reason.
     *
     * @param roundId the round the event opens or whose tranche it changes; null when the record reads as no event
     * @param trancheId the tranche it changes; null for a round's opening or a record that reads as no event
     */
    public record Redriven(String position, String ceId, String roundId, String trancheId, String outcome,
            String reason) {

        static Redriven of(String position, InvestmentEvent event, String outcome, String reason) {
            return new Redriven(position, event.cloudEvent().id(), event.roundId(),
                    event instanceof TrancheEvent changed ? changed.tranche().trancheId() : null, outcome, reason);
        }

        static Redriven unreadable(String position, PoisonRecord poison) {
            return new Redriven(position, null, null, null, Outcome.REFUSED.name(), poison.told());
        }
    }

    /** What a re-drive did: the records it read, each with its outcome, and where it will go on next time. */
    public record RedriveReport(String topic, int read, int applied, int failedAgain, List<Redriven> records,
            Map<Integer, Long> nextOffsets) {
    }

    /**
     * What a rebuild did: the records it replayed, the rounds and tranches the view ends with, and the records it
     * refused.
     */
    public record RebuildReport(String topic, int replayed, int rounds, int tranches, Map<String, Integer> outcomes,
            List<Redriven> refused) {
    }

    private static final Logger LOG = Logger.getLogger(ViewRepair.class);

    private final FundingProjection projection;
    private final DeadLetters deadLetters;
    private final TopicReader reader;
    private final PartnerFunding partnerFunding;
    private final EntityManager em;
    private final String deadLetterTopic;

    ViewRepair(FundingProjection projection, DeadLetters deadLetters, TopicReader reader,
            PartnerFunding partnerFunding, EntityManager em, FundingViewSettings settings) {
        this.projection = projection;
        this.deadLetters = deadLetters;
        this.reader = reader;
        this.partnerFunding = partnerFunding;
        this.em = em;
        this.deadLetterTopic = settings.deadLetterTopic();
    }

    /** Re-drives the dead-letter topic's records since the last re-drive, each in a transaction of its own. */
    public synchronized RedriveReport redrive() throws Exception {
        List<Redriven> done = new ArrayList<>();
        Map<Integer, Long> from = positions();
        Map<Integer, Long> next = new HashMap<>(from);
        reader.read(deadLetterTopic, deadLetterTopic + "-redrive", from, records -> {
            for (ConsumerRecord<String, String> record : records) {
                Redriven outcome = redriveOne(record);
                done.add(outcome);
                next.put(record.partition(), record.offset() + 1);
                savePosition(record.partition(), record.offset() + 1);
            }
        });
        int applied = (int) done.stream().filter(r -> r.reason() == null).count();
        LOG.infof("re-drove %d records of %s: %d went through, %d failed again", done.size(), deadLetterTopic,
                applied, done.size() - applied);
        return new RedriveReport(deadLetterTopic, done.size(), applied, done.size() - applied, done, next);
    }

    private Redriven redriveOne(ConsumerRecord<String, String> record) throws Exception {
        String position = original(record);
        InvestmentEvent event;
        try {
            event = TrancheEventReader.read(record);
        } catch (PoisonRecord poison) {
            deadLetters.send(record, poison.told());
            return Redriven.unreadable(position, poison);
        }
        Step step = projection.applyAll(List.of(event)).get(0);
        if (step.outcome() == Outcome.REFUSED) {
            String told = step.told();
            deadLetters.send(record, told);
            return Redriven.of(position, event, Outcome.REFUSED.name(), told);
        }
        LOG.infof("re-drove %s ce_id=%s %s: %s", position, LogSafe.of(event.cloudEvent().id()), event.describe(),
                step.outcome());
        return Redriven.of(position, event, step.outcome().name(), null);
    }

    /**
     * Empties the view and replays investment.tranche-events from its start, in one transaction (readers see the
     * view as it was until it commits); records the view refuses are reported, not dead-lettered again.
     */
    @Transactional(rollbackOn = Exception.class)
    @TransactionConfiguration(timeout = 1800)
    public synchronized RebuildReport rebuild() throws Exception {
        // writers (the live consumer, a re-drive) wait for the commit; plain reads go on
        em.createNativeQuery("lock table funding_view_tranche, funding_view_event, funding_view_round,"
                + " funding_view_round_investor in exclusive mode").executeUpdate();
        em.createNativeQuery("delete from funding_view_event").executeUpdate();
        em.createNativeQuery("delete from funding_view_tranche").executeUpdate();
        em.createNativeQuery("delete from funding_view_round_investor").executeUpdate();
        em.createNativeQuery("delete from funding_view_round").executeUpdate();
        Replay replay = new Replay();
        reader.read(Topics.TRANCHE_EVENTS, "funding-view-rebuild", Map.of(), replay);
        if (replay.lastOfPartner != null) {
            projection.announce(replay.lastOfPartner);
        }
        int rounds = count("funding_view_round");
        int tranches = count("funding_view_tranche");
        LOG.infof("rebuilt the funding view from %d records of %s: %d rounds, %d tranches, %s, %d refused",
                replay.replayed, Topics.TRANCHE_EVENTS, rounds, tranches, replay.outcomes, replay.refused.size());
        return new RebuildReport(Topics.TRANCHE_EVENTS, replay.replayed, rounds, tranches, replay.outcomes,
                replay.refused);
    }

    private int count(String table) {
        return ((Number) em.createNativeQuery("select count(*) from " + table).getSingleResult()).intValue();
    }

    /** A rebuild's replay, a poll at a time: the partner's changes fire nothing; what it did is counted. */
    private final class Replay implements TopicReader.Batch {

        final Map<String, Integer> outcomes = new HashMap<>();
        final List<Redriven> refused = new ArrayList<>();
        /** The partner's last applied event: what the end state is announced as caused by. */
        TrancheEvent lastOfPartner;
        int replayed;

        @Override
        public void accept(List<ConsumerRecord<String, String>> records) {
            List<InvestmentEvent> events = new ArrayList<>(records.size());
            List<ConsumerRecord<String, String>> readable = new ArrayList<>(records.size());
            for (ConsumerRecord<String, String> record : records) {
                replayed++;
                try {
                    events.add(TrancheEventReader.read(record));
                    readable.add(record);
                } catch (PoisonRecord poison) {
                    refused.add(Redriven.unreadable(TrancheEventReader.position(record), poison));
                }
            }
            List<Step> steps = events.isEmpty() ? List.of() : projection.applyAll(events, false);
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                outcomes.merge(step.outcome().name(), 1, Integer::sum);
                if (step.outcome() == Outcome.REFUSED) {
                    refused.add(Redriven.of(TrancheEventReader.position(readable.get(i)), step.event(),
                            step.outcome().name(), step.told()));
                } else if (step.outcome() == Outcome.APPLIED && step.event() instanceof TrancheEvent changed
                        && partnerFunding.counts(changed.tranche())) {
                    lastOfPartner = changed;
                }
            }
        }
    }

    @Transactional
    Map<Integer, Long> positions() {
        Map<Integer, Long> positions = new HashMap<>();
        for (Object row : em.createNativeQuery("select partition, next_offset from funding_view_redrive where topic = ?1")
                .setParameter(1, deadLetterTopic).getResultList()) {
            Object[] columns = (Object[]) row;
            positions.put(((Number) columns[0]).intValue(), ((Number) columns[1]).longValue());
        }
        return positions;
    }

    @Transactional
    void savePosition(int partition, long nextOffset) {
        em.createNativeQuery("insert into funding_view_redrive (topic, partition, next_offset) values (?1, ?2, ?3)"
                + " on conflict (topic, partition) do update set next_offset = excluded.next_offset")
                .setParameter(1, deadLetterTopic).setParameter(2, partition).setParameter(3, nextOffset)
                .executeUpdate();
    }

    /** Where a dead-lettered record first was, from its headers; else where it is. */
    private static String original(ConsumerRecord<String, String> record) {
        String topic = TrancheEventReader.header(record, DeadLetters.ORIGINAL_TOPIC);
        String partition = TrancheEventReader.header(record, DeadLetters.ORIGINAL_PARTITION);
        String offset = TrancheEventReader.header(record, DeadLetters.ORIGINAL_OFFSET);
        return topic == null ? TrancheEventReader.position(record) : topic + "-" + partition + "@" + offset;
    }
}
