package io.dealstream.bench;

import io.dealstream.launch.KafkaEndpoint;
import io.dealstream.testsupport.KafkaAccess;
import io.dealstream.events.CloudEvent;
import io.dealstream.events.EventJson;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.events.tranche.TrancheState;
import io.dealstream.launch.ClassPath;
import io.dealstream.launch.Service;
import io.dealstream.launch.Stack;
import io.dealstream.launch.StackConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The pipeline's own limit: the database and Kafka work the design needs per change, with plain JDBC and
 * kafka-clients in this process. A writer commits the tranche row and its outbox row in one transaction; a relay
 * reads unsent rows in order, sends them (acks=all, idempotent) and marks them sent in one statement; two consumers
 * (compute and distribution, each its own group and database) apply a polled batch in one transaction, dedupe by
 * event id and upsert the view under a version guard, and commit offsets after the database commit. Tables are
 * bare_* in the services' databases; the topic is {@value #TOPIC}.
 */
final class BarePipeline implements AutoCloseable {

    static final String TOPIC = "bench.bare-pipeline";
    /** Writer threads: a small pool, as the HTTP workers of investment-service. */
    static final int WRITERS = 8;
    /** The relay's batch, as dealstream.outbox.relay.batch-size. */
    static final int RELAY_BATCH = 500;
    private static final String SOURCE = "/investment-service";
    private static final BigDecimal AMOUNT = new BigDecimal(TrancheLoad.AMOUNT);
    /** Each load investor's commitment in its round, as TrancheLoad opens them: what a real snapshot states. */
    /** The schema the pipeline's tables live in, in each database: apart from the services' own. */
    static final String SCHEMA = "bare_pipeline";
    /** The services' own migrations, run in {@link #SCHEMA}: the tables, keys and indexes the services write. */
    static final List<String> SOURCE_MIGRATIONS = List.of(
            "platform/src/main/resources/db/platform/V1.0.0__outbox.sql",
            "platform/src/main/resources/db/platform/V2.2.0__outbox_traceparent.sql",
            "investment-service/src/main/resources/db/migration/V2__rounds_and_tranches.sql",
            "investment-service/src/main/resources/db/migration/V3__round_opened_on.sql",
            "platform/src/main/resources/db/platform/V3.1.0__outbox_subject.sql");
    static final List<String> VIEW_MIGRATIONS = List.of(
            "funding-view/src/main/resources/db/funding-view/V1.1.0__funding_view.sql",
            "funding-view/src/main/resources/db/funding-view/V2.1.0__funding_view_investor_commitment.sql");
    private static final BigDecimal COMMITMENT = AMOUNT.multiply(BigDecimal.valueOf(TrancheLoad.TRANCHES_PER_INVESTOR));
    /** The real relay takes an advisory lock per batch (one relay per database); this one takes its own key. */
    private static final long RELAY_LOCK = 0x0BA_4E0L;
    /** How often a consumer commits its offsets at most (the services' throttled channel commits on a timer too). */
    private static final Duration COMMIT_EVERY = Duration.ofMillis(100);

    /** A database and its login. */
    record Db(String url, String user, String password) {

        /** A connection whose unqualified tables are the bare pipeline's ({@link #SCHEMA}), out of autocommit. */
        Connection connect() throws SQLException {
            java.util.Properties login = new java.util.Properties();
            login.setProperty("user", user);
            login.setProperty("password", password);
            login.setProperty("currentSchema", SCHEMA);
            Connection c = DriverManager.getConnection(url, login);
            c.setAutoCommit(false);
            return c;
        }

        static Db of(Stack stack, Service service) {
            String db = stack.config().database(service);
            return new Db(stack.postgres().jdbcUrl(db), db, db);
        }
    }

    /** One phase: offered and achieved rate, commit-to-both-views propagation (ms), what was left unseen. */
    record Figures(String name, double offeredPerSecond, int sent, int errors, String firstError,
            double achievedPerSecond, Stats propagation, int unseen, double catchUpSeconds) {

        boolean sustained(double catchUpLimit) {
            return Steps.sustained(offeredPerSecond, errors, achievedPerSecond, unseen, catchUpSeconds, catchUpLimit);
        }

        Map<String, Object> toMap() {
            return Phase.outcome(offeredPerSecond, sent, achievedPerSecond, errors, firstError, "notAppliedByViews",
                    unseen, catchUpSeconds, propagation);
        }
    }

    private record Committed(String key, long nanos) {
    }

    private final Path projectRoot;
    /** as the admin: the bare pipeline's topic and groups are the bench's own */
    private final KafkaEndpoint kafka;
    private final Db source;
    private final Map<String, Db> views;
    private final int partitions;
    private final String runId = "bare" + Long.toString(System.currentTimeMillis(), 36);
    private final AtomicInteger phases = new AtomicInteger();
    /** Per consumer: when it committed each change (trancheId@version) to its view, System.nanoTime. */
    private final Map<String, Map<String, Long>> applied = new LinkedHashMap<>();
    private final Semaphore relayWake = new Semaphore(0);
    private final AtomicReference<String> problem = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<KafkaConsumer<?, ?>> consumers = new CopyOnWriteArrayList<>();
    private final List<Connection> writerConnections = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Connection> writerConnection = new ThreadLocal<>();
    private final ExecutorService writers = Executors.newFixedThreadPool(WRITERS, r -> {
        Thread t = new Thread(r, "bare-writer");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch assigned;
    private final String fundedOn = LocalDate.now(ZoneOffset.UTC).toString();
    private volatile boolean running = true;

    /**
     * @param source investment-service's database (tranche and outbox)
     * @param views the consumers' databases by name (compute, distribution)
     */
    BarePipeline(Path projectRoot, KafkaEndpoint kafka, Db source, Map<String, Db> views, int partitions) {
        this.projectRoot = projectRoot;
        this.kafka = kafka;
        this.source = source;
        this.views = views;
        this.partitions = partitions;
        this.assigned = new CountDownLatch(views.size());
        views.keySet().forEach(name -> applied.put(name, new ConcurrentHashMap<>()));
    }

    /** @param projectRoot the checkout, whose services' migrations make the tables */
    static BarePipeline on(Path projectRoot, Stack stack, int partitions) {
        Map<String, Db> views = new LinkedHashMap<>();
        for (Service s : Bench.VIEWS) {
            views.put(s.shortName(), Db.of(stack, s));
        }
        return new BarePipeline(projectRoot, stack.kafka().client(KafkaAccess.ADMIN),
                Db.of(stack, Service.INVESTMENT), views, partitions);
    }

    /** Creates the tables and the topic, starts the relay and the consumers, waits until both are assigned. */
    BarePipeline start() throws Exception {
        createSchema();
        createTopic();
        Thread relay = new Thread(this::relay, "bare-relay");
        threads.add(relay);
        for (Map.Entry<String, Db> view : views.entrySet()) {
            threads.add(new Thread(() -> consume(view.getKey(), view.getValue()), "bare-consumer-" + view.getKey()));
        }
        threads.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });
        if (!assigned.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the bare pipeline's consumers got no partitions within 60 s: "
                    + problem.get());
        }
        return this;
    }

    /** The last failure of the relay or a consumer (null if none). */
    String problem() {
        return problem.get();
    }

    /** The schema, made afresh in each database by the services' own migrations. */
    private void createSchema() throws SQLException, IOException {
        migrate(source, SOURCE_MIGRATIONS);
        for (Db view : views.values()) {
            migrate(view, VIEW_MIGRATIONS);
        }
    }

    private void migrate(Db db, List<String> migrations) throws SQLException, IOException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("drop schema if exists " + SCHEMA + " cascade");
            st.execute("create schema " + SCHEMA);
            for (String migration : migrations) {
                st.execute(Files.readString(projectRoot.resolve(migration)));
            }
            c.commit();
        }
    }

    private void createTopic() throws Exception {
        try (Admin admin = Admin.create(kafka.properties("bench-bare-admin"))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    // ---- the writers: one transaction per change, as investment-service's request does ----

    private Connection writerConnection() throws SQLException {
        Connection c = writerConnection.get();
        if (c == null) {
            c = source.connect();
            writerConnection.set(c);
            writerConnections.add(c);
        }
        return c;
    }

    /** Commits a tranche (version 1) and its event; returns when the commit returned. */
    private void commitTranche(String trancheId, String roundId, String investor) throws SQLException {
        Connection c = writerConnection();
        try (PreparedStatement insert = c.prepareStatement("insert into tranche (id, round_id, investor,"
                + " amount, kind, state, funded_amount, version) values (?, ?, ?, ?, ?, ?, 0, 1)")) {
            insert.setString(1, trancheId);
            insert.setString(2, roundId);
            insert.setString(3, investor);
            insert.setBigDecimal(4, AMOUNT);
            insert.setString(5, TrancheKind.IMMEDIATE.name());
            insert.setString(6, TrancheState.COMMITTED.name());
            insert.executeUpdate();
            outbox(c, TrancheEventType.COMMITTED, new TrancheSnapshot(trancheId, roundId, investor, AMOUNT,
                    COMMITMENT, TrancheKind.IMMEDIATE, TrancheState.COMMITTED, null, null, null, null, BigDecimal.ZERO,
                    null, null, 1));
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** Funds it (version 2) and records its event. */
    private void fundTranche(String trancheId, String roundId, String investor) throws SQLException {
        Connection c = writerConnection();
        try (PreparedStatement update = c.prepareStatement("update tranche set state = ?, funded_amount = ?,"
                + " funded_on = ?, version = 2 where id = ? and version = 1")) {
            update.setString(1, TrancheState.FUNDED.name());
            update.setBigDecimal(2, AMOUNT);
            update.setObject(3, LocalDate.parse(fundedOn));
            update.setString(4, trancheId);
            if (update.executeUpdate() != 1) {
                throw new SQLException("tranche " + trancheId + " is not at version 1");
            }
            outbox(c, TrancheEventType.FUNDED, new TrancheSnapshot(trancheId, roundId, investor, AMOUNT,
                    COMMITMENT, TrancheKind.IMMEDIATE, TrancheState.FUNDED, null, null, null, null, AMOUNT,
                    LocalDate.parse(fundedOn), null, 2));
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** The tranche's event, about the tranche and keyed by its round, as investment-service records it. */
    private static void outbox(Connection c, TrancheEventType type, TrancheSnapshot snapshot) throws SQLException {
        CloudEvent event = CloudEvent.create(type, SOURCE, snapshot.trancheId(), OffsetDateTime.now(ZoneOffset.UTC),
                EventJson.write(snapshot));
        try (PreparedStatement insert = c.prepareStatement("insert into outbox_event (event_id, topic,"
                + " event_key, subject, ce_type, ce_source, ce_time, payload) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, java.util.UUID.fromString(event.id()));
            insert.setString(2, TOPIC);
            insert.setString(3, snapshot.roundId());
            insert.setString(4, event.subject());
            insert.setString(5, event.type());
            insert.setString(6, event.source());
            insert.setObject(7, event.time());
            insert.setString(8, event.data());
            insert.executeUpdate();
        }
    }

    // ---- the relay ----

    private void relay() {
        Properties p = Floor.producerSettings(kafka, "bench-bare-relay");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer()); Connection c = source.connect()) {
            while (running) {
                relayWake.drainPermits();
                int sent;
                try {
                    sent = relayBatch(c, producer);
                    c.commit();
                } catch (SQLException | ExecutionException | java.util.concurrent.TimeoutException e) {
                    problem.set("relay: " + e);
                    c.rollback();
                    LockSupport.parkNanos(100_000_000L);
                    continue;
                }
                if (sent < RELAY_BATCH) {
                    // woken by a writer's commit, as the real relay is after commit; else it looks again in 1 s
                    relayWake.tryAcquire(1, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (running) {
                problem.set("relay stopped: " + e);
            }
        }
    }

    private static int relayBatch(Connection c, KafkaProducer<String, String> producer)
            throws SQLException, InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        try (PreparedStatement lock = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return 0;
                }
            }
        }
        List<Long> seqs = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("select seq, event_id, topic, event_key, subject, ce_type,"
                + " ce_source, ce_time, payload from outbox_event where sent_at is null order by seq limit ?")) {
            select.setInt(1, RELAY_BATCH);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                    CloudEvent event = new CloudEvent(rs.getString(2), rs.getString(6), rs.getString(7),
                            rs.getString(5), rs.getObject(8, OffsetDateTime.class), rs.getString(9));
                    ProducerRecord<String, String> record = new ProducerRecord<>(rs.getString(3), rs.getString(4),
                            event.data());
                    event.headers().forEach((name, value) -> record.headers().add(new RecordHeader(name, value)));
                    acks.add(producer.send(record));
                }
            }
        }
        if (seqs.isEmpty()) {
            return 0;
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(20, TimeUnit.SECONDS);
        }
        try (PreparedStatement mark = c.prepareStatement(
                "update outbox_event set sent_at = ? where seq = any (?)")) {
            mark.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
            mark.setArray(2, c.createArrayOf("bigint", seqs.toArray()));
            mark.executeUpdate();
        }
        return seqs.size();
    }

    // ---- the consumers ----

    private void consume(String name, Db db) {
        Properties p = kafka.properties("bench-bare-" + name);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-bare-" + name + "-" + runId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Long> seen = applied.get(name);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer()); Connection c = db.connect()) {
            consumers.add(consumer);
            boolean[] counted = {false};
            consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty() && !counted[0]) {
                        counted[0] = true;
                        assigned.countDown();
                    }
                }
            });
            Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
            AtomicBoolean committing = new AtomicBoolean();
            long lastCommit = 0;
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                List<String> keys;
                while (true) {
                    try {
                        keys = apply(c, records);
                        c.commit();
                        break;
                    } catch (SQLException | RuntimeException e) {
                        // retried in place: skipping a batch would lose it
                        problem.set("consumer " + name + ": " + e);
                        c.rollback();
                        if (!running) {
                            return;
                        }
                        LockSupport.parkNanos(100_000_000L);
                    }
                }
                for (TopicPartition tp : records.partitions()) {
                    List<ConsumerRecord<String, String>> part = records.records(tp);
                    uncommitted.put(tp, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
                }
                // throttled, as the services' channel commits: one commit in flight at a time, at most every
                // COMMIT_EVERY; a commit per batch at thousands of batches a second only queues up in the client
                if (!committing.get() && System.nanoTime() - lastCommit >= COMMIT_EVERY.toNanos()) {
                    committing.set(true);
                    lastCommit = System.nanoTime();
                    consumer.commitAsync(new HashMap<>(uncommitted), (done, error) -> {
                        committing.set(false);
                        if (error != null) {
                            problem.set("consumer " + name + ": offset commit failed: " + error);
                        }
                    });
                    uncommitted.clear();
                }
                long now = System.nanoTime();
                keys.forEach(k -> seen.putIfAbsent(k, now));
            }
        } catch (WakeupException e) {
            // closing
        } catch (Exception e) {
            if (running) {
                problem.set("consumer " + name + " stopped: " + e);
            }
        }
    }

    /** The batch in one transaction: each event id recorded once, the view upserted unless it holds a newer version. */
    private static List<String> apply(Connection c, ConsumerRecords<String, String> records) throws SQLException {
        List<TrancheSnapshot> snapshots = new ArrayList<>(records.count());
        List<String[]> attributes = new ArrayList<>(records.count());
        List<String> keys = new ArrayList<>(records.count());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement insert = c.prepareStatement("insert into funding_view_event (event_id, ce_type, subject,"
                + " version, outcome, event_time, applied_at) values (?, ?, ?, ?, 'APPLIED', ?, ?)"
                + " on conflict (event_id) do nothing")) {
            for (ConsumerRecord<String, String> r : records) {
                String id = header(r, CloudEvent.H_ID);
                String type = header(r, CloudEvent.H_TYPE);
                OffsetDateTime time = OffsetDateTime.parse(header(r, CloudEvent.H_TIME));
                TrancheSnapshot s = EventJson.read(r.value(), TrancheSnapshot.class);
                snapshots.add(s);
                attributes.add(new String[] {id, type});
                keys.add(TrancheLoad.key(s.trancheId(), s.version()));
                insert.setString(1, id);
                insert.setString(2, type);
                insert.setString(3, header(r, CloudEvent.H_SUBJECT));
                insert.setLong(4, s.version());
                insert.setObject(5, time);
                insert.setObject(6, now);
                insert.addBatch();
            }
            int[] fresh = insert.executeBatch();
            try (PreparedStatement upsert = c.prepareStatement("insert into funding_view_tranche (tranche_id, round_id,"
                    + " investor, amount, state, funded_amount, expires_on, version, last_event_id, last_event_type,"
                    + " last_event_time, investor_commitment) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " on conflict (tranche_id) do update"
                    + " set round_id = excluded.round_id, investor = excluded.investor, amount = excluded.amount,"
                    + " investor_commitment = excluded.investor_commitment,"
                    + " state = excluded.state, funded_amount = excluded.funded_amount,"
                    + " expires_on = excluded.expires_on, version = excluded.version,"
                    + " last_event_id = excluded.last_event_id, last_event_type = excluded.last_event_type,"
                    + " last_event_time = excluded.last_event_time"
                    + " where funding_view_tranche.version < excluded.version")) {
                int rows = 0;
                for (int i = 0; i < fresh.length; i++) {
                    if (fresh[i] == 0) {
                        continue; // a repeat: nothing else may change
                    }
                    TrancheSnapshot s = snapshots.get(i);
                    upsert.setString(1, s.trancheId());
                    upsert.setString(2, s.roundId());
                    upsert.setString(3, s.investor());
                    upsert.setBigDecimal(4, s.amount());
                    upsert.setString(5, s.state().name());
                    upsert.setBigDecimal(6, s.fundedAmount());
                    upsert.setObject(7, s.expiresOn());
                    upsert.setLong(8, s.version());
                    upsert.setString(9, attributes.get(i)[0]);
                    upsert.setString(10, attributes.get(i)[1]);
                    upsert.setObject(11, now);
                    upsert.setBigDecimal(12, s.investorCommitment());
                    upsert.addBatch();
                    rows++;
                }
                if (rows > 0) {
                    upsert.executeBatch();
                }
            }
        }
        return keys;
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        if (h == null) {
            throw new IllegalArgumentException("record without " + name + " at " + r.topic() + "-" + r.partition()
                    + "@" + r.offset());
        }
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    // ---- the load ----

    /**
     * Sends {@code changes} changes at {@code rate} from the writers (open loop, as TrancheLoad: a tranche is
     * committed, then funded once that returned), then waits up to {@code convergeSeconds} for both consumers.
     */
    Figures run(String name, double rate, int changes, int convergeSeconds) throws Exception {
        int tranches = (changes + 1) / 2;
        String phase = runId + "-" + phases.incrementAndGet();
        List<String> rounds = openRounds(phase, (tranches + TrancheLoad.TRANCHES_PER_ROUND - 1)
                / TrancheLoad.TRANCHES_PER_ROUND);
        Queue<Committed> done = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        TrancheSchedule.Outcome outcome = TrancheSchedule.run(rate, tranches, rounds, null,
                (slot, finished) -> writers.execute(() -> {
                    try {
                        commitTranche(slot.trancheId(), slot.roundId(), slot.investor());
                        done.add(new Committed(TrancheLoad.key(slot.trancheId(), 1), System.nanoTime()));
                        relayWake.release();
                        fundTranche(slot.trancheId(), slot.roundId(), slot.investor());
                        done.add(new Committed(TrancheLoad.key(slot.trancheId(), 2), System.nanoTime()));
                        relayWake.release();
                    } catch (SQLException | RuntimeException e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, slot.trancheId() + ": " + e);
                    } finally {
                        finished.run();
                    }
                }));
        if (outcome.unfinished() > 0) {
            errors.addAndGet(outcome.unfinished());
            firstError.compareAndSet(null, outcome.unfinished() + " tranches not committed within 60 s");
        }
        long start = outcome.startNanos();
        List<Committed> committed = List.copyOf(done);
        long end = committed.stream().mapToLong(Committed::nanos).max().orElse(System.nanoTime());
        double achieved = committed.size() / Math.max(1e-9, (end - start) / 1e9);

        long converge = System.nanoTime() + TimeUnit.SECONDS.toNanos(convergeSeconds);
        int reached = 0;
        boolean converged = false;
        while (System.nanoTime() < converge) {
            while (reached < committed.size() && bothApplied(committed.get(reached).key()) >= 0) {
                reached++;
            }
            if (reached == committed.size()) {
                converged = true;
                break;
            }
            Thread.sleep(2);
        }
        List<Double> propagation = new ArrayList<>(committed.size());
        int unseen = 0;
        long lastSeen = 0;
        for (Committed c : committed) {
            long both = bothApplied(c.key());
            if (both < 0) {
                unseen++;
                continue;
            }
            lastSeen = Math.max(lastSeen, both);
            propagation.add((both - c.nanos()) / 1e6);
        }
        for (Map<String, Long> seen : applied.values()) {
            committed.forEach(c -> seen.remove(c.key()));
        }
        double catchUp = converged ? Math.max(0, (lastSeen - end) / 1e9) : Double.NaN;
        if (firstError.get() == null && unseen > 0 && problem.get() != null) {
            firstError.set(problem.get());
        }
        return new Figures(name, rate, committed.size(), errors.get(), firstError.get(), achieved,
                Stats.of(propagation), unseen, catchUp);
    }

    /** When the later of the consumers committed the change to its view (nanoTime), or -1 while one has not. */
    private long bothApplied(String key) {
        long last = -1;
        for (Map<String, Long> seen : applied.values()) {
            Long t = seen.get(key);
            if (t == null) {
                return -1;
            }
            last = Math.max(last, t);
        }
        return last;
    }

    private List<String> openRounds(String phase, int count) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = source.connect(); PreparedStatement insert = c.prepareStatement("insert into funding_round"
                + " (id, name, amount, pre_money_valuation, opened_on) values (?, ?, ?, ?, ?)")) {
            for (int i = 1; i <= Math.max(1, count); i++) {
                String id = phase + "-r" + i;
                ids.add(id);
                insert.setString(1, id);
                insert.setString(2, "load " + id);
                insert.setBigDecimal(3, COMMITMENT.multiply(BigDecimal.valueOf(TrancheLoad.INVESTORS)));
                insert.setBigDecimal(4, new BigDecimal("1000000000.00"));
                insert.setObject(5, LocalDate.parse(fundedOn));
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
        }
        return ids;
    }

    @Override
    public void close() {
        running = false;
        writers.shutdownNow();
        relayWake.release();
        consumers.forEach(KafkaConsumer::wakeup);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Connection c : writerConnections) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
    }

    // ---- the measurement, as the bench does it for the services ----

    /** The bare pipeline alone: ports and home of its own, so that it runs beside make up and make bench. */
    static final Map<String, String> ALONE_DEFAULTS = Map.of(
            "KAFKA_PORT", "49092",
            "KAFKA_CONTROLLER_PORT", "49093",
            "PG_PORT", "45432");

    /**
     * {@code bench.jar bare|bare-smoke}: an embedded PostgreSQL and broker only (no services), the floor and the bare
     * pipeline at each of BENCH_PARTITIONS; writes {@code bare-<time>.json}. Exit 1 if the pipeline lost changes.
     */
    static int alone(Path root, java.util.function.Function<String, String> env, boolean smoke, PrintStream out)
            throws Exception {
        Settings settings = Settings.fromEnvironment(root, Settings.withDefaults(env, name -> name.equals("STACK_HOME")
                ? root.resolve(".local").resolve("bench-bare").toString() : ALONE_DEFAULTS.get(name)), smoke);
        long t0 = System.nanoTime();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Machine.describe());
        List<Map<String, Object>> configs = new ArrayList<>();
        results.put("configurations", configs);
        for (int partitions : settings.partitions()) {
            StackConfig config = settings.stackConfig(partitions);
            try (BenchStack stacks = new BenchStack("bare", out)) {
                Stack stack = stacks.fresh(config);
                List<String> cp = ClassPath.childArgs();
                out.println("starting " + config.postgres().describe());
                stack.postgres().start(config.readyTimeout(), false, cp);
                for (Service s : Service.values()) {
                    String db = config.database(s);
                    stack.postgres().ensureDatabase(db, db, db);
                }
                out.println("starting Kafka on " + stack.kafka().bootstrapServers());
                stack.kafka().start(config.readyTimeout(), false, List.of("-Xms64m", "-Xmx512m"), cp, out);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("partitions", partitions);
                result.put("instancesPerConsumerService", 0);
                Stats floor = Floor.measure(stack.kafka().client(KafkaAccess.ADMIN),
                        Math.min(200, settings.floorRoundTrips()),
                        settings.floorRoundTrips());
                out.printf("floor p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", floor.p50(), floor.p99(), floor.max());
                result.put("floorMs", floor);
                result.put("barePipeline", measure(stack, partitions, settings, out));
                configs.add(result);
            }
        }
        com.fasterxml.jackson.databind.JsonNode tree = Report.publish(results, t0, settings, "bare",
                r -> Report.bareTable(r.path("configurations")), out);
        int problems = 0;
        for (com.fasterxml.jackson.databind.JsonNode c : tree.path("configurations")) {
            com.fasterxml.jackson.databind.JsonNode p = c.path("barePipeline").path("propagation");
            if (p.path("errors").asInt() > 0 || p.path("notAppliedByViews").asInt() > 0
                    || p.path("propagationMs").path("n").asInt() == 0) {
                out.println("bare pipeline propagation failed: " + p);
                problems++;
            }
        }
        return problems == 0 ? 0 : 1;
    }

    /**
     * Warm-up, propagation at the services' rate, then the bare steps until one is not sustained; on this
     * stack's PostgreSQL and broker.
     */
    static Map<String, Object> measure(Stack stack, int partitions, Settings settings, PrintStream out)
            throws Exception {
        try (BarePipeline bare = on(settings.root(), stack, partitions).start()) {
            return bare.measure(settings, out);
        }
    }

    Map<String, Object> measure(Settings settings, PrintStream out) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("writers", WRITERS);
        result.put("topic", TOPIC + " (" + partitions + " partitions)");
        out.printf("bare pipeline: warm-up %d changes at %.0f/s (not counted)%n", settings.bareWarmupChanges(),
                settings.rate());
        run("bare warm-up", settings.rate(), settings.bareWarmupChanges(), 30);
        Figures propagation = run("bare propagation", settings.rate(), settings.bareChanges(), 30);
        result.put("propagation", propagation.toMap());
        out.printf("  bare pipeline propagation (%d changes at %.0f/s): p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
                + " %d of %d applied by both consumers%n", propagation.sent(), settings.rate(),
                propagation.propagation().p50(), propagation.propagation().p99(), propagation.propagation().max(),
                propagation.propagation().n(), propagation.sent());
        List<Map<String, Object>> steps = new ArrayList<>();
        Map<String, Object> best = null;
        List<Double> rates = settings.bareSteps();
        int stepSeconds = settings.smoke() ? 1 : settings.stepSeconds();
        for (double rate : rates) {
            Figures f = run("bare step " + (int) rate + "/s", rate, Steps.changes(rate, stepSeconds), 60);
            boolean sustained = f.sustained(settings.catchUpSeconds());
            Map<String, Object> step = f.toMap();
            step.put("sustained", sustained);
            steps.add(step);
            out.printf("  bare step %.0f/s: %s, achieved %.0f/s, errors %d, consumers caught up %.2f s after the last"
                    + " commit, propagation p50 %.1f ms p99 %.1f ms%n", rate, sustained ? "sustained"
                    : "NOT sustained", f.achievedPerSecond(), f.errors(), f.catchUpSeconds(), f.propagation().p50(),
                    f.propagation().p99());
            if (!sustained) {
                break;
            }
            best = step;
        }
        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("steps", steps);
        throughput.put("sustainedPerSecond", best == null ? 0 : best.get("offeredPerSecond"));
        throughput.put("atSustained", best);
        result.put("throughput", throughput);
        return result;
    }
}
