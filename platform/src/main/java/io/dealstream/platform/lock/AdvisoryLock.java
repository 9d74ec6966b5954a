package io.dealstream.platform.lock;

import jakarta.persistence.EntityManager;

/**
 * PostgreSQL transaction-scoped advisory locks: replicas of a service that share a database take turns on
 * work that must not interleave (seeding, a decision read from totals). Released at commit or rollback.
 */
public final class AdvisoryLock {

    private AdvisoryLock() {
    }

    /** Waits for the lock {@code key} and holds it until the current transaction ends. */
    public static void holdUntilCommit(EntityManager em, long key) {
        // pg_advisory_xact_lock returns void, which no JDBC type maps; count the row it yields instead
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(?1)) as locked")
                .setParameter(1, key)
                .getSingleResult();
    }

    /** The same for a lock named by text (hashed to PostgreSQL's key space). */
    public static void holdUntilCommit(EntityManager em, String name) {
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtext(?1))) as locked")
                .setParameter(1, name)
                .getSingleResult();
    }

    /** Takes the lock {@code key} if it is free, held until the transaction ends; false if another holds it. */
    public static boolean tryHoldUntilCommit(EntityManager em, long key) {
        Object locked = em.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                .setParameter(1, key)
                .getSingleResult();
        return Boolean.TRUE.equals(locked);
    }
}
