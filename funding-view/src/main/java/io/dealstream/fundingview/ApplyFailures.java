package io.dealstream.fundingview;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells a failure to apply a batch that goes away by waiting (the database down or busy, a lock, another replica)
 * from one that comes back on every try (a value the database refuses, a rule of the code broken): the first is
 * retried for as long as it lasts, the second a few times and then dead-lettered, so that one record never stops
 * the view.
 */
final class ApplyFailures {

    /**
     * SQLSTATE classes of failures caused by the data: a data exception (a value out of range, too long, not valid
     * text) and an integrity constraint violation. Every other state is about the database and the moment (the
     * connection, a lock, a timeout, resources, even a missing table or right, which an operator puts back).
     */
    private static final Set<String> DATA_CLASSES = Set.of("22", "23");

    private ApplyFailures() {
    }

    /** Whether retrying {@code failure} later may succeed. */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordedMeanwhile) {
                return true;
            }
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // no SQLSTATE: the pool's, not the database's (no connection within the acquisition timeout)
                return state == null || state.length() < 2 || !DATA_CLASSES.contains(state.substring(0, 2));
            }
            if (t instanceof jakarta.transaction.RollbackException) {
                // rolled back by the transaction manager, not the database: its timeout
                return true;
            }
        }
        return false;
    }

    /**
     * What went wrong, in one line: the database's own message when it refused something (a JDBC batch hides it in
     * its next exception), else the failure's.
     */
    static String describe(Throwable failure) {
        Throwable told = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                told = sql.getNextException() != null ? sql.getNextException() : sql;
                break;
            }
        }
        String message = String.valueOf(told.getMessage());
        return message.lines().findFirst().orElse(message);
    }

    /** Another replica recorded an event of the batch between the look-up and the insert: the retry finds it. */
    static final class RecordedMeanwhile extends IllegalStateException {

        RecordedMeanwhile() {
            super("another consumer recorded an event of this batch meanwhile");
        }
    }
}
