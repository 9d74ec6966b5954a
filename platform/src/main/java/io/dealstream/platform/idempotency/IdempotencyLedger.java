package io.dealstream.platform.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The {@code idempotency_key} table, on the connection of the transaction that answers the request. A key's row is
 * inserted before the write and holds its lock until that transaction ends: a second request with the key waits on
 * the insert, then finds the first's answer (it committed) or no row (it rolled back, and the second writes instead).
 */
final class IdempotencyLedger {

    /** What a key stands for when a request claims it. */
    sealed interface Claim {
    }

    /** A key not seen (or seen longer ago than kept): the request is written, its row now held by this transaction. */
    record FirstTime() implements Claim {
    }

    /** The key answered this very request before, at {@code answeredAt}. */
    record Replay(KeptAnswer answer, OffsetDateTime answeredAt) implements Claim {
    }

    /** The key answered another request ({@code request}, or the same one with another body). */
    record OtherRequest(String request) implements Claim {
    }

    private IdempotencyLedger() {
    }

    /**
     * Claims the key for {@code request} at {@code now}; a row recorded before {@code expiredBefore} counts as none.
     * Waits while another transaction holds the key.
     */
    static Claim claim(Connection db, KeyedRequest request, Instant now, Instant expiredBefore) throws SQLException {
        // twice at most: a row seen by the insert may be purged before the select reads it
        for (int attempt = 0; attempt < 2; attempt++) {
            if (insert(db, request, now)) {
                return new FirstTime();
            }
            try (PreparedStatement select = db.prepareStatement("select request, fingerprint, recorded_at, status,"
                    + " location, etag, content_type, body from idempotency_key"
                    + " where caller = ? and idempotency_key = ? for update")) {
                select.setString(1, request.caller());
                select.setString(2, request.key());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        continue;
                    }
                    OffsetDateTime recordedAt = row.getObject("recorded_at", OffsetDateTime.class);
                    if (recordedAt.toInstant().isBefore(expiredBefore)) {
                        reclaim(db, request, now);
                        return new FirstTime();
                    }
                    if (!row.getString("fingerprint").equals(request.fingerprint())) {
                        return new OtherRequest(row.getString("request"));
                    }
                    return new Replay(new KeptAnswer(row.getInt("status"), row.getString("location"),
                            row.getString("etag"), row.getString("content_type"), row.getString("body")),
                            recordedAt);
                }
            }
        }
        throw new IllegalStateException("idempotency key of " + request.request() + " neither inserted nor found");
    }

    /** Records the answer of the key claimed for {@code request}. */
    static void keep(Connection db, KeyedRequest request, KeptAnswer answer) throws SQLException {
        int updated = update(db, "update idempotency_key set status = ?, location = ?, etag = ?, content_type = ?,"
                + " body = ? where caller = ? and idempotency_key = ?", answer.status(), answer.location(),
                answer.etag(), answer.contentType(), answer.body(), request.caller(), request.key());
        if (updated != 1) {
            throw new IllegalStateException("the idempotency key of " + request.request() + " is not claimed");
        }
    }

    /** Deletes up to {@code most} rows recorded before {@code expiredBefore}, passing over rows others hold. */
    static int purge(Connection db, Instant expiredBefore, int most) throws SQLException {
        return update(db, "delete from idempotency_key where (caller, idempotency_key) in (select caller,"
                + " idempotency_key from idempotency_key where recorded_at < ? order by recorded_at limit ?"
                + " for update skip locked)", utc(expiredBefore), most);
    }

    private static boolean insert(Connection db, KeyedRequest request, Instant now) throws SQLException {
        return update(db, "insert into idempotency_key (caller, idempotency_key, request, fingerprint, recorded_at)"
                + " values (?, ?, ?, ?, ?) on conflict do nothing", request.caller(), request.key(), request.request(),
                request.fingerprint(), utc(now)) == 1;
    }

    /** An expired row taken over by a new request: as if it had been purged and inserted anew. */
    private static void reclaim(Connection db, KeyedRequest request, Instant now) throws SQLException {
        update(db, "update idempotency_key set request = ?, fingerprint = ?, recorded_at = ?, status = null,"
                + " location = null, etag = null, content_type = null, body = null"
                + " where caller = ? and idempotency_key = ?", request.request(), request.fingerprint(), utc(now),
                request.caller(), request.key());
    }

    /** Runs {@code sql} with {@code values} for its parameters, in order; returns the rows it changed. */
    private static int update(Connection db, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            return statement.executeUpdate();
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
