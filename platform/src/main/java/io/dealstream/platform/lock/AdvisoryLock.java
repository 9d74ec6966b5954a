package io.dealstream.platform.lock;

import jakarta.persistence.EntityManager;

/**
 * PostgreSQL transaction-scoped advisory locks: replicas of a service that share a database take turns on work that
 * must not interleave (seeding, relaying, a decision read from totals). Released at commit or rollback. Every key the
 * services use is here, so that no two kinds of work ever share one.
 */
public enum AdvisoryLock {

    /** One outbox relay per database at a time, so per-key order holds (every service). */
    OUTBOX_RELAY(0x0D5_0B0L),
    /** investment-service: the deal's round and tranches are seeded once. */
    INVESTMENT_SEED(0x1_5EEDL),
    /** compute-service: the deal's commitments are seeded once. */
    COMPUTE_SEED(0xC0_5EEDL),
    /** compute-service: capacity decisions, so a new commitment and a tranche event never decide from each other's uncommitted state. */
    CAPACITY_DECISIONS(0xCA_FAC1L),
    /** distribution-service: seeding and re-evaluating the rights. */
    RIGHTS_DECISIONS(0x0D5_0D15L),
    /** funding-view (compute, distribution): a change of the partner's funding, read after the replicas' before it. */
    PARTNER_FUNDING(0xF0_FD1DL);

    private final long key;

    AdvisoryLock(long key) {
        this.key = key;
    }

    public long key() {
        return key;
    }

    /** Waits for the lock and holds it until the current transaction ends. */
    public void holdUntilCommit(EntityManager em) {
        // pg_advisory_xact_lock returns void, which no JDBC type maps; count the row it yields instead
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(?1)) as locked")
                .setParameter(1, key)
                .getSingleResult();
    }

    /** Takes the lock if it is free, held until the transaction ends; false if another transaction holds it. */
    public boolean tryHoldUntilCommit(EntityManager em) {
        Object locked = em.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                .setParameter(1, key)
                .getSingleResult();
        return Boolean.TRUE.equals(locked);
    }
}
